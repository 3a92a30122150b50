/**
 * ChoiceDescription: one choice offered by PromptForChoice and PromptForChoiceMultipleSelection (its label with
 * the hotkey marked, and its help message).
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import { checkString, fields, hostMember, member, readHostList, readHostObject, readHostOptionalString, readHostString } from './host-encoding.js';

export interface ChoiceDescription {
  /** The choice's label; `&` marks the hotkey (`&Yes`). */
  readonly label: string;
  readonly helpMessage: string;
}

export function fromChoiceDescription(value: PsValue | undefined, what = 'ChoiceDescription'): ChoiceDescription {
  const object = readHostObject(value, what);
  return {
    label: readHostString(member(object, 'label', what), `${what}.label`),
    helpMessage: readHostOptionalString(hostMember(object, 'helpMessage'), `${what}.helpMessage`) ?? '',
  };
}

export function toChoiceDescription(value: ChoiceDescription): PSObject {
  return fields({ label: checkString(value.label, 'ChoiceDescription.label'), helpMessage: value.helpMessage });
}

export function fromChoiceDescriptions(value: PsValue | undefined, what = 'choices'): ChoiceDescription[] {
  return readHostList(value, what).map((item, index) => fromChoiceDescription(item, `${what}[${index}]`));
}
