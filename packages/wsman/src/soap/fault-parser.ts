/**
 * @module soap/fault-parser
 * Reads a SOAP 1.2 fault (s:Fault) and its Windows detail (f:WSManFault) into a WSManFaultError.
 */
import { WSManFaultError } from '../errors.js';
import { NS_SOAP, NS_WSMAN, NS_WSMAN_FAULT } from '../namespaces.js';
import { findChild, findDescendant, findPath, type XmlElement } from './xml-element.js';

/** Windows' number for "the operation did not complete within OperationTimeout" (0x80338029). */
export const WSMAN_FAULT_CODE_TIMED_OUT = 0x80338029;
const SUBCODE_TIMED_OUT = 'TimedOut';

function localPart(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.indexOf(':') + 1);
}

function parseFaultNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) ? value : null;
}

/** The fault in this envelope's body as an error, or null when the body holds no s:Fault. */
export function parseFault(body: XmlElement, status: number): WSManFaultError | null {
  const fault = findChild(body, NS_SOAP, 'Fault');
  if (fault === undefined) return null;
  const code = findChild(fault, NS_SOAP, 'Code');
  const faultCode = code === undefined ? '' : (findChild(code, NS_SOAP, 'Value')?.text.trim() ?? '');
  const subcode = code === undefined ? undefined : findPath(code, [[NS_SOAP, 'Subcode'], [NS_SOAP, 'Value']]);
  const reason = findPath(fault, [[NS_SOAP, 'Reason'], [NS_SOAP, 'Text']])?.text ?? '';
  const detail = findChild(fault, NS_SOAP, 'Detail');
  const wsmanFault = detail === undefined ? undefined : findDescendant(detail, NS_WSMAN_FAULT, 'WSManFault');
  const message = wsmanFault === undefined ? undefined : findDescendant(wsmanFault, NS_WSMAN_FAULT, 'Message');
  const faultDetail = detail === undefined ? undefined : findChild(detail, NS_WSMAN, 'FaultDetail');
  return new WSManFaultError(
    {
      faultCode,
      subcode: subcode?.text.trim() ?? null,
      reason: reason.trim(),
      wsmanFaultCode: parseFaultNumber(wsmanFault?.attributes.get('Code')),
      machine: wsmanFault?.attributes.get('Machine') ?? null,
      wsmanMessage: message === undefined ? null : collectText(message).trim(),
      faultDetail: faultDetail?.text.trim() ?? null,
    },
    status,
  );
}

/** f:Message may wrap provider elements (f:ProviderFault...); their text is the real message. */
function collectText(element: XmlElement): string {
  return element.text + element.children.map(collectText).join('');
}

/** True for the fault a Receive gets when no output arrived within OperationTimeout. */
export function isTimedOutFault(fault: WSManFaultError): boolean {
  return (
    (fault.subcode !== null && localPart(fault.subcode) === SUBCODE_TIMED_OUT) ||
    fault.wsmanFaultCode === WSMAN_FAULT_CODE_TIMED_OUT
  );
}
