/**
 * @module errors
 * Every failure @psrp/clixml reports. Users match on `code`; the fields carry what went wrong and where.
 */

interface ClixmlErrorOptions {
  cause?: unknown;
}

/** Base class of every error this package throws. */
export abstract class ClixmlError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ClixmlErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // new.target keeps the subclass name without each subclass repeating it.
    this.name = new.target.name;
  }
}

/** The input is not well-formed XML, or not a valid CLIXML structure. `offset` is a UTF-16 index into the input. */
export class ClixmlParseError extends ClixmlError {
  readonly code = 'CLIXML_ERR_PARSE';
  readonly offset: number;

  constructor(message: string, offset: number, options?: ClixmlErrorOptions) {
    super(`${message} (at offset ${offset})`, options);
    this.offset = offset;
  }
}

/** DOCTYPE, ENTITY or a processing instruction: markup CLIXML never uses and that enables entity attacks. */
export class ClixmlForbiddenMarkupError extends ClixmlError {
  readonly code = 'CLIXML_ERR_FORBIDDEN_MARKUP';
  readonly offset: number;
  readonly markup: string;

  constructor(markup: string, offset: number) {
    super(`${markup} is not allowed in CLIXML (at offset ${offset})`);
    this.offset = offset;
    this.markup = markup;
  }
}

/** Names of the configurable decoder limits (see DeserializeOptions) and the serializer's depth limit. */
export type ClixmlLimitName = 'maxInputLength' | 'maxDepth' | 'maxElements' | 'maxStringLength';

/** A size, depth or count limit was exceeded. Raise the named option if the input is trusted. */
export class ClixmlLimitError extends ClixmlError {
  readonly code = 'CLIXML_ERR_LIMIT';
  readonly limit: ClixmlLimitName;
  readonly max: number;

  constructor(limit: ClixmlLimitName, max: number, where: string) {
    super(`${where} exceeds ${limit} (${max}); raise the ${limit} option if the input is trusted`);
    this.limit = limit;
    this.max = max;
  }
}

/**
 * A `<Ref>` or `<TNRef>` names a RefId that was not defined earlier in the same document (or, for a
 * streaming reader, one it no longer keeps: see maxRetainedReferences).
 */
export class ClixmlReferenceError extends ClixmlError {
  readonly code = 'CLIXML_ERR_REF';
  readonly refId: string;
  readonly refKind: 'object' | 'typeNames';

  constructor(refKind: 'object' | 'typeNames', refId: string, offset: number, hint = '') {
    const element = refKind === 'object' ? 'Ref' : 'TNRef';
    super(`<${element} RefId="${refId}"> refers to no earlier definition${hint} (at offset ${offset})`);
    this.refId = refId;
    this.refKind = refKind;
  }
}

/** The text of a primitive element is not a valid value of its type (e.g. `<I32>abc</I32>`). */
export class ClixmlValueError extends ClixmlError {
  readonly code = 'CLIXML_ERR_VALUE';
  readonly tag: string;
  readonly text: string;

  constructor(tag: string, text: string, reason: string, options?: ClixmlErrorOptions) {
    const shown = text.length > MAX_TEXT_IN_MESSAGE ? `${text.slice(0, MAX_TEXT_IN_MESSAGE)}...` : text;
    super(`<${tag}> value ${JSON.stringify(shown)} is invalid: ${reason}`, options);
    this.tag = tag;
    this.text = shown;
  }
}

/** serialize() was given a value it cannot represent in CLIXML. */
/** Where in a value the writer is, as a JS path for an error: `$.Args[2]`, `$["a b"]`, `$[key]` for a dictionary key. */
export function formatValuePath(segments: readonly unknown[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string') path += /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    else path += `[${String(segment)}]`;
  }
  return path;
}

export class ClixmlSerializeError extends ClixmlError {
  readonly code = 'CLIXML_ERR_SERIALIZE';
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} at ${path}`);
    this.path = path;
  }
}

/**
 * The caller misused the API: a non-string input (`deserialize(null)`), an invalid option (a limit that is
 * NaN, negative or not an integer), or a call out of order on a streaming reader. `argument` names it.
 */
export class ClixmlArgumentError extends ClixmlError {
  readonly code = 'CLIXML_ERR_ARGUMENT';
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** Keeps error messages short when hostile input puts megabytes into one element. */
const MAX_TEXT_IN_MESSAGE = 64;
