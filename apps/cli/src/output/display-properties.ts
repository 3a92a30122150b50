/**
 * Which properties of an object people see by default: its type's DefaultDisplayPropertySet. An object may carry
 * it (PSStandardMembers, when the sender serialized one); otherwise the server's type data knows it for its own
 * types (`Get-TypeData System.Diagnostics.Process` says Id, Handles, CPU, SI, Name), and PowerShell does not send
 * it with the object. The catalog asks a server once per type name, on a second runspace of the same pool, and
 * remembers the answer (or that there is none) for every target.
 */
import { PSMemberSet, PSObject, type PsValue } from '@psrp/clixml';

const DESERIALIZED_PREFIX = 'Deserialized.';
/** Types the server has no type data for: asking would only cost a round trip. */
const NEVER_ASKED = /^(System\.Management\.Automation\.PSCustomObject|System\.Object|Selected\..*|System\.Collections\.Hashtable)$/;

/** Asks one server for the default display properties of a type (null: it has none). */
export type TypeDataQuery = (typeName: string) => Promise<readonly string[] | null>;

/** The script a TypeDataQuery runs: the names, one per output object, or nothing. */
export const TYPE_DATA_SCRIPT =
  'param($Name) $data = Get-TypeData -TypeName ([WildcardPattern]::Escape($Name)) | Select-Object -First 1; ' +
  'if ($data -and $data.DefaultDisplayPropertySet) { [string[]]$data.DefaultDisplayPropertySet.ReferencedProperties }';

export class DisplayPropertyCatalog {
  readonly #known = new Map<string, readonly string[] | null>();
  readonly #asking = new Map<string, Promise<void>>();

  /** What the view shows for `object`, if known now. */
  lookup(object: PSObject): readonly string[] | null {
    return fromStandardMembers(object) ?? this.#known.get(typeKey(object) ?? '') ?? null;
  }

  /** Learns the display set of `object`'s type from `query` unless it is known, carried, or being asked already. */
  async learn(object: PSObject, query: TypeDataQuery): Promise<void> {
    const key = typeKey(object);
    if (key === null || this.#known.has(key) || NEVER_ASKED.test(key) || fromStandardMembers(object)) return;
    let asking = this.#asking.get(key);
    if (!asking) {
      asking = query(key)
        .then((names) => void this.#known.set(key, names && names.length > 0 ? names : null))
        .catch(() => void this.#known.set(key, null))
        .finally(() => this.#asking.delete(key));
      this.#asking.set(key, asking);
    }
    await asking;
  }
}

function typeKey(object: PSObject): string | null {
  const name = object.typeNames[0];
  if (!name) return null;
  return name.startsWith(DESERIALIZED_PREFIX) ? name.slice(DESERIALIZED_PREFIX.length) : name;
}

/** PSStandardMembers.DefaultDisplayPropertySet as a sender may serialize it (a property set object or a name list). */
export function fromStandardMembers(object: PSObject): readonly string[] | null {
  const members = object.extended.PSStandardMembers;
  if (!(members instanceof PSMemberSet)) return null;
  const set = members.members.DefaultDisplayPropertySet;
  const names = nameList(set instanceof PSObject ? (set.get('ReferencedPropertyNames') ?? set.baseValue ?? null) : set instanceof PSMemberSet ? (set.members.ReferencedPropertyNames ?? null) : (set ?? null));
  return names && names.length > 0 ? names : null;
}

function nameList(value: PsValue | undefined): string[] | null {
  const list = value instanceof PSObject ? value.baseValue : value;
  if (!Array.isArray(list)) return null;
  const names = list.filter((item): item is string => typeof item === 'string');
  return names.length === list.length ? names : null;
}
