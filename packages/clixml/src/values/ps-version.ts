/**
 * @module ps-version
 * `<Version>`: a System.Version, `major.minor[.build[.revision]]` (MS-PSRP 2.2.5.1.21).
 */
import { ClixmlValueError } from '../errors.js';

const VERSION_PATTERN = /^(\d{1,10})\.(\d{1,10})(?:\.(\d{1,10})(?:\.(\d{1,10}))?)?$/;
const MAX_COMPONENT = 0x7fffffff;
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
    const components = [major, minor, build, revision];
    const valid =
      components.every((component) => Number.isInteger(component) && component >= ABSENT && component <= MAX_COMPONENT) &&
      major >= 0 &&
      minor >= 0 &&
      !(build === ABSENT && revision !== ABSENT);
    if (!valid) throw new ClixmlValueError('Version', components.join('.'), 'invalid version components');
    this.major = major;
    this.minor = minor;
    this.build = build;
    this.revision = revision;
  }

  static parse(text: string): PSVersion {
    const match = VERSION_PATTERN.exec(text.trim());
    if (match === null) throw new ClixmlValueError('Version', text, 'expected major.minor[.build[.revision]]');
    const [, major, minor, build, revision] = match;
    const numbers = [major, minor, build, revision].map((part) => (part === undefined ? ABSENT : Number(part)));
    if (numbers.some((component) => component > MAX_COMPONENT)) {
      throw new ClixmlValueError('Version', text, 'a component exceeds Int32.MaxValue');
    }
    return new PSVersion(numbers[0] ?? 0, numbers[1] ?? 0, numbers[2], numbers[3]);
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
