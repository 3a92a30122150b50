/**
 * Output objects for programs as CLIXML, the format of Export-Clixml: one `<Objs>` document that PowerShell's
 * Import-Clixml reads back as the same objects, type names and all. Written object by object: each is serialized on
 * its own and its RefIds moved past those already written, so that the document's ids stay unique. Unless
 * --hide-computer-name, every object carries a PSComputerName note property, as Invoke-Command's output does.
 */
import { PSObject, serialize, type PsValue } from '@psrp/clixml';
import type { ConsoleWriter } from './console-writer.js';

const OBJS_OPEN = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';
const OBJS_CLOSE = '</Objs>';
/** RefId attributes of object and type-name definitions and references (text content has its `<` escaped). */
const REF_ID_PATTERN = /<(Obj|Ref|TN|TNRef)\b([^>]*?)\bRefId="(\d+)"/g;

export class ClixmlOutput {
  readonly #console: ConsoleWriter;
  readonly #showComputerName: boolean;
  #started = false;
  #objectIds = 0;
  #typeNameIds = 0;

  constructor(console: ConsoleWriter, options: { readonly showComputerName: boolean }) {
    this.#console = console;
    this.#showComputerName = options.showComputerName;
  }

  write(computerName: string, value: unknown): Promise<void> | void {
    const tagged = this.#showComputerName ? withComputerName(value as PsValue, computerName) : (value as PsValue);
    const text = this.#renumber(serialize(tagged));
    const head = this.#started ? '' : OBJS_OPEN;
    this.#started = true;
    return this.#console.out(head + text);
  }

  end(): Promise<void> | void {
    return this.#console.out(`${this.#started ? '' : OBJS_OPEN}${OBJS_CLOSE}\n`);
  }

  #renumber(xml: string): string {
    const objectBase = this.#objectIds;
    const typeNameBase = this.#typeNameIds;
    const renumbered = xml.replace(REF_ID_PATTERN, (_match, tag: string, between: string, id: string) => {
      const typeName = tag === 'TN' || tag === 'TNRef';
      const moved = Number(id) + (typeName ? typeNameBase : objectBase);
      if (typeName) this.#typeNameIds = Math.max(this.#typeNameIds, moved + 1);
      else this.#objectIds = Math.max(this.#objectIds, moved + 1);
      return `<${tag}${between}RefId="${moved}"`;
    });
    return renumbered;
  }
}

/** The value with a PSComputerName note property; a primitive becomes an `<Obj>` around it, as PowerShell wraps one. */
function withComputerName(value: PsValue, computerName: string): PsValue {
  if (value instanceof PSObject) {
    return new PSObject({
      typeNames: value.typeNames,
      toStringValue: value.toStringValue,
      adapted: value.adapted,
      extended: { ...value.extended, PSComputerName: computerName },
      baseValue: value.baseValue,
    });
  }
  if (value === null) return null;
  return new PSObject({ baseValue: value, extended: { PSComputerName: computerName } });
}
