/**
 * @module planned-members
 * Writing a plain object's members along the plan of its shape (see member-plans): the writer hands over its output
 * and its general way of writing one member, for the members the plan does not cover.
 */
import type { ClixmlOutput, Markup } from "./clixml-output.js";
import type { PsPlainObject, PsSerializable } from "./clixml-writer.js";
import {
  findMemberPlan,
  KIND_BOOLEAN,
  KIND_DATE,
  KIND_DOUBLE,
  KIND_INT32,
  KIND_INT64,
  KIND_OTHER,
  KIND_STRING,
  MAX_KIND_MISSES,
  type MemberPlan,
  NO_PLAN,
  rememberMemberPlan,
  valueKind,
  type ValueKind,
} from "./member-plans.js";
import { ESCAPED_IN_ELEMENT } from "./string-escaping.js";
import {
  BOOLEAN_FALSE,
  BOOLEAN_TRUE,
  TAG_START,
  tagMarkup,
} from "./tag-markup.js";

const MEMBERS = tagMarkup("MS");
const MEMBERS_START = MEMBERS.unnamed[TAG_START];
const MEMBERS_END = MEMBERS.end;
const OBJECT_END = tagMarkup("Obj").end;

/** The names and kinds of a plain object's members, collected for its plan. */
interface MemberShape {
  names: string[];
  kinds: ValueKind[];
}

/**
 * Writes a plain object's members as notes (`<MS>`) and the object's end tag: along the plan of its shape when there
 * is one (see member-plans), one piece of markup and the value per member. A member of another kind than planned is written the
 * general way, and the plan goes on after it. Where the names part from the plan (another name, more or fewer
 * members) the rest is written the general way, and the object's own shape becomes the plan. `writeGenerally` writes
 * one member whole, start tag and all, the general way.
 */
export function writePlainMembers(
  output: ClixmlOutput,
  members: PsPlainObject,
  writeGenerally: (member: string, item: PsSerializable) => void
): void {
  let plan: MemberPlan | undefined;
  let index = 0;
  // Whether the member before was written along the plan: its end tag is then part of the next piece.
  let endPending = false;
  // The names and kinds met, collected for a plan when the object has none or parts from it.
  let shape: MemberShape | undefined;
  // The kinds met along the plan, made at the first member of another kind than planned.
  let kindsMet: ValueKind[] | undefined;
  for (const member in members) {
    const item = members[member];
    if (index === 0 && plan === undefined && shape === undefined) {
      const found = findMemberPlan(member);
      if (found === undefined || found === NO_PLAN) {
        output.markup(MEMBERS_START);
        if (found === undefined) shape = { names: [], kinds: [] };
        index = -1;
      } else plan = found;
    }
    if (plan !== undefined) {
      if (plan.names[index] === member) {
        const kind = valueKind(item);
        if (plan.kinds[index] === kind && kind !== KIND_OTHER) {
          output.markup(
            (index === 0 || endPending
              ? plan.joined[index]
              : plan.starts[index]) as Markup
          );
          writePlannedValue(output, kind, item);
          endPending = true;
        } else {
          // Written the general way (an object, or another kind than planned); the plan goes on after it.
          if (kind !== KIND_OTHER || plan.kinds[index] !== KIND_OTHER)
            (kindsMet ??= plan.kinds.slice())[index] = kind;
          leavePlan(output, plan, index, endPending);
          writeGenerally(member, item);
          endPending = false;
        }
        index++;
        continue;
      }
      // The names part from the plan: the rest the general way.
      leavePlan(output, plan, index, endPending);
      endPending = false;
      shape = {
        names: plan.names.slice(0, index),
        kinds: (kindsMet ?? plan.kinds).slice(0, index),
      };
      plan = undefined;
    }
    if (shape !== undefined) {
      shape.names.push(member);
      shape.kinds.push(valueKind(item));
    }
    writeGenerally(member, item);
  }
  if (plan !== undefined) {
    if (index === plan.names.length) {
      if (kindsMet === undefined) {
        if (plan.misses > 0) plan.misses--;
      } else if (++plan.misses > MAX_KIND_MISSES) {
        shape = { names: plan.names.slice(), kinds: kindsMet };
      }
      if (endPending) {
        output.markup(plan.last);
        if (shape !== undefined) rememberMemberPlan(shape.names, shape.kinds);
        return;
      }
    } else {
      // Fewer members than planned: this object's shape is the likelier next.
      shape = {
        names: plan.names.slice(0, index),
        kinds: (kindsMet ?? plan.kinds).slice(0, index),
      };
    }
    leavePlan(output, plan, index, endPending);
  }
  if (index !== 0) output.markup(MEMBERS_END);
  output.markup(OBJECT_END);
  if (shape !== undefined) rememberMemberPlan(shape.names, shape.kinds);
}

/** Before member `index` is written the general way: `<MS>`, or the end tag the plan left pending. */
function leavePlan(
  output: ClixmlOutput,
  plan: MemberPlan,
  index: number,
  endPending: boolean
): void {
  if (index === 0) output.markup(MEMBERS_START);
  else if (endPending) output.markup(plan.ends[index - 1] as Markup);
}

/** A value whose start tag the plan wrote (and whose end tag it writes). */
function writePlannedValue(
  output: ClixmlOutput,
  kind: ValueKind,
  item: PsSerializable
): void {
  switch (kind) {
    case KIND_INT32:
    case KIND_INT64:
      output.integer(item as number);
      return;
    case KIND_DOUBLE:
      output.double(item as number);
      return;
    case KIND_STRING:
      output.text(item as string, ESCAPED_IN_ELEMENT);
      return;
    case KIND_BOOLEAN:
      output.markup(item ? BOOLEAN_TRUE : BOOLEAN_FALSE);
      return;
    case KIND_DATE:
      output.dateTime((item as Date).getTime(), "Utc", 0, 0);
      return;
    default:
    // KIND_NIL: the plan's piece is the whole element.
  }
}
