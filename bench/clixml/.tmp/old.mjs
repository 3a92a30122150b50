// old/packages/clixml/src/element-names.ts
var ELEMENT = {
  objects: "Objs",
  object: "Obj",
  reference: "Ref",
  typeNames: "TN",
  typeNamesReference: "TNRef",
  typeName: "T",
  toString: "ToString",
  adaptedProperties: "Props",
  memberSet: "MS",
  list: "LST",
  enumerable: "IE",
  stack: "STK",
  queue: "QUE",
  dictionary: "DCT",
  dictionaryEntry: "En",
  nil: "Nil",
  string: "S",
  progressRecord: "PR"
};
var ATTRIBUTE = {
  name: "N",
  refId: "RefId",
  stream: "S"
};
var DICTIONARY_KEY = "Key";
var DICTIONARY_VALUE = "Value";
var PRIMITIVE_TAGS = [
  "S",
  "C",
  "B",
  "DT",
  "TS",
  "By",
  "SB",
  "U16",
  "I16",
  "U32",
  "I32",
  "U64",
  "I64",
  "Sg",
  "Db",
  "D",
  "BA",
  "G",
  "URI",
  "Version",
  "XD",
  "SBK",
  "SS"
];
var PROGRESS_FIELD = {
  activity: "AV",
  activityId: "AI",
  currentOperation: "CO",
  parentActivityId: "PI",
  percentComplete: "PC",
  recordType: "T",
  secondsRemaining: "SR",
  statusDescription: "SD"
};
var OBJECTS_VERSION = "1.1.0.1";
var OBJECTS_NAMESPACE = "http://schemas.microsoft.com/powershell/2004/04";

// old/packages/clixml/src/errors.ts
var ClixmlError = class extends Error {
  constructor(message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
  }
};
var ClixmlParseError = class extends ClixmlError {
  code = "CLIXML_ERR_PARSE";
  offset;
  constructor(message, offset, options) {
    super(`${message} (at offset ${offset})`, options);
    this.offset = offset;
  }
};
var ClixmlForbiddenMarkupError = class extends ClixmlError {
  code = "CLIXML_ERR_FORBIDDEN_MARKUP";
  offset;
  markup;
  constructor(markup, offset) {
    super(`${markup} is not allowed in CLIXML (at offset ${offset})`);
    this.offset = offset;
    this.markup = markup;
  }
};
var ClixmlLimitError = class extends ClixmlError {
  code = "CLIXML_ERR_LIMIT";
  limit;
  max;
  constructor(limit, max, where) {
    super(`${where} exceeds ${limit} (${max}); raise the ${limit} option if the input is trusted`);
    this.limit = limit;
    this.max = max;
  }
};
var ClixmlReferenceError = class extends ClixmlError {
  code = "CLIXML_ERR_REF";
  refId;
  refKind;
  constructor(refKind, refId, offset) {
    const element = refKind === "object" ? "Ref" : "TNRef";
    super(`<${element} RefId="${refId}"> refers to no earlier definition (at offset ${offset})`);
    this.refId = refId;
    this.refKind = refKind;
  }
};
var ClixmlValueError = class extends ClixmlError {
  code = "CLIXML_ERR_VALUE";
  tag;
  text;
  constructor(tag, text, reason, options) {
    const shown = text.length > MAX_TEXT_IN_MESSAGE ? `${text.slice(0, MAX_TEXT_IN_MESSAGE)}...` : text;
    super(`<${tag}> value ${JSON.stringify(shown)} is invalid: ${reason}`, options);
    this.tag = tag;
    this.text = shown;
  }
};
var ClixmlSerializeError = class extends ClixmlError {
  code = "CLIXML_ERR_SERIALIZE";
  path;
  constructor(message, path) {
    super(`${message} at ${path}`);
    this.path = path;
  }
};
var MAX_TEXT_IN_MESSAGE = 64;

// old/packages/clixml/src/primitive-codec.ts
import { decodeBase64, InvalidBase64Error } from "@psrp/fragment";

// old/packages/clixml/src/string-escaping.ts
var UNDERSCORE = 95;
var LOWER_X = 120;
var UPPER_X = 88;
var LAST_C0_CONTROL = 31;
var FIRST_C1_RANGE = 127;
var LAST_C1_RANGE = 159;
var FIRST_SURROGATE = 55296;
var LAST_SURROGATE = 57343;
var SHORT_ESCAPE_DIGITS = 4;
var LONG_ESCAPE_DIGITS = 8;
var HEX_RADIX = 16;
var MAX_CODE_POINT = 1114111;
function needsEscape(input, index) {
  const code = input.charCodeAt(index);
  if (code <= LAST_C0_CONTROL) return true;
  if (code === UNDERSCORE) {
    const next = input.charCodeAt(index + 1);
    return next === LOWER_X || next === UPPER_X;
  }
  return code >= FIRST_C1_RANGE && code <= LAST_C1_RANGE || code >= FIRST_SURROGATE && code <= LAST_SURROGATE;
}
function escapeCodeUnit(code) {
  return `_x${code.toString(HEX_RADIX).toUpperCase().padStart(SHORT_ESCAPE_DIGITS, "0")}_`;
}
function encodePsString(input) {
  let index = 0;
  const length = input.length;
  while (index < length && !needsEscape(input, index)) index++;
  if (index === length) return input;
  let out = input.slice(0, index);
  for (; index < length; index++) {
    out += needsEscape(input, index) ? escapeCodeUnit(input.charCodeAt(index)) : input[index];
  }
  return out;
}
function isHexDigit(code) {
  return code >= 48 && code <= 57 || code >= 65 && code <= 70 || code >= 97 && code <= 102;
}
function hexRunLength(input, from, max) {
  let count = 0;
  while (count < max && isHexDigit(input.charCodeAt(from + count))) count++;
  return count;
}
function decodePsString(input) {
  let underscore = input.indexOf("_");
  if (underscore < 0) return input;
  let out = "";
  let copied = 0;
  while (underscore >= 0) {
    const marker = input.charCodeAt(underscore + 1);
    if (marker === LOWER_X || marker === UPPER_X) {
      const digitsStart = underscore + 2;
      const digits = hexRunLength(input, digitsStart, LONG_ESCAPE_DIGITS);
      let escapeLength = 0;
      let codePoint = -1;
      if (digits >= SHORT_ESCAPE_DIGITS && input.charCodeAt(digitsStart + SHORT_ESCAPE_DIGITS) === UNDERSCORE) {
        escapeLength = SHORT_ESCAPE_DIGITS;
      } else if (digits === LONG_ESCAPE_DIGITS && input.charCodeAt(digitsStart + LONG_ESCAPE_DIGITS) === UNDERSCORE) {
        escapeLength = LONG_ESCAPE_DIGITS;
      }
      if (escapeLength > 0) {
        codePoint = Number.parseInt(input.slice(digitsStart, digitsStart + escapeLength), HEX_RADIX);
      }
      if (escapeLength > 0 && codePoint <= MAX_CODE_POINT) {
        out += input.slice(copied, underscore);
        out += escapeLength === SHORT_ESCAPE_DIGITS ? String.fromCharCode(codePoint) : String.fromCodePoint(codePoint);
        copied = digitsStart + escapeLength + 1;
        underscore = input.indexOf("_", copied);
        continue;
      }
    }
    underscore = input.indexOf("_", underscore + 1);
  }
  return copied === 0 ? input : out + input.slice(copied);
}

// old/packages/clixml/src/values/ps-char.ts
var MAX_CODE_UNIT = 65535;
var PSChar = class _PSChar {
  /** The UTF-16 code unit, 0-65535. */
  code;
  constructor(code) {
    if (!Number.isInteger(code) || code < 0 || code > MAX_CODE_UNIT) {
      throw new ClixmlValueError("C", String(code), "a char is a UTF-16 code unit 0-65535");
    }
    this.code = code;
  }
  /** The char of a one-code-unit string. */
  static from(char) {
    if (char.length !== 1) throw new ClixmlValueError("C", char, "expected exactly one UTF-16 code unit");
    return new _PSChar(char.charCodeAt(0));
  }
  toString() {
    return String.fromCharCode(this.code);
  }
  toJSON() {
    return this.toString();
  }
};

// old/packages/clixml/src/values/ps-date-time.ts
var DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/;
var TICKS_PER_MILLISECOND = 1e4;
var FRACTION_DIGITS = 7;
var MS_PER_MINUTE = 6e4;
var MINUTES_PER_HOUR = 60;
var DOTNET_EPOCH_OFFSET_MS = 621355968e5;
var MAX_OFFSET_HOURS = 14;
var MIN_YEAR = 1;
var MAX_YEAR = 9999;
function pad(value, width) {
  return String(value).padStart(width, "0");
}
function utcMilliseconds(year, month, day, hour, minute, second, ms) {
  const date = /* @__PURE__ */ new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}
function formatWallClock(wallMs, subMillisecondTicks) {
  const date = new Date(wallMs);
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new ClixmlValueError("DT", date.toISOString(), "System.DateTime holds years 1-9999 only");
  }
  let text = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const fractionTicks = date.getUTCMilliseconds() * TICKS_PER_MILLISECOND + subMillisecondTicks;
  if (fractionTicks > 0) text += `.${pad(fractionTicks, FRACTION_DIGITS).replace(/0+$/, "")}`;
  return text;
}
function formatOffset(offsetMinutes) {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / MINUTES_PER_HOUR), 2)}:${pad(absolute % MINUTES_PER_HOUR, 2)}`;
}
var PSDateTime = class _PSDateTime extends Date {
  kind;
  /** Offset from UTC in minutes for 'Local' times; null for 'Utc' and 'Unspecified'. */
  offsetMinutes;
  #subMillisecondTicks;
  #wireText;
  #wireTime;
  constructor(epochMilliseconds, options = {}, wireText) {
    super(epochMilliseconds);
    this.kind = options.kind ?? "Utc";
    this.offsetMinutes = this.kind === "Local" ? options.offsetMinutes ?? 0 : null;
    this.#subMillisecondTicks = options.subMillisecondTicks ?? 0;
    this.#wireText = wireText;
    this.#wireTime = epochMilliseconds;
  }
  /** Reads XmlConvert RoundtripKind text (named so because Date.parse is taken). 'Unspecified' times (no suffix) are taken as UTC. */
  static fromClixml(text) {
    const trimmed = text.trim();
    const match = DATE_TIME_PATTERN.exec(trimmed);
    if (match === null) throw new ClixmlValueError("DT", text, "expected yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm]");
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const fraction = (match[7] ?? "").padEnd(FRACTION_DIGITS, "0");
    const fractionTicks = Number(fraction);
    const suffix = match[8];
    const wallMs = utcMilliseconds(year, month, day, hour, minute, second, Math.floor(fractionTicks / TICKS_PER_MILLISECOND));
    const check = new Date(wallMs);
    const valid = year >= MIN_YEAR && year <= MAX_YEAR && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && check.getUTCHours() === hour && check.getUTCMinutes() === minute && check.getUTCSeconds() === second;
    if (!valid) throw new ClixmlValueError("DT", text, "no such date or time");
    const subMillisecondTicks = fractionTicks % TICKS_PER_MILLISECOND;
    if (suffix === void 0) return new _PSDateTime(wallMs, { kind: "Unspecified", subMillisecondTicks }, trimmed);
    if (suffix === "Z") return new _PSDateTime(wallMs, { kind: "Utc", subMillisecondTicks }, trimmed);
    const hours = Number(suffix.slice(1, 3));
    const minutes = Number(suffix.slice(4, 6));
    if (hours > MAX_OFFSET_HOURS || minutes >= MINUTES_PER_HOUR) throw new ClixmlValueError("DT", text, "offset out of range");
    const offsetMinutes = (suffix.startsWith("-") ? -1 : 1) * (hours * MINUTES_PER_HOUR + minutes);
    return new _PSDateTime(wallMs - offsetMinutes * MS_PER_MINUTE, { kind: "Local", offsetMinutes, subMillisecondTicks }, trimmed);
  }
  /** 100 ns ticks below the millisecond; 0 once the Date has been changed with a setter. */
  get subMillisecondTicks() {
    return this.#isUnchanged() ? this.#subMillisecondTicks : 0;
  }
  /** .NET DateTime.Ticks of the wall-clock time this value was written with (100 ns since 0001-01-01). */
  get ticks() {
    const wallMs = this.getTime() + (this.offsetMinutes ?? 0) * MS_PER_MINUTE;
    return BigInt(wallMs + DOTNET_EPOCH_OFFSET_MS) * BigInt(TICKS_PER_MILLISECOND) + BigInt(this.subMillisecondTicks);
  }
  /** The `<DT>` text: the wire text when unchanged since it was read, else formatted from the value. */
  toClixml() {
    if (this.#wireText !== void 0 && this.#isUnchanged()) return this.#wireText;
    return formatDateTime(this.getTime(), this.kind, this.offsetMinutes ?? 0, this.subMillisecondTicks);
  }
  toJSON() {
    return this.toClixml();
  }
  #isUnchanged() {
    return this.getTime() === this.#wireTime;
  }
};
function formatDateTime(epochMilliseconds, kind, offsetMinutes, subMillisecondTicks) {
  if (Number.isNaN(epochMilliseconds)) throw new ClixmlValueError("DT", "Invalid Date", "the Date is invalid");
  switch (kind) {
    case "Utc":
      return `${formatWallClock(epochMilliseconds, subMillisecondTicks)}Z`;
    case "Unspecified":
      return formatWallClock(epochMilliseconds, subMillisecondTicks);
    case "Local":
      return formatWallClock(epochMilliseconds + offsetMinutes * MS_PER_MINUTE, subMillisecondTicks) + formatOffset(offsetMinutes);
  }
}

// old/packages/clixml/src/values/ps-decimal.ts
var DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
var MAX_DECIMAL_TEXT = 64;
var PSDecimal = class {
  text;
  constructor(text) {
    const trimmed = text.trim();
    if (trimmed.length > MAX_DECIMAL_TEXT || !DECIMAL_PATTERN.test(trimmed)) {
      throw new ClixmlValueError("D", text, "expected a decimal number such as -12.34");
    }
    this.text = trimmed;
  }
  /** The nearest double; may lose precision. */
  toNumber() {
    return Number(this.text);
  }
  toString() {
    return this.text;
  }
  toJSON() {
    return this.text;
  }
};

// old/packages/clixml/src/values/ps-guid.ts
var GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
var PSGuid = class {
  /** Lowercase "D" form, as .NET's Guid.ToString() writes it. */
  value;
  constructor(value) {
    const trimmed = value.trim();
    if (!GUID_PATTERN.test(trimmed)) throw new ClixmlValueError("G", value, "expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
    this.value = trimmed.toLowerCase();
  }
  toString() {
    return this.value;
  }
  toJSON() {
    return this.value;
  }
};

// old/packages/clixml/src/values/ps-number.ts
var INTEGER_RANGES = {
  By: [0, 255],
  SB: [-128, 127],
  I16: [-32768, 32767],
  U16: [0, 65535],
  I32: [-2147483648, 2147483647],
  U32: [0, 4294967295]
};
var BIG_INTEGER_RANGES = {
  I64: [-(2n ** 63n), 2n ** 63n - 1n],
  U64: [0n, 2n ** 64n - 1n]
};
var PSNumber = class _PSNumber {
  tag;
  value;
  constructor(tag, value) {
    this.tag = tag;
    this.value = value;
  }
  static byte(value) {
    return _PSNumber.#integer("By", value);
  }
  static sbyte(value) {
    return _PSNumber.#integer("SB", value);
  }
  static int16(value) {
    return _PSNumber.#integer("I16", value);
  }
  static uint16(value) {
    return _PSNumber.#integer("U16", value);
  }
  static int32(value) {
    return _PSNumber.#integer("I32", value);
  }
  static uint32(value) {
    return _PSNumber.#integer("U32", value);
  }
  static int64(value) {
    return _PSNumber.#bigInteger("I64", value);
  }
  static uint64(value) {
    return _PSNumber.#bigInteger("U64", value);
  }
  /** `<Sg>` (System.Single); the value is rounded to float32 precision. */
  static single(value) {
    return new _PSNumber("Sg", Math.fround(value));
  }
  /** `<Db>` even for integers, which a plain JS number would send as I32. */
  static double(value) {
    return new _PSNumber("Db", value);
  }
  /** Any tag, checked the same way as the named constructors. */
  static of(tag, value) {
    switch (tag) {
      case "I64":
      case "U64":
        return _PSNumber.#bigInteger(tag, value);
      case "Sg":
        return _PSNumber.single(Number(value));
      case "Db":
        return _PSNumber.double(Number(value));
      default:
        if (typeof value === "bigint") throw new ClixmlValueError(tag, String(value), "expected a number, not a bigint");
        return _PSNumber.#integer(tag, value);
    }
  }
  static #integer(tag, value) {
    const [min, max] = INTEGER_RANGES[tag];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ClixmlValueError(tag, String(value), `expected an integer from ${min} to ${max}`);
    }
    return new _PSNumber(tag, value);
  }
  static #bigInteger(tag, value) {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new ClixmlValueError(tag, String(value), "expected a safe integer or a bigint");
    }
    const big = BigInt(value);
    const [min, max] = BIG_INTEGER_RANGES[tag];
    if (big < min || big > max) throw new ClixmlValueError(tag, String(value), `expected an integer from ${min} to ${max}`);
    return new _PSNumber(tag, big);
  }
  valueOf() {
    return this.value;
  }
  toJSON() {
    return typeof this.value === "bigint" ? this.value.toString() : this.value;
  }
};

// old/packages/clixml/src/values/ps-text-values.ts
var TextValue = class {
  text;
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
  toJSON() {
    return this.text;
  }
};
var PSUri = class extends TextValue {
};
var PSSecureString = class extends TextValue {
  toJSON() {
    return "[SecureString]";
  }
};
var PSScriptBlock = class extends TextValue {
};
var PSXmlDocument = class extends TextValue {
};

// old/packages/clixml/src/values/ps-time-span.ts
var DURATION_PATTERN = /^(-)?P(?:(\d{1,20})Y)?(?:(\d{1,20})M)?(?:(\d{1,20})D)?(?:T(?:(\d{1,20})H)?(?:(\d{1,20})M)?(?:(\d{1,20})(?:\.(\d{1,20}))?S)?)?$/;
var TICKS_PER_MILLISECOND2 = 10000n;
var TICKS_PER_SECOND = 10000000n;
var TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
var TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
var TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
var DAYS_PER_YEAR = 365n;
var DAYS_PER_MONTH = 30n;
var FRACTION_DIGITS2 = 7;
var MIN_TICKS = -(2n ** 63n);
var MAX_TICKS = 2n ** 63n - 1n;
function bigOrZero(text) {
  return text === void 0 ? 0n : BigInt(text);
}
var PSTimeSpan = class _PSTimeSpan {
  /** .NET TimeSpan.Ticks: 100 ns units, signed 64-bit. */
  ticks;
  constructor(ticks) {
    if (ticks < MIN_TICKS || ticks > MAX_TICKS) throw new ClixmlValueError("TS", String(ticks), "outside the TimeSpan range");
    this.ticks = ticks;
  }
  static fromMilliseconds(milliseconds) {
    if (!Number.isFinite(milliseconds)) throw new ClixmlValueError("TS", String(milliseconds), "not a finite duration");
    return new _PSTimeSpan(BigInt(Math.round(milliseconds * Number(TICKS_PER_MILLISECOND2))));
  }
  static parse(text) {
    const trimmed = text.trim();
    const match = DURATION_PATTERN.exec(trimmed);
    if (match === null || trimmed.endsWith("P") || trimmed.endsWith("T")) {
      throw new ClixmlValueError("TS", text, "expected an xsd:duration such as PT9.0269026S");
    }
    const [, negative, years, months, days, hours, minutes, seconds, fraction] = match;
    const fractionTicks = fraction === void 0 ? 0n : BigInt(fraction.slice(0, FRACTION_DIGITS2).padEnd(FRACTION_DIGITS2, "0"));
    const totalDays = bigOrZero(years) * DAYS_PER_YEAR + bigOrZero(months) * DAYS_PER_MONTH + bigOrZero(days);
    const magnitude = totalDays * TICKS_PER_DAY + bigOrZero(hours) * TICKS_PER_HOUR + bigOrZero(minutes) * TICKS_PER_MINUTE + bigOrZero(seconds) * TICKS_PER_SECOND + fractionTicks;
    const ticks = negative === void 0 ? magnitude : -magnitude;
    if (ticks < MIN_TICKS || ticks > MAX_TICKS) throw new ClixmlValueError("TS", text, "outside the TimeSpan range");
    return new _PSTimeSpan(ticks);
  }
  /** May lose sub-millisecond precision beyond 2^53 ticks. */
  get totalMilliseconds() {
    return Number(this.ticks) / Number(TICKS_PER_MILLISECOND2);
  }
  /** The xsd:duration XmlConvert writes: `PT0S`, `P1D`, `-PT1H2M3.5S`. */
  toClixml() {
    const negative = this.ticks < 0n;
    let rest = negative ? -this.ticks : this.ticks;
    const days = rest / TICKS_PER_DAY;
    rest %= TICKS_PER_DAY;
    const hours = rest / TICKS_PER_HOUR;
    rest %= TICKS_PER_HOUR;
    const minutes = rest / TICKS_PER_MINUTE;
    rest %= TICKS_PER_MINUTE;
    const seconds = rest / TICKS_PER_SECOND;
    const fraction = rest % TICKS_PER_SECOND;
    let text = negative ? "-P" : "P";
    if (days > 0n) text += `${days}D`;
    if (hours > 0n || minutes > 0n || seconds > 0n || fraction > 0n) {
      text += "T";
      if (hours > 0n) text += `${hours}H`;
      if (minutes > 0n) text += `${minutes}M`;
      if (seconds > 0n || fraction > 0n) {
        text += String(seconds);
        if (fraction > 0n) text += `.${String(fraction).padStart(FRACTION_DIGITS2, "0").replace(/0+$/, "")}`;
        text += "S";
      }
    } else if (days === 0n) {
      text += "T0S";
    }
    return text;
  }
  /** .NET's constant format: `[-][d.]hh:mm:ss[.fffffff]`. */
  toString() {
    const negative = this.ticks < 0n;
    let rest = negative ? -this.ticks : this.ticks;
    const days = rest / TICKS_PER_DAY;
    rest %= TICKS_PER_DAY;
    const clock = [rest / TICKS_PER_HOUR, rest % TICKS_PER_HOUR / TICKS_PER_MINUTE, rest % TICKS_PER_MINUTE / TICKS_PER_SECOND];
    const fraction = rest % TICKS_PER_SECOND;
    let text = (negative ? "-" : "") + (days > 0n ? `${days}.` : "");
    text += clock.map((part) => String(part).padStart(2, "0")).join(":");
    if (fraction > 0n) text += `.${String(fraction).padStart(FRACTION_DIGITS2, "0")}`;
    return text;
  }
  toJSON() {
    return this.toString();
  }
};

// old/packages/clixml/src/values/ps-version.ts
var VERSION_PATTERN = /^(\d{1,10})\.(\d{1,10})(?:\.(\d{1,10})(?:\.(\d{1,10}))?)?$/;
var MAX_COMPONENT = 2147483647;
var ABSENT = -1;
var PSVersion = class _PSVersion {
  major;
  minor;
  /** -1 when absent, as in .NET. */
  build;
  /** -1 when absent, as in .NET; only present together with build. */
  revision;
  constructor(major, minor, build = ABSENT, revision = ABSENT) {
    const components = [major, minor, build, revision];
    const valid = components.every((component) => Number.isInteger(component) && component >= ABSENT && component <= MAX_COMPONENT) && major >= 0 && minor >= 0 && !(build === ABSENT && revision !== ABSENT);
    if (!valid) throw new ClixmlValueError("Version", components.join("."), "invalid version components");
    this.major = major;
    this.minor = minor;
    this.build = build;
    this.revision = revision;
  }
  static parse(text) {
    const match = VERSION_PATTERN.exec(text.trim());
    if (match === null) throw new ClixmlValueError("Version", text, "expected major.minor[.build[.revision]]");
    const [, major, minor, build, revision] = match;
    const numbers = [major, minor, build, revision].map((part) => part === void 0 ? ABSENT : Number(part));
    if (numbers.some((component) => component > MAX_COMPONENT)) {
      throw new ClixmlValueError("Version", text, "a component exceeds Int32.MaxValue");
    }
    return new _PSVersion(numbers[0] ?? 0, numbers[1] ?? 0, numbers[2], numbers[3]);
  }
  toString() {
    let text = `${this.major}.${this.minor}`;
    if (this.build !== ABSENT) text += `.${this.build}`;
    if (this.revision !== ABSENT) text += `.${this.revision}`;
    return text;
  }
  toJSON() {
    return this.toString();
  }
};

// old/packages/clixml/src/primitive-codec.ts
var INTEGER_PATTERN = /^[+-]?\d{1,40}$/;
var FLOAT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
var MAX_FLOAT_TEXT = 400;
function parseInteger(range, text, elementName = range) {
  const trimmed = text.trim();
  if (!INTEGER_PATTERN.test(trimmed)) throw new ClixmlValueError(elementName, text, "expected an integer");
  const value = Number(trimmed);
  const [min, max] = INTEGER_RANGES[range];
  if (value < min || value > max) throw new ClixmlValueError(elementName, text, `outside ${min}..${max}`);
  return value === 0 ? 0 : value;
}
function parseBigInteger(tag, text) {
  const trimmed = text.trim();
  if (!INTEGER_PATTERN.test(trimmed)) throw new ClixmlValueError(tag, text, "expected an integer");
  const value = BigInt(trimmed);
  const [min, max] = BIG_INTEGER_RANGES[tag];
  if (value < min || value > max) throw new ClixmlValueError(tag, text, `outside ${min}..${max}`);
  return value;
}
function parseFloat(tag, text) {
  const trimmed = text.trim();
  if (trimmed === "INF" || trimmed === "+INF") return Number.POSITIVE_INFINITY;
  if (trimmed === "-INF") return Number.NEGATIVE_INFINITY;
  if (trimmed === "NaN") return Number.NaN;
  if (trimmed.length > MAX_FLOAT_TEXT || !FLOAT_PATTERN.test(trimmed)) {
    throw new ClixmlValueError(tag, text, "expected a number, INF, -INF or NaN");
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new ClixmlValueError(tag, text, "outside the range of a double");
  return value;
}
var NUMBER_TAGS = /* @__PURE__ */ new Set(["By", "SB", "I16", "U16", "I32", "U32", "I64", "U64", "Sg", "Db"]);
function isNumberTag(tag) {
  return NUMBER_TAGS.has(tag);
}
function parseBoolean(text) {
  const trimmed = text.trim();
  if (trimmed === "true" || trimmed === "1") return true;
  if (trimmed === "false" || trimmed === "0") return false;
  throw new ClixmlValueError("B", text, "expected true or false");
}
var XML_WHITESPACE = /[\t\n\r ]/;
var XML_WHITESPACE_RUNS = /[\t\n\r ]+/g;
function parseBytes(text) {
  const base64 = XML_WHITESPACE.test(text) ? text.replace(XML_WHITESPACE_RUNS, "") : text;
  try {
    return decodeBase64(base64);
  } catch (error) {
    if (error instanceof InvalidBase64Error) throw new ClixmlValueError("BA", text, "not valid base64", { cause: error });
    throw error;
  }
}
function decodePrimitive(tag, text, preserveNumberTypes) {
  if (preserveNumberTypes && tag !== "I32" && tag !== "I64" && isNumberTag(tag)) {
    return PSNumber.of(tag, decodePrimitive(tag, text, false));
  }
  switch (tag) {
    case "S":
      return decodePsString(text);
    case "I32":
    case "I16":
    case "U16":
    case "U32":
    case "By":
    case "SB":
      return parseInteger(tag, text);
    case "I64":
    case "U64":
      return parseBigInteger(tag, text);
    case "Db":
    case "Sg":
      return parseFloat(tag, text);
    case "B":
      return parseBoolean(text);
    case "C":
      return new PSChar(parseInteger("U16", text, "C"));
    case "DT":
      return PSDateTime.fromClixml(text);
    case "TS":
      return PSTimeSpan.parse(text);
    case "G":
      return new PSGuid(text);
    case "Version":
      return PSVersion.parse(text);
    case "D":
      return new PSDecimal(text);
    case "BA":
      return parseBytes(text);
    case "URI":
      return new PSUri(decodePsString(text));
    case "SBK":
      return new PSScriptBlock(decodePsString(text));
    case "XD":
      return new PSXmlDocument(decodePsString(text));
    case "SS":
      return new PSSecureString(text.trim());
  }
}
function parseInt32Field(elementName, text) {
  return parseInteger("I32", text, elementName);
}

// old/packages/clixml/src/values/ps-object.ts
import { encodeBase64 } from "@psrp/fragment";
function createPropertyRecord(from) {
  const record = /* @__PURE__ */ Object.create(null);
  if (from !== void 0) {
    for (const name of Object.keys(from)) record[name] = from[name];
  }
  return record;
}
var PSObject = class {
  /** Most specific first, as on the wire (a "Deserialized." prefix is kept when the sender wrote one). */
  typeNames;
  /** `<ToString>`: the sender's ToString() of the object, or null. */
  toStringValue;
  /** `<Props>`: adapted (.NET) properties. */
  adapted;
  /** `<MS>`: extended (note) properties. Remoting message bodies keep all their fields here. */
  extended;
  /** A primitive inside the Obj (an enum's `<I32>`), or the content of LST/IE/STK/QUE (array) or DCT. */
  baseValue;
  constructor(init = {}) {
    this.typeNames = init.typeNames === void 0 ? [] : [...init.typeNames];
    this.toStringValue = init.toStringValue ?? null;
    this.adapted = createPropertyRecord(init.adapted);
    this.extended = createPropertyRecord(init.extended);
    this.baseValue = init.baseValue;
  }
  /** A property by name: extended first, then adapted (PowerShell's lookup order). */
  get(name) {
    if (name in this.extended) return this.extended[name];
    if (name in this.adapted) return this.adapted[name];
    return void 0;
  }
  /**
   * A plain view for printing: properties merged, containers and enums unwrapped; cycles cut. Shared
   * objects are repeated in full, up to MAX_PLAIN_NODES nodes, so hostile input cannot make it explode.
   */
  toJSON() {
    return toPlainValue(this, newPlainContext());
  }
};
var PSDictionary = class extends Map {
  toJSON() {
    return toPlainValue(this, newPlainContext());
  }
};
var PSMemberSet = class {
  members;
  constructor(members) {
    this.members = createPropertyRecord(members);
  }
  toJSON() {
    return toPlainValue(this, newPlainContext());
  }
};
var ENUM_TYPE_NAMES = /* @__PURE__ */ new Set(["System.Enum", "Deserialized.System.Enum"]);
function isEnum(value) {
  return value.typeNames.some((name) => ENUM_TYPE_NAMES.has(name));
}
var MAX_PLAIN_NODES = 1e6;
var MAX_PLAIN_DEPTH = 1e3;
function newPlainContext() {
  return { inProgress: /* @__PURE__ */ new Set(), remaining: MAX_PLAIN_NODES };
}
function plainRecord(records, context) {
  const out = /* @__PURE__ */ Object.create(null);
  for (const record of records) {
    for (const name of Object.keys(record)) out[name] = toPlainValue(record[name], context);
  }
  return out;
}
function toPlainValue(value, context) {
  if (--context.remaining < 0) return "[Truncated]";
  if (value === null || value === void 0) return null;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    default:
      break;
  }
  const isContainer = value instanceof PSObject || Array.isArray(value) || value instanceof Map || value instanceof PSMemberSet;
  if (!isContainer) return "toJSON" in value ? value.toJSON() : plainBytes(value);
  const { inProgress } = context;
  if (inProgress.has(value)) return "[Circular]";
  if (inProgress.size >= MAX_PLAIN_DEPTH) return "[Truncated]";
  inProgress.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toPlainValue(item, context));
    if (value instanceof Map) {
      const out = /* @__PURE__ */ Object.create(null);
      for (const [key, item] of value) out[String(toPlainValue(key, context))] = toPlainValue(item, context);
      return out;
    }
    if (value instanceof PSMemberSet) return plainRecord([value.members], context);
    const hasProperties = Object.keys(value.adapted).length > 0 || Object.keys(value.extended).length > 0;
    if (isEnum(value) && value.toStringValue !== null) return value.toStringValue;
    if (value.baseValue !== void 0 && value.baseValue !== null && !isCollection(value.baseValue)) {
      return toPlainValue(value.baseValue, context);
    }
    if (!hasProperties) {
      if (value.baseValue !== void 0) return toPlainValue(value.baseValue, context);
      return value.toStringValue ?? {};
    }
    return plainRecord([value.adapted, value.extended], context);
  } finally {
    inProgress.delete(value);
  }
}
function isCollection(value) {
  return Array.isArray(value) || value instanceof Map;
}
function plainBytes(value) {
  return value instanceof Uint8Array ? encodeBase64(value) : value;
}

// old/packages/clixml/src/values/ps-progress-record.ts
var NONE = -1;
var PSProgressRecord = class {
  activity;
  activityId;
  currentOperation;
  parentActivityId;
  percentComplete;
  /** 'Processing' or 'Completed' on the wire; kept as text in case a newer server adds values. */
  recordType;
  secondsRemaining;
  statusDescription;
  constructor(init = {}) {
    this.activity = init.activity ?? "";
    this.activityId = init.activityId ?? 0;
    this.currentOperation = init.currentOperation ?? null;
    this.parentActivityId = init.parentActivityId ?? NONE;
    this.percentComplete = init.percentComplete ?? NONE;
    this.recordType = init.recordType ?? "Processing";
    this.secondsRemaining = init.secondsRemaining ?? NONE;
    this.statusDescription = init.statusDescription ?? "";
  }
};

// old/packages/clixml/src/xml-text.ts
var CARRIAGE_RETURN = 13;
var HASH = 35;
var LOWER_X2 = 120;
var MAX_CODE_POINT2 = 1114111;
var MAX_CHAR_REF_DIGITS = 8;
var NAMED_ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var ENTITY_NAME_IN_MESSAGE = 8;
var MAX_REFERENCE_LENGTH = MAX_CHAR_REF_DIGITS + "&#x;".length;
function isXmlChar(codePoint) {
  return codePoint === 9 || codePoint === 10 || codePoint === 13 || codePoint >= 32 && codePoint <= 55295 || codePoint >= 57344 && codePoint <= 65533 || codePoint >= 65536 && codePoint <= MAX_CODE_POINT2;
}
function decodeReference(input, ampersand, semicolon, base) {
  const body = input.slice(ampersand + 1, semicolon);
  if (input.charCodeAt(ampersand + 1) !== HASH) {
    const named = NAMED_ENTITIES[body];
    if (named === void 0) {
      throw new ClixmlParseError(`undefined entity &${body.slice(0, ENTITY_NAME_IN_MESSAGE)};`, base + ampersand);
    }
    return named;
  }
  const hex = body.charCodeAt(1) === LOWER_X2;
  const digits = body.slice(hex ? 2 : 1);
  const pattern = hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (digits.length === 0 || digits.length > MAX_CHAR_REF_DIGITS || !pattern.test(digits)) {
    throw new ClixmlParseError("malformed character reference", base + ampersand);
  }
  const codePoint = Number.parseInt(digits, hex ? 16 : 10);
  if (!isXmlChar(codePoint)) {
    throw new ClixmlParseError(`character reference to U+${codePoint.toString(16).toUpperCase()} is not an XML character`, base + ampersand);
  }
  return String.fromCodePoint(codePoint);
}
function normalizeLineEnds(text) {
  return text.indexOf("\r") < 0 ? text : text.replace(/\r\n?/g, "\n");
}
function decodeXmlText(input, start, end, isAttribute, firstAmpersand) {
  const raw = input.slice(start, end);
  if (firstAmpersand < 0 || firstAmpersand >= end) return isAttribute ? normalizeAttribute(raw) : normalizeLineEnds(raw);
  let out = "";
  let copied = 0;
  let ampersand = firstAmpersand - start;
  while (ampersand >= 0) {
    const semicolon = raw.indexOf(";", ampersand + 1);
    if (semicolon < 0 || semicolon - ampersand >= MAX_REFERENCE_LENGTH) {
      throw new ClixmlParseError("'&' that does not start an entity or character reference", start + ampersand);
    }
    const literal = raw.slice(copied, ampersand);
    out += isAttribute ? normalizeAttribute(literal) : normalizeLineEnds(literal);
    out += decodeReference(raw, ampersand, semicolon, start);
    copied = semicolon + 1;
    ampersand = raw.indexOf("&", copied);
  }
  const tail = raw.slice(copied);
  return out + (isAttribute ? normalizeAttribute(tail) : normalizeLineEnds(tail));
}
function normalizeAttribute(text) {
  return /[\t\n\r]/.test(text) ? text.replace(/\r\n?/g, "\n").replace(/[\t\n]/g, " ") : text;
}
function decodeCData(input, start, end) {
  return normalizeLineEnds(input.slice(start, end));
}
function isXmlWhitespace(input, start, end) {
  for (let index = start; index < end; index++) {
    const code = input.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 9 && code !== CARRIAGE_RETURN) return false;
  }
  return true;
}
function escapeXmlText(text) {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeXmlAttribute(text) {
  if (!/[&<>"]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// old/packages/clixml/src/xml-tokenizer.ts
var TOKEN_END = 0;
var TOKEN_START_TAG = 1;
var TOKEN_END_TAG = 2;
var TOKEN_TEXT = 3;
var LESS_THAN = 60;
var GREATER_THAN = 62;
var SLASH = 47;
var BANG = 33;
var QUESTION = 63;
var EQUALS = 61;
var DOUBLE_QUOTE = 34;
var SINGLE_QUOTE = 39;
var FIRST_NON_ASCII = 128;
var COMMENT_OPEN = "<!--";
var COMMENT_CLOSE = "-->";
var CDATA_OPEN = "<![CDATA[";
var CDATA_CLOSE = "]]>";
var DECLARATION_OPEN = "<?xml";
var DECLARATION_CLOSE = "?>";
var DECLARATION_NAME_WINDOW = 16;
var END_TAG_OPEN_LENGTH = 2;
var MAX_ATTRIBUTES = 32;
var NAME_CHAR = new Uint8Array(FIRST_NON_ASCII);
for (let code = 0; code < FIRST_NON_ASCII; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME_CHAR[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME_CHAR[code] = 1;
}
function isWhitespaceCode(code) {
  return code === 32 || code === 10 || code === 9 || code === 13;
}
var XmlTokenizer = class {
  /** Name of the current start or end tag. */
  tagName = "";
  /** The current start tag ended with `/>`: no end-tag token follows. */
  selfClosing = false;
  attributeCount = 0;
  attributeNames = [];
  attributeValues = [];
  /** Decoded character data of the current text token. */
  text = "";
  /** Offset where the current token starts, for error messages. */
  tokenStart = 0;
  #input;
  #limits;
  #position = 0;
  #openNames = [];
  #elementCount = 0;
  #rootClosed = false;
  #pendingSelfClose = false;
  /** First '&' at or after the last position asked about, -1 when none is left; only ever moves forward. */
  #nextAmpersand = -2;
  constructor(input, limits) {
    this.#input = input;
    this.#limits = limits;
  }
  /** Current element nesting depth (the root element is depth 1). */
  get depth() {
    return this.#openNames.length;
  }
  /** Value of attribute `name` on the current start tag. */
  attribute(name) {
    for (let index = 0; index < this.attributeCount; index++) {
      if (this.attributeNames[index] === name) return this.attributeValues[index];
    }
    return void 0;
  }
  next() {
    if (this.#pendingSelfClose) {
      this.#pendingSelfClose = false;
      this.#closeElement(this.tagName);
      return TOKEN_END_TAG;
    }
    const input = this.#input;
    const length = input.length;
    for (; ; ) {
      const position = this.#position;
      this.tokenStart = position;
      if (position >= length) {
        if (this.#openNames.length > 0) {
          throw new ClixmlParseError(`input ends inside <${this.#openNames[this.#openNames.length - 1]}>`, position);
        }
        if (!this.#rootClosed) throw new ClixmlParseError("no root element", position);
        return TOKEN_END;
      }
      if (input.charCodeAt(position) !== LESS_THAN) {
        let end = input.indexOf("<", position);
        if (end < 0) end = length;
        this.#position = end;
        if (this.#openNames.length === 0) {
          if (!isXmlWhitespace(input, position, end)) throw new ClixmlParseError("text outside the root element", position);
          continue;
        }
        this.text = decodeXmlText(input, position, end, false, this.#ampersandFrom(position));
        return TOKEN_TEXT;
      }
      const marker = input.charCodeAt(position + 1);
      if (marker === SLASH) return this.#readEndTag(position);
      if (marker === BANG) {
        if (input.startsWith(COMMENT_OPEN, position)) {
          this.#position = this.#skipPast(COMMENT_CLOSE, position + COMMENT_OPEN.length, "comment");
          continue;
        }
        if (input.startsWith(CDATA_OPEN, position)) {
          if (this.#openNames.length === 0) throw new ClixmlParseError("CDATA outside the root element", position);
          const contentStart = position + CDATA_OPEN.length;
          const next = this.#skipPast(CDATA_CLOSE, contentStart, "CDATA section");
          this.text = decodeCData(input, contentStart, next - CDATA_CLOSE.length);
          this.#position = next;
          return TOKEN_TEXT;
        }
        const declaration = /^<!([A-Z]+)/.exec(input.slice(position, position + DECLARATION_NAME_WINDOW));
        if (declaration !== null) throw new ClixmlForbiddenMarkupError(`<!${declaration[1]}>`, position);
        throw new ClixmlParseError("malformed markup after '<!'", position);
      }
      if (marker === QUESTION) {
        this.#readProcessingInstruction(position);
        continue;
      }
      return this.#readStartTag(position);
    }
  }
  #skipPast(terminator, from, what) {
    const end = this.#input.indexOf(terminator, from);
    if (end < 0) throw new ClixmlParseError(`unterminated ${what}`, from);
    return end + terminator.length;
  }
  /** Only the XML declaration, and only as the very first thing in the input. */
  #readProcessingInstruction(position) {
    const isDeclaration = position === 0 && this.#input.startsWith(DECLARATION_OPEN) && isWhitespaceCode(this.#input.charCodeAt(DECLARATION_OPEN.length));
    if (!isDeclaration) throw new ClixmlForbiddenMarkupError("processing instruction", position);
    this.#position = this.#skipPast(DECLARATION_CLOSE, position + DECLARATION_OPEN.length, "XML declaration");
  }
  #readName(position) {
    const input = this.#input;
    const first = input.charCodeAt(position);
    if (!(first >= FIRST_NON_ASCII || NAME_CHAR[first] === 2)) {
      throw new ClixmlParseError("expected a name", position);
    }
    let end = position + 1;
    for (; ; ) {
      const code = input.charCodeAt(end);
      if (code >= FIRST_NON_ASCII || (NAME_CHAR[code] ?? 0) > 0) end++;
      else return end;
    }
  }
  #skipWhitespace(position) {
    const input = this.#input;
    while (isWhitespaceCode(input.charCodeAt(position))) position++;
    return position;
  }
  #readStartTag(position) {
    const input = this.#input;
    if (this.#rootClosed) throw new ClixmlParseError("more than one root element", position);
    const nameEnd = this.#readName(position + 1);
    const name = input.slice(position + 1, nameEnd);
    let cursor = nameEnd;
    let count = 0;
    for (; ; ) {
      const afterSpace = this.#skipWhitespace(cursor);
      const code = input.charCodeAt(afterSpace);
      if (code === GREATER_THAN) {
        cursor = afterSpace + 1;
        this.selfClosing = false;
        break;
      }
      if (code === SLASH) {
        if (input.charCodeAt(afterSpace + 1) !== GREATER_THAN) throw new ClixmlParseError("expected '>' after '/'", afterSpace);
        cursor = afterSpace + "/>".length;
        this.selfClosing = true;
        break;
      }
      if (Number.isNaN(code)) throw new ClixmlParseError(`input ends inside the <${name}> tag`, afterSpace);
      if (afterSpace === cursor) throw new ClixmlParseError("expected whitespace before an attribute", afterSpace);
      if (count === MAX_ATTRIBUTES) throw new ClixmlParseError(`more than ${MAX_ATTRIBUTES} attributes on <${name}>`, afterSpace);
      cursor = this.#readAttribute(afterSpace, count, name);
      count++;
    }
    this.attributeCount = count;
    this.tagName = name;
    this.#position = cursor;
    this.#openElement(name, position);
    if (this.selfClosing) this.#pendingSelfClose = true;
    return TOKEN_START_TAG;
  }
  /** Reads `name="value"` at `position` into slot `slot`; returns the offset after the closing quote. */
  #readAttribute(position, slot, tagName) {
    const input = this.#input;
    const nameEnd = this.#readName(position);
    const name = input.slice(position, nameEnd);
    for (let index = 0; index < slot; index++) {
      if (this.attributeNames[index] === name) {
        throw new ClixmlParseError(`attribute ${name} repeated on <${tagName}>`, position);
      }
    }
    const equals = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(equals) !== EQUALS) throw new ClixmlParseError(`expected '=' after attribute ${name}`, equals);
    const quotePosition = this.#skipWhitespace(equals + 1);
    const quote = input.charCodeAt(quotePosition);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
      throw new ClixmlParseError(`expected a quoted value for attribute ${name}`, quotePosition);
    }
    const valueEnd = input.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", quotePosition + 1);
    if (valueEnd < 0) throw new ClixmlParseError(`unterminated value of attribute ${name}`, quotePosition);
    const lessThan = input.slice(quotePosition + 1, valueEnd).indexOf("<");
    if (lessThan >= 0) throw new ClixmlParseError(`'<' in the value of attribute ${name}`, quotePosition + 1 + lessThan);
    this.attributeNames[slot] = name;
    this.attributeValues[slot] = decodeXmlText(input, quotePosition + 1, valueEnd, true, this.#ampersandFrom(quotePosition + 1));
    return valueEnd + 1;
  }
  /** Positions asked about only grow, so all searches together scan the input once. */
  #ampersandFrom(position) {
    if (this.#nextAmpersand !== -1 && this.#nextAmpersand < position) {
      this.#nextAmpersand = this.#input.indexOf("&", position);
    }
    return this.#nextAmpersand;
  }
  #readEndTag(position) {
    const input = this.#input;
    const nameEnd = this.#readName(position + END_TAG_OPEN_LENGTH);
    const name = input.slice(position + END_TAG_OPEN_LENGTH, nameEnd);
    const close = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(close) !== GREATER_THAN) throw new ClixmlParseError(`expected '>' to end </${name}`, close);
    this.#position = close + 1;
    this.tagName = name;
    this.#closeElement(name);
    return TOKEN_END_TAG;
  }
  /**
   * Counts `count` more elements against maxElements. The reader also charges here for work that
   * repeats earlier elements (a TNRef copies its TN's type names), so that no input buys more work
   * than its element budget.
   */
  countElements(count) {
    this.#elementCount += count;
    if (this.#elementCount > this.#limits.maxElements) {
      throw new ClixmlLimitError("maxElements", this.#limits.maxElements, `element count at offset ${this.tokenStart}`);
    }
  }
  #openElement(name, position) {
    if (this.#openNames.length >= this.#limits.maxDepth) {
      throw new ClixmlLimitError("maxDepth", this.#limits.maxDepth, `element nesting at offset ${position}`);
    }
    this.countElements(1);
    this.#openNames.push(name);
  }
  #closeElement(name) {
    const open = this.#openNames.pop();
    if (open !== name) {
      throw new ClixmlParseError(
        open === void 0 ? `end tag </${name}> without a start tag` : `end tag </${name}> does not match <${open}>`,
        this.tokenStart
      );
    }
    if (this.#openNames.length === 0) this.#rootClosed = true;
  }
};

// old/packages/clixml/src/clixml-reader.ts
var FRAME_ROOT = 0;
var FRAME_OBJECTS = 1;
var FRAME_OBJECT = 2;
var FRAME_MEMBERS = 3;
var FRAME_LIST = 4;
var FRAME_DICTIONARY = 5;
var FRAME_ENTRY = 6;
var FRAME_TYPE_NAMES = 7;
var FRAME_TEXT = 8;
var FRAME_PROGRESS = 9;
var FRAME_EMPTY = 10;
var PRIMITIVES = new Set(PRIMITIVE_TAGS);
var PROGRESS_FIELDS = new Set(Object.values(PROGRESS_FIELD));
var Frame = class {
  kind;
  tag;
  offset;
  /** Decoded `N` attribute: the property name, or Key/Value inside `<En>`. */
  name = void 0;
  /** `S` attribute (stream name) on children of `<Objs>`. */
  stream = null;
  refId = void 0;
  text = "";
  object = null;
  hasBaseValue = false;
  record = null;
  isNestedMemberSet = false;
  list = null;
  dictionary = null;
  key = void 0;
  hasKey = false;
  value = void 0;
  hasValue = false;
  typeNames = null;
  progress = null;
  hasCurrentOperation = false;
  streams = null;
  constructor(kind, tag, offset) {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
  }
};
var ClixmlReader = class {
  #tokenizer;
  #limits;
  #documentMode;
  #frames = [];
  #objects = /* @__PURE__ */ new Map();
  #typeNames = /* @__PURE__ */ new Map();
  #document = null;
  /** `documentMode`: the root must be `<Objs>`; otherwise the root is one value element. */
  constructor(input, limits, documentMode) {
    this.#tokenizer = new XmlTokenizer(input, limits);
    this.#limits = limits;
    this.#documentMode = documentMode;
  }
  readValue() {
    return this.#run().value;
  }
  readDocument() {
    this.#run();
    const objects = this.#document;
    return { values: objects.list, streams: objects.streams };
  }
  #run() {
    const tokenizer = this.#tokenizer;
    const frames = this.#frames;
    const root = new Frame(FRAME_ROOT, "", 0);
    frames.push(root);
    for (; ; ) {
      switch (tokenizer.next()) {
        case TOKEN_START_TAG:
          frames.push(this.#open(frames[frames.length - 1]));
          break;
        case TOKEN_TEXT:
          this.#text(frames[frames.length - 1]);
          break;
        case TOKEN_END_TAG: {
          const frame = frames.pop();
          this.#close(frame, frames[frames.length - 1]);
          break;
        }
        case TOKEN_END:
          return root;
      }
    }
  }
  #fail(message) {
    throw new ClixmlParseError(message, this.#tokenizer.tokenStart);
  }
  #requireParent(parent, kind, tag, expected) {
    if (parent.kind !== kind) this.#fail(`<${tag}> is only allowed inside <${expected}>`);
  }
  #open(parent) {
    const tokenizer = this.#tokenizer;
    const tag = tokenizer.tagName;
    const offset = tokenizer.tokenStart;
    if (parent.kind === FRAME_TEXT || parent.kind === FRAME_EMPTY) {
      this.#fail(`<${parent.tag}> cannot contain elements (found <${tag}>)`);
    }
    switch (tag) {
      case ELEMENT.objects: {
        if (parent.kind !== FRAME_ROOT || !this.#documentMode) {
          this.#fail("<Objs> is a document root: read it with deserializeDocument()");
        }
        const frame2 = new Frame(FRAME_OBJECTS, tag, offset);
        frame2.list = [];
        frame2.streams = [];
        return frame2;
      }
      case ELEMENT.typeNames: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame2 = new Frame(FRAME_TYPE_NAMES, tag, offset);
        frame2.refId = tokenizer.attribute(ATTRIBUTE.refId);
        frame2.typeNames = [];
        return frame2;
      }
      case ELEMENT.typeNamesReference:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#referenceFrame(tag, offset);
      case ELEMENT.toString:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return new Frame(FRAME_TEXT, tag, offset);
      case ELEMENT.adaptedProperties: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame2 = new Frame(FRAME_MEMBERS, tag, offset);
        frame2.record = parent.object.adapted;
        return frame2;
      }
      case ELEMENT.memberSet:
        return this.#openMemberSet(parent, offset);
      case ELEMENT.typeName:
        if (parent.kind !== FRAME_TYPE_NAMES && parent.kind !== FRAME_PROGRESS) {
          this.#fail("<T> is only allowed inside <TN> or <PR>");
        }
        return new Frame(FRAME_TEXT, tag, offset);
      case ELEMENT.dictionaryEntry:
        this.#requireParent(parent, FRAME_DICTIONARY, tag, ELEMENT.dictionary);
        return new Frame(FRAME_ENTRY, tag, offset);
      default:
        break;
    }
    if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(tag)) return new Frame(FRAME_TEXT, tag, offset);
    if (parent.kind === FRAME_DICTIONARY || parent.kind === FRAME_TYPE_NAMES || parent.kind === FRAME_ROOT && this.#documentMode) {
      this.#fail(`<${tag}> is not allowed ${parent.kind === FRAME_ROOT ? "as the document root (expected <Objs>)" : `inside <${parent.tag}>`}`);
    }
    const frame = this.#openValue(tag, offset);
    if (tokenizer.attributeCount > 0) {
      const name = tokenizer.attribute(ATTRIBUTE.name);
      if (name !== void 0) frame.name = decodePsString(name);
      if (parent.kind === FRAME_OBJECTS) frame.stream = tokenizer.attribute(ATTRIBUTE.stream) ?? null;
    }
    return frame;
  }
  #openValue(tag, offset) {
    switch (tag) {
      case ELEMENT.object: {
        const frame = new Frame(FRAME_OBJECT, tag, offset);
        const object = new PSObject();
        frame.object = object;
        const refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
        if (refId !== void 0) this.#objects.set(refId, object);
        return frame;
      }
      case ELEMENT.reference:
        return this.#referenceFrame(tag, offset);
      case ELEMENT.nil:
        return new Frame(FRAME_EMPTY, tag, offset);
      case ELEMENT.list:
      case ELEMENT.enumerable:
      case ELEMENT.stack:
      case ELEMENT.queue: {
        const frame = new Frame(FRAME_LIST, tag, offset);
        frame.list = [];
        return frame;
      }
      case ELEMENT.dictionary: {
        const frame = new Frame(FRAME_DICTIONARY, tag, offset);
        frame.dictionary = new PSDictionary();
        return frame;
      }
      case ELEMENT.progressRecord: {
        const frame = new Frame(FRAME_PROGRESS, tag, offset);
        frame.progress = new PSProgressRecord();
        return frame;
      }
      default:
        if (!PRIMITIVES.has(tag)) this.#fail(`unknown element <${tag}>`);
        return new Frame(FRAME_TEXT, tag, offset);
    }
  }
  #referenceFrame(tag, offset) {
    const frame = new Frame(FRAME_EMPTY, tag, offset);
    frame.refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
    if (frame.refId === void 0) this.#fail(`<${tag}> without a RefId attribute`);
    return frame;
  }
  #openMemberSet(parent, offset) {
    const frame = new Frame(FRAME_MEMBERS, ELEMENT.memberSet, offset);
    if (parent.kind === FRAME_OBJECT) {
      frame.record = parent.object.extended;
      return frame;
    }
    if (parent.kind !== FRAME_MEMBERS) this.#fail("<MS> is only allowed inside <Obj> or <MS>");
    const name = this.#tokenizer.attribute(ATTRIBUTE.name);
    if (name === void 0) this.#fail("a nested <MS> needs an N attribute");
    frame.name = decodePsString(name);
    frame.record = new PSMemberSet().members;
    frame.isNestedMemberSet = true;
    return frame;
  }
  #text(frame) {
    const text = this.#tokenizer.text;
    if (frame.kind === FRAME_TEXT) {
      frame.text = frame.text.length === 0 ? text : frame.text + text;
      if (frame.text.length > this.#limits.maxStringLength) {
        throw new ClixmlLimitError("maxStringLength", this.#limits.maxStringLength, `text of <${frame.tag}> at offset ${frame.offset}`);
      }
      return;
    }
    if (!/^[ \t\r\n]*$/.test(text)) this.#fail(`text is not allowed directly inside <${frame.tag}>`);
  }
  #close(frame, parent) {
    switch (frame.kind) {
      case FRAME_OBJECTS:
        this.#document = frame;
        return;
      case FRAME_OBJECT:
        this.#deliver(parent, frame.object, frame);
        return;
      case FRAME_MEMBERS:
        if (frame.isNestedMemberSet) {
          const memberSet = new PSMemberSet();
          Object.assign(memberSet.members, frame.record);
          this.#deliver(parent, memberSet, frame);
        }
        return;
      case FRAME_LIST:
        this.#deliver(parent, frame.list, frame);
        return;
      case FRAME_DICTIONARY:
        this.#deliver(parent, frame.dictionary, frame);
        return;
      case FRAME_ENTRY:
        if (!frame.hasKey || !frame.hasValue) this.#fail("<En> needs a Key and a Value");
        parent.dictionary.set(frame.key, frame.value);
        return;
      case FRAME_TYPE_NAMES: {
        const names = frame.typeNames;
        if (frame.refId !== void 0) this.#typeNames.set(frame.refId, names);
        parent.object.typeNames = names.slice();
        return;
      }
      case FRAME_TEXT:
        this.#closeText(frame, parent);
        return;
      case FRAME_PROGRESS:
        this.#deliver(parent, frame.progress, frame);
        return;
      case FRAME_EMPTY:
        this.#closeEmpty(frame, parent);
        return;
    }
  }
  #closeText(frame, parent) {
    if (parent.kind === FRAME_OBJECT && frame.tag === ELEMENT.toString) {
      parent.object.toStringValue = decodePsString(frame.text);
    } else if (parent.kind === FRAME_TYPE_NAMES) {
      parent.typeNames.push(decodePsString(frame.text));
    } else if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(frame.tag)) {
      this.#setProgressField(parent, frame.tag, frame.text);
    } else {
      this.#deliver(parent, decodePrimitive(frame.tag, frame.text, this.#limits.preserveNumberTypes), frame);
    }
  }
  #closeEmpty(frame, parent) {
    if (frame.tag === ELEMENT.nil) {
      this.#deliver(parent, null, frame);
      return;
    }
    const refId = frame.refId;
    if (frame.tag === ELEMENT.reference) {
      const object = this.#objects.get(refId);
      if (object === void 0) throw new ClixmlReferenceError("object", refId, frame.offset);
      this.#deliver(parent, object, frame);
      return;
    }
    const names = this.#typeNames.get(refId);
    if (names === void 0) throw new ClixmlReferenceError("typeNames", refId, frame.offset);
    this.#tokenizer.countElements(names.length);
    parent.object.typeNames = names.slice();
  }
  #setProgressField(parent, tag, text) {
    const progress = parent.progress;
    switch (tag) {
      case PROGRESS_FIELD.activity:
        progress.activity = decodePsString(text);
        break;
      case PROGRESS_FIELD.activityId:
        progress.activityId = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.currentOperation:
        progress.currentOperation = decodePsString(text);
        parent.hasCurrentOperation = true;
        break;
      case PROGRESS_FIELD.parentActivityId:
        progress.parentActivityId = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.percentComplete:
        progress.percentComplete = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.recordType:
        progress.recordType = text.trim();
        break;
      case PROGRESS_FIELD.secondsRemaining:
        progress.secondsRemaining = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.statusDescription:
        progress.statusDescription = decodePsString(text);
        break;
    }
  }
  /** Hands a finished child value to the element that contains it. */
  #deliver(parent, value, child) {
    switch (parent.kind) {
      case FRAME_ROOT:
        parent.value = value;
        return;
      case FRAME_OBJECTS:
        parent.list.push(value);
        parent.streams.push(child.stream);
        return;
      case FRAME_OBJECT:
        if (child.tag === ELEMENT.object || child.tag === ELEMENT.reference) {
          this.#fail("an object cannot be the base value of an <Obj>");
        }
        if (parent.hasBaseValue) this.#fail(`<Obj> has more than one base value (found <${child.tag}>)`);
        parent.object.baseValue = value;
        parent.hasBaseValue = true;
        return;
      case FRAME_MEMBERS:
        if (child.name === void 0) this.#fail(`<${child.tag}> inside <${parent.tag}> has no N attribute`);
        parent.record[child.name] = value;
        return;
      case FRAME_LIST:
        parent.list.push(value);
        return;
      case FRAME_ENTRY:
        this.#setEntryPart(parent, child, value);
        return;
      case FRAME_PROGRESS:
        if (child.tag !== ELEMENT.string && child.tag !== ELEMENT.nil || parent.hasCurrentOperation) {
          this.#fail(`<${child.tag}> is not allowed inside <PR>`);
        }
        parent.progress.currentOperation = value;
        parent.hasCurrentOperation = true;
        return;
      default:
        this.#fail(`<${child.tag}> is not allowed inside <${parent.tag}>`);
    }
  }
  #setEntryPart(entry, child, value) {
    if (child.name === DICTIONARY_KEY && !entry.hasKey) {
      entry.key = value;
      entry.hasKey = true;
    } else if (child.name === DICTIONARY_VALUE && !entry.hasValue) {
      entry.value = value;
      entry.hasValue = true;
    } else {
      this.#fail(`<En> children need N="Key" or N="Value" once each (found ${child.name ?? "no N"})`);
    }
  }
};

// old/packages/clixml/src/limits.ts
var DEFAULT_MAX_INPUT_LENGTH = 64 * 1024 * 1024;
var DEFAULT_MAX_DEPTH = 100;
var DEFAULT_MAX_ELEMENTS = 2e6;
var DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;
function resolveDeserializeSettings(options) {
  return {
    maxInputLength: options?.maxInputLength ?? DEFAULT_MAX_INPUT_LENGTH,
    maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxElements: options?.maxElements ?? DEFAULT_MAX_ELEMENTS,
    maxStringLength: options?.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH,
    preserveNumberTypes: options?.preserveNumberTypes ?? false
  };
}

// old/packages/clixml/src/deserialize.ts
var BYTE_ORDER_MARK = 65279;
var CLIXML_STDERR_MARKER = "#< CLIXML";
function prepare(text, limits) {
  if (text.length > limits.maxInputLength) {
    throw new ClixmlLimitError("maxInputLength", limits.maxInputLength, `input of ${text.length} characters`);
  }
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
}
function deserialize(xml, options) {
  const limits = resolveDeserializeSettings(options);
  return new ClixmlReader(prepare(xml, limits), limits, false).readValue();
}
function deserializeDocumentEntries(text, options) {
  const limits = resolveDeserializeSettings(options);
  let input = prepare(text, limits);
  if (input.startsWith(CLIXML_STDERR_MARKER)) {
    const lineEnd = input.indexOf("\n");
    input = lineEnd < 0 ? "" : input.slice(lineEnd + 1);
  }
  const { values, streams } = new ClixmlReader(input, limits, true).readDocument();
  return values.map((value, index) => ({ value, stream: streams[index] ?? null }));
}
function deserializeDocument(text, options) {
  return deserializeDocumentEntries(text, options).map((entry) => entry.value);
}

// old/packages/clixml/src/clixml-writer.ts
import { encodeBase64 as encodeBase642 } from "@psrp/fragment";

// old/packages/clixml/src/number-format.ts
var FIXED_MIN_EXPONENT = -4;
var FIXED_MAX_EXPONENT = 14;
var MIN_EXPONENT_DIGITS = 2;
var MAX_SINGLE_DIGITS = 9;
function special(value) {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "INF";
  if (value === Number.NEGATIVE_INFINITY) return "-INF";
  if (Object.is(value, -0)) return "-0";
  return void 0;
}
function layout(negative, digits, exponent) {
  const sign = negative ? "-" : "";
  if (exponent < FIXED_MIN_EXPONENT || exponent > FIXED_MAX_EXPONENT) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? "-" : "+";
    return `${sign}${mantissa}E${exponentSign}${String(Math.abs(exponent)).padStart(MIN_EXPONENT_DIGITS, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return sign + digits + "0".repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
function decompose(exponential) {
  const [mantissa = "0", exponent = "0"] = exponential.split("e");
  return [mantissa.replace("-", "").replace(".", ""), Number(exponent)];
}
function formatDouble(value) {
  const named = special(value);
  if (named !== void 0) return named;
  const [digits, exponent] = decompose(value.toExponential());
  return layout(value < 0, digits, exponent);
}
function formatSingle(value) {
  const named = special(value);
  if (named !== void 0) return named;
  const single = Math.fround(value);
  for (let precision = 1; precision <= MAX_SINGLE_DIGITS; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) {
      const [digits, exponent] = decompose(candidate);
      return layout(single < 0, digits.replace(/0+$/, "") || "0", exponent);
    }
  }
  return formatDouble(single);
}

// old/packages/clixml/src/clixml-writer.ts
var ARRAY_TYPE_NAMES = ["System.Object[]", "System.Array", "System.Object"];
var HASHTABLE_TYPE_NAMES = ["System.Collections.Hashtable", "System.Object"];
var DESERIALIZED_PREFIX = "Deserialized.";
var STACK_TYPE_NAME = "System.Collections.Stack";
var QUEUE_TYPE_NAME = "System.Collections.Queue";
function nameAttribute(name) {
  return name === void 0 ? "" : ` N="${escapeXmlAttribute(encodePsString(name))}"`;
}
function encodedText(text) {
  return escapeXmlText(encodePsString(text));
}
function listTag(typeNames) {
  const first = typeNames[0] ?? "";
  const typeName = first.startsWith(DESERIALIZED_PREFIX) ? first.slice(DESERIALIZED_PREFIX.length) : first;
  if (typeName === STACK_TYPE_NAME) return "STK";
  if (typeName === QUEUE_TYPE_NAME) return "QUE";
  return "LST";
}
var ClixmlWriter = class {
  #out = "";
  #objectIds = /* @__PURE__ */ new Map();
  #typeNameIds = /* @__PURE__ */ new Map();
  #maxDepth;
  #path = [];
  #depth = 0;
  constructor(maxDepth) {
    this.#maxDepth = maxDepth;
  }
  get output() {
    return this.#out;
  }
  append(text) {
    this.#out += text;
  }
  #fail(message) {
    throw new ClixmlSerializeError(message, `$${this.#path.join("")}`);
  }
  /** Empty text stays `<S></S>` (PowerShell writes the string even when empty); only empty containers self-close. */
  #element(tag, name, text) {
    this.#out += `<${tag}${nameAttribute(name)}>${text}</${tag}>`;
  }
  writeValue(value, name) {
    switch (typeof value) {
      case "undefined":
        this.#out += `<Nil${nameAttribute(name)} />`;
        return;
      case "string":
        this.#element("S", name, encodedText(value));
        return;
      case "boolean":
        this.#element("B", name, value ? "true" : "false");
        return;
      case "number":
        this.#writeNumber(value, name);
        return;
      case "bigint":
        this.#writeBigInt(value, name);
        return;
      case "object":
        if (value === null) {
          this.#out += `<Nil${nameAttribute(name)} />`;
          return;
        }
        this.#writeObjectValue(value, name);
        return;
      default:
        this.#fail(`a ${typeof value} has no CLIXML form`);
    }
  }
  #writeNumber(value, name) {
    const [min, max] = INTEGER_RANGES.I32;
    if (Number.isInteger(value) && value >= min && value <= max && !Object.is(value, -0)) {
      this.#element("I32", name, String(value));
    } else {
      this.#element("Db", name, formatDouble(value));
    }
  }
  #writeBigInt(value, name) {
    const [min, max] = BIG_INTEGER_RANGES.I64;
    if (value < min || value > max) this.#fail("a bigint outside Int64 (use PSNumber.uint64 for UInt64)");
    this.#element("I64", name, String(value));
  }
  #writeObjectValue(value, name) {
    if (value instanceof PSObject) return this.#writePSObject(value, name);
    if (Array.isArray(value)) return this.#writeWrapped(value, ARRAY_TYPE_NAMES, name);
    if (value instanceof Map) return this.#writeWrapped(value, HASHTABLE_TYPE_NAMES, name);
    if (value instanceof PSNumber) return this.#writeTypedNumber(value, name);
    if (value instanceof Date) {
      const text = value instanceof PSDateTime ? value.toClixml() : formatDateTime(value.getTime(), "Utc", 0, 0);
      return this.#element("DT", name, text);
    }
    if (value instanceof Uint8Array) return this.#element("BA", name, encodeBase642(value));
    if (value instanceof PSTimeSpan) return this.#element("TS", name, value.toClixml());
    if (value instanceof PSGuid) return this.#element("G", name, value.value);
    if (value instanceof PSVersion) return this.#element("Version", name, value.toString());
    if (value instanceof PSChar) return this.#element("C", name, String(value.code));
    if (value instanceof PSDecimal) return this.#element("D", name, value.text);
    if (value instanceof PSUri) return this.#element("URI", name, encodedText(value.text));
    if (value instanceof PSSecureString) return this.#element("SS", name, escapeXmlText(value.text));
    if (value instanceof PSScriptBlock) return this.#element("SBK", name, encodedText(value.text));
    if (value instanceof PSXmlDocument) return this.#element("XD", name, encodedText(value.text));
    if (value instanceof PSProgressRecord) return this.#writeProgressRecord(value, name);
    if (value instanceof PSMemberSet) this.#fail("a PSMemberSet can only be a member of a PSObject");
    this.#fail(`${Object.prototype.toString.call(value)} has no CLIXML form (wrap properties in a PSObject)`);
  }
  #writeTypedNumber(value, name) {
    const number = value.value;
    let text;
    if (typeof number === "bigint") text = String(number);
    else if (value.tag === "Sg") text = formatSingle(number);
    else if (value.tag === "Db") text = formatDouble(number);
    else text = String(number);
    this.#element(value.tag, name, text);
  }
  /** Path segments are pushed by whoever names the child (member, index, key); this only counts depth. */
  #enter() {
    if (++this.#depth > this.#maxDepth) {
      throw new ClixmlLimitError("maxDepth", this.#maxDepth, `nesting at $${this.#path.join("")}`);
    }
  }
  #leave() {
    this.#depth--;
  }
  /** Writes `<Ref>` and returns false when the object was written before; otherwise opens its `<Obj>`. */
  #openObject(identity, name) {
    const known = this.#objectIds.get(identity);
    if (known !== void 0) {
      this.#out += `<Ref${nameAttribute(name)} RefId="${known}" />`;
      return false;
    }
    const refId = this.#objectIds.size;
    this.#objectIds.set(identity, refId);
    this.#out += `<Obj${nameAttribute(name)} RefId="${refId}">`;
    return true;
  }
  #writeTypeNames(typeNames) {
    if (typeNames.length === 0) return;
    const key = JSON.stringify(typeNames);
    const known = this.#typeNameIds.get(key);
    if (known !== void 0) {
      this.#out += `<TNRef RefId="${known}" />`;
      return;
    }
    const refId = this.#typeNameIds.size;
    this.#typeNameIds.set(key, refId);
    this.#out += `<TN RefId="${refId}">`;
    for (const typeName of typeNames) this.#out += `<T>${encodedText(typeName)}</T>`;
    this.#out += "</TN>";
  }
  /** A bare array or Map becomes an Obj with PowerShell's type names for object[] or Hashtable. */
  #writeWrapped(value, typeNames, name) {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(typeNames);
    this.#writeContent(value, typeNames);
    this.#out += "</Obj>";
    this.#leave();
  }
  #writeContent(value, typeNames) {
    if (Array.isArray(value)) {
      const tag = listTag(typeNames);
      if (value.length === 0) {
        this.#out += `<${tag} />`;
        return;
      }
      this.#out += `<${tag}>`;
      for (let index = 0; index < value.length; index++) {
        this.#path.push(`[${index}]`);
        this.writeValue(value[index], void 0);
        this.#path.pop();
      }
      this.#out += `</${tag}>`;
      return;
    }
    if (value.size === 0) {
      this.#out += "<DCT />";
      return;
    }
    this.#out += "<DCT>";
    for (const [key, item] of value) {
      this.#path.push(`[${typeof key === "string" ? JSON.stringify(key) : String(key)}]`);
      this.#out += "<En>";
      this.writeValue(key, DICTIONARY_KEY);
      this.writeValue(item, DICTIONARY_VALUE);
      this.#out += "</En>";
      this.#path.pop();
    }
    this.#out += "</DCT>";
  }
  #writePSObject(value, name) {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(value.typeNames);
    if (value.toStringValue !== null) this.#element("ToString", void 0, encodedText(value.toStringValue));
    const base = value.baseValue;
    if (base !== void 0) {
      if (Array.isArray(base) || base instanceof PSDictionary || base instanceof Map) {
        this.#writeContent(base, value.typeNames);
      } else if (base instanceof PSObject || base instanceof PSMemberSet) {
        this.#fail("the baseValue of a PSObject cannot be an object");
      } else {
        this.writeValue(base, void 0);
      }
    }
    this.#writeMembers("Props", value.adapted);
    this.#writeMembers("MS", value.extended);
    this.#out += "</Obj>";
    this.#leave();
  }
  #writeMembers(tag, members, name) {
    const names = Object.keys(members);
    if (names.length === 0 && name === void 0) return;
    this.#out += `<${tag}${nameAttribute(name)}>`;
    for (const member of names) {
      const value = members[member];
      this.#path.push(`.${member}`);
      if (value instanceof PSMemberSet) {
        if (tag !== "MS") this.#fail("a PSMemberSet can only be an extended (MS) member");
        this.#enter();
        this.#writeMembers("MS", value.members, member);
        this.#leave();
      } else {
        this.writeValue(value, member);
      }
      this.#path.pop();
    }
    this.#out += `</${tag}>`;
  }
  #writeProgressRecord(record, name) {
    const integer = (field2, value) => {
      const [min, max] = INTEGER_RANGES.I32;
      if (!Number.isInteger(value) || value < min || value > max) this.#fail(`ProgressRecord.${field2} must be an Int32`);
      return String(value);
    };
    const field = (tag, text) => `<${tag}>${text}</${tag}>`;
    this.#out += `<PR${nameAttribute(name)}>` + field(PROGRESS_FIELD.activity, encodedText(record.activity)) + field(PROGRESS_FIELD.activityId, integer("activityId", record.activityId)) + (record.currentOperation === null ? "<Nil />" : `<S>${encodedText(record.currentOperation)}</S>`) + field(PROGRESS_FIELD.parentActivityId, integer("parentActivityId", record.parentActivityId)) + field(PROGRESS_FIELD.percentComplete, integer("percentComplete", record.percentComplete)) + field(PROGRESS_FIELD.recordType, encodedText(record.recordType)) + field(PROGRESS_FIELD.secondsRemaining, integer("secondsRemaining", record.secondsRemaining)) + field(PROGRESS_FIELD.statusDescription, encodedText(record.statusDescription)) + "</PR>";
  }
};

// old/packages/clixml/src/serialize.ts
function serialize(value, options) {
  const writer = new ClixmlWriter(options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  writer.writeValue(value, void 0);
  return writer.output;
}
function serializeDocument(values, options) {
  const writer = new ClixmlWriter(options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  writer.append(`<Objs Version="${OBJECTS_VERSION}" xmlns="${OBJECTS_NAMESPACE}">`);
  for (const value of values) writer.writeValue(value, void 0);
  writer.append("</Objs>");
  return writer.output;
}

// old/packages/clixml/src/values/ps-enum.ts
var ENUM_BASE_TYPE_NAMES = ["System.Enum", "System.ValueType", "System.Object"];
function psEnum(typeName, name, value) {
  const [min, max] = INTEGER_RANGES.I32;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ClixmlValueError("I32", String(value), "an enum value must be a 32-bit integer");
  }
  return new PSObject({ typeNames: [typeName, ...ENUM_BASE_TYPE_NAMES], toStringValue: name, baseValue: value });
}
export {
  ARRAY_TYPE_NAMES,
  ClixmlError,
  ClixmlForbiddenMarkupError,
  ClixmlLimitError,
  ClixmlParseError,
  ClixmlReferenceError,
  ClixmlSerializeError,
  ClixmlValueError,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MAX_INPUT_LENGTH,
  DEFAULT_MAX_STRING_LENGTH,
  ENUM_BASE_TYPE_NAMES,
  HASHTABLE_TYPE_NAMES,
  PSChar,
  PSDateTime,
  PSDecimal,
  PSDictionary,
  PSGuid,
  PSMemberSet,
  PSNumber,
  PSObject,
  PSProgressRecord,
  PSScriptBlock,
  PSSecureString,
  PSTimeSpan,
  PSUri,
  PSVersion,
  PSXmlDocument,
  decodePsString,
  deserialize,
  deserializeDocument,
  deserializeDocumentEntries,
  encodePsString,
  psEnum,
  serialize,
  serializeDocument
};
