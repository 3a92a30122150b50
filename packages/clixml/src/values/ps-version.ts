/**
 * @module ps-version
 * `<Version>`: a System.Version, `major.minor[.build[.revision]]` (MS-PSRP 2.2.5.1.21).
 */
import { ClixmlValueError } from '../errors.js';

const MAX_COMPONENT = 0x7fffffff;
/** Digits one component may have (XmlConvert reads `\d{1,10}`, then checks the Int32 range). */
const MAX_COMPONENT_DIGITS = 10;
const MAX_COMPONENTS = 4;
const MIN_COMPONENTS = 2;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/** .NET marks an absent build or revision with -1. */
const ABSENT = -1;

export class PSVersion {
  readonly major: number;
  readonly minor: number;
  /** -1 when absent, as in .NET. */
  readonly build: number;
  /** -1 when absent, as in .NET; only present together with build. */
  readonly revision: number;

  constructor(major: number, minor: number, build: number = ABSENT, revision: number = ABSENT) {
    const valid =
      isComponent(major) &&
      isComponent(minor) &&
      isComponent(build) &&
      isComponent(revision) &&
      major >= 0 &&
      minor >= 0 &&
      !(build === ABSENT && revision !== ABSENT);
    if (!valid) throw new ClixmlValueError('Version', [major, minor, build, revision].join('.'), 'invalid version components');
    this.major = major;
    this.minor = minor;
    this.build = build;
    this.revision = revision;
  }

  /** `major.minor[.build[.revision]]`, 1-10 ASCII digits each, surrounding whitespace allowed; read by hand (no regex, no arrays). */
  static parse(text: string): PSVersion {
    const trimmed = text.trim();
    const components = [ABSENT, ABSENT, ABSENT, ABSENT];
    let count = 0;
    let value = 0;
    let digits = 0;
    for (let index = 0; index <= trimmed.length; index++) {
      // The end of the text closes the last component as a dot would.
      const code = index < trimmed.length ? trimmed.charCodeAt(index) : DOT;
      if (code >= DIGIT_ZERO && code <= DIGIT_NINE && digits < MAX_COMPONENT_DIGITS) {
        value = value * 10 + (code - DIGIT_ZERO);
        digits++;
        continue;
      }
      if (code !== DOT || digits === 0 || count === MAX_COMPONENTS) {
        throw new ClixmlValueError('Version', text, 'expected major.minor[.build[.revision]]');
      }
      components[count++] = value;
      value = 0;
      digits = 0;
    }
    if (count < MIN_COMPONENTS) throw new ClixmlValueError('Version', text, 'expected major.minor[.build[.revision]]');
    const [major = 0, minor = 0, build, revision] = components;
    if (major > MAX_COMPONENT || minor > MAX_COMPONENT || (build ?? 0) > MAX_COMPONENT || (revision ?? 0) > MAX_COMPONENT) {
      throw new ClixmlValueError('Version', text, 'a component exceeds Int32.MaxValue');
    }
    return new PSVersion(major, minor, build, revision);
  }

  toString(): string {
    let text = `${this.major}.${this.minor}`;
    if (this.build !== ABSENT) text += `.${this.build}`;
    if (this.revision !== ABSENT) text += `.${this.revision}`;
    return text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function isComponent(value: number): boolean {
  return Number.isInteger(value) && value >= ABSENT && value <= MAX_COMPONENT;
}
