/**
 * @module member-plans
 * The markup of a plain object's members when its shape was met before, fused: the objects a JS program sends are
 * mostly many of one shape, with values of the same kinds, so everything between two values is known in advance
 * (`</I32><S N="Name">`). A plan holds that markup per member; the writer copies one piece per member instead of a
 * start tag looked up by name and an end tag, and dispatches on the kind the plan expects (measured: a third faster on
 * objects of six Int32 notes). Deserialized objects are written the general way: most of their members are objects
 * (dates, enums, nested objects), where a plan saved nothing and its checks cost a few percent.
 *
 * Plans depend on nothing but the names and kinds, so every writer shares them; they are found by the first member's
 * name. A member whose value is of another kind than planned (a Double that happens to be whole) is written the general
 * way and the plan goes on (when that happens to most objects, the kinds met become the plan); an object whose names
 * part from the plan is finished the general way, and its shape becomes the plan (see ClixmlWriter).
 */
import { markup, type Markup } from './clixml-output.js';
import { INTEGER_RANGES } from './values/ps-number.js';
import { nameAttribute } from './tag-markup.js';

const [INT32_MIN, INT32_MAX] = INTEGER_RANGES.I32;

/** What a member's value is written as; OTHER is anything the writer's general path writes, start tag and all. */
export const KIND_INT32 = 0;
export const KIND_INT64 = 1;
export const KIND_DOUBLE = 2;
export const KIND_STRING = 3;
export const KIND_BOOLEAN = 4;
export const KIND_DATE = 5;
export const KIND_NIL = 6;
export const KIND_OTHER = 7;
export type ValueKind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The element each planned kind is written in (NIL's is empty). */
const KIND_TAGS = ['I32', 'I64', 'Db', 'S', 'B', 'DT', 'Nil'] as const;
/** Where a plain object's members go, and what follows them. */
const SET_START = '<MS>';
const SET_AND_OBJECT_END = '</MS></Obj>';

/**
 * Int32 when it fits, Int64 for larger safe integers, Double otherwise (fractions, -0, NaN, beyond 2^53): the writer's
 * own choice for a number (ClixmlWriter's #writeNumber makes it in place), which a plan must match.
 */
export function numberKind(value: number): ValueKind {
  if (Number.isInteger(value) && !Object.is(value, -0)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return KIND_INT32;
    if (Number.isSafeInteger(value)) return KIND_INT64;
  }
  return KIND_DOUBLE;
}

/** The kind a member's value is written as (a Date exactly, not a subclass such as PSDateTime, is a DATE). */
export function valueKind(value: unknown): ValueKind {
  if (typeof value === 'string') return KIND_STRING;
  if (typeof value === 'number') return numberKind(value);
  if (typeof value === 'boolean') return KIND_BOOLEAN;
  if (typeof value === 'object') {
    if (value === null) return KIND_NIL;
    return Object.getPrototypeOf(value) === Date.prototype ? KIND_DATE : KIND_OTHER;
  }
  return value === undefined ? KIND_NIL : KIND_OTHER;
}

export interface MemberPlan {
  readonly names: readonly string[];
  readonly kinds: readonly ValueKind[];
  /** Before value `i`: `<MS>` (i = 0) or the end of member i - 1, then the start of member i. */
  readonly joined: readonly Markup[];
  /** The start of member `i` alone (after a member written the general way). */
  readonly starts: readonly Markup[];
  /** The end of member `i` alone (before a member written the general way). */
  readonly ends: readonly Markup[];
  /** The end of the last member, `</MS></Obj>`. */
  readonly last: Markup;
  /** Plans made for the first name so far, this one included. */
  readonly made: number;
  /**
   * Objects lately met with members of other kinds than planned, less those met without: past MAX_KIND_MISSES the plan
   * is made again from the kinds met (a plan made from a first object whose Double happened to be whole expected Int32).
   */
  misses: number;
}

/** Members a plan holds at most (a larger object is written the general way). */
const MAX_PLANNED_MEMBERS = 256;
/** Plans kept at most; past this the cache starts again (so that it cannot grow without end). */
const MAX_PLANS = 4096;
/** See MemberPlan.misses. */
export const MAX_KIND_MISSES = 4;
/** Plans made for one first name at most: past this its objects differ too often for a plan to pay. */
const MAX_PLANS_PER_NAME = 8;

/** By first name: the plan, or (a number) how many were made before the name stopped getting more. */
const plans = new Map<string, MemberPlan | number>();

/** What findMemberPlan says when a first name has had too many plans: write its objects the general way, plan none. */
export const NO_PLAN = 0;

/**
 * The plan for a plain object whose first member is `firstName`; NO_PLAN when the name's objects are not to be
 * planned; undefined when there is none yet (the object's names and kinds are worth collecting for rememberMemberPlan).
 */
export function findMemberPlan(firstName: string): MemberPlan | typeof NO_PLAN | undefined {
  const found = plans.get(firstName);
  return typeof found === 'number' ? NO_PLAN : found;
}

function startOf(kind: ValueKind, name: string): string {
  if (kind === KIND_OTHER) return '';
  const tag = KIND_TAGS[kind];
  return kind === KIND_NIL ? `<${tag}${nameAttribute(name)} />` : `<${tag}${nameAttribute(name)}>`;
}

function endOf(kind: ValueKind): string {
  return kind === KIND_OTHER || kind === KIND_NIL ? '' : `</${KIND_TAGS[kind]}>`;
}

/**
 * Makes the plan of a plain object just written, from the names and kinds of its members, unless its first name has
 * had too many plans already. Replaces the plan the name had.
 */
export function rememberMemberPlan(names: readonly string[], kinds: readonly ValueKind[]): void {
  const firstName = names[0];
  if (firstName === undefined || names.length > MAX_PLANNED_MEMBERS) return;
  const earlier = plans.get(firstName);
  if (typeof earlier === 'number') return;
  const made = earlier === undefined ? 1 : earlier.made + 1;
  if (made > MAX_PLANS_PER_NAME) {
    plans.set(firstName, made);
    return;
  }
  if (plans.size >= MAX_PLANS) plans.clear();
  const joined: Markup[] = [];
  const starts: Markup[] = [];
  const ends: Markup[] = [];
  let end = SET_START;
  for (let index = 0; index < names.length; index++) {
    const kind = kinds[index] as ValueKind;
    const start = startOf(kind, names[index] as string);
    joined.push(markup(end + start));
    starts.push(markup(start));
    end = endOf(kind);
    ends.push(markup(end));
  }
  plans.set(firstName, { names, kinds, joined, starts, ends, last: markup(end + SET_AND_OBJECT_END), made, misses: 0 });
}
