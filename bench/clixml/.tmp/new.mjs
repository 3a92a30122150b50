// ../../../packages/clixml/src/element-names.ts
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

// ../../../packages/clixml/src/errors.ts
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
  constructor(limit2, max, where) {
    super(`${where} exceeds ${limit2} (${max}); raise the ${limit2} option if the input is trusted`);
    this.limit = limit2;
    this.max = max;
  }
};
var ClixmlReferenceError = class extends ClixmlError {
  code = "CLIXML_ERR_REF";
  refId;
  refKind;
  constructor(refKind, refId, offset, hint = "") {
    const element = refKind === "object" ? "Ref" : "TNRef";
    super(`<${element} RefId="${refId}"> refers to no earlier definition${hint} (at offset ${offset})`);
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
var ClixmlArgumentError = class extends ClixmlError {
  code = "CLIXML_ERR_ARGUMENT";
  argument;
  constructor(argument, message) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
};
var MAX_TEXT_IN_MESSAGE = 64;

// ../../../packages/clixml/src/primitive-codec.ts
import { decodeBase64, InvalidBase64Error } from "@psrp/fragment";

// ../../../packages/clixml/src/string-escaping.ts
var UNDERSCORE = 95;
var LOWER_X = 120;
var UPPER_X = 88;
var SHORT_ESCAPE_DIGITS = 4;
var LONG_ESCAPE_DIGITS = 8;
var HEX_RADIX = 16;
var MAX_CODE_POINT = 1114111;
var PS_ESCAPED = /[\x00-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]|_(?=[xX])/;
var PS_ESCAPED_ALL = new RegExp(PS_ESCAPED.source, "g");
var ELEMENT_TEXT_ESCAPED = new RegExp(`${PS_ESCAPED.source}|[&<>]`);
var ELEMENT_TEXT_ESCAPED_ALL = new RegExp(ELEMENT_TEXT_ESCAPED.source, "g");
var ATTRIBUTE_TEXT_ESCAPED = new RegExp(`${PS_ESCAPED.source}|[&<>"]`);
var ATTRIBUTE_TEXT_ESCAPED_ALL = new RegExp(ATTRIBUTE_TEXT_ESCAPED.source, "g");
var XML_ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
function escapeCodeUnit(code) {
  return `_x${code.toString(HEX_RADIX).toUpperCase().padStart(SHORT_ESCAPE_DIGITS, "0")}_`;
}
var SMALL_ESCAPES = Array.from({ length: 160 }, (_, code) => escapeCodeUnit(code));
function replacement(match) {
  const entity = XML_ENTITIES[match];
  if (entity !== void 0) return entity;
  const code = match.charCodeAt(0);
  return code < SMALL_ESCAPES.length ? SMALL_ESCAPES[code] : escapeCodeUnit(code);
}
function encodePsString(input) {
  return PS_ESCAPED.test(input) ? input.replace(PS_ESCAPED_ALL, replacement) : input;
}
function encodeElementText(input) {
  return ELEMENT_TEXT_ESCAPED.test(input) ? input.replace(ELEMENT_TEXT_ESCAPED_ALL, replacement) : input;
}
function encodeAttributeText(input) {
  return ATTRIBUTE_TEXT_ESCAPED.test(input) ? input.replace(ATTRIBUTE_TEXT_ESCAPED_ALL, replacement) : input;
}
var XML_TEXT = /[&<>]/;
var XML_TEXT_ALL = /[&<>]/g;
var XML_ATTRIBUTE = /[&<>"\t\n\r]/;
var XML_ATTRIBUTE_ALL = /[&<>"\t\n\r]/g;
var ATTRIBUTE_WHITESPACE = { "	": "&#x9;", "\n": "&#xA;", "\r": "&#xD;" };
function escapeXmlText(text) {
  return XML_TEXT.test(text) ? text.replace(XML_TEXT_ALL, (match) => XML_ENTITIES[match]) : text;
}
function escapeXmlAttribute(text) {
  return XML_ATTRIBUTE.test(text) ? text.replace(XML_ATTRIBUTE_ALL, (match) => XML_ENTITIES[match] ?? ATTRIBUTE_WHITESPACE[match]) : text;
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

// ../../../packages/clixml/src/values/ps-char.ts
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

// ../../../packages/clixml/src/values/ps-date-time.ts
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

// ../../../packages/clixml/src/values/ps-decimal.ts
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

// ../../../packages/clixml/src/values/ps-guid.ts
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

// ../../../packages/clixml/src/number-format.ts
var FIXED_MIN_EXPONENT = -4;
var DOUBLE_PRECISION = 17;
var SINGLE_PRECISION = 9;
var MIN_EXPONENT_DIGITS = 2;
var MAX_SINGLE_DIGITS = 9;
function special(value) {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "INF";
  if (value === Number.NEGATIVE_INFINITY) return "-INF";
  if (Object.is(value, -0)) return "-0";
  return void 0;
}
function layout(negative, digits, exponent, precision) {
  const sign = negative ? "-" : "";
  if (exponent < FIXED_MIN_EXPONENT || exponent + 1 > precision) {
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
  return layout(value < 0, digits, exponent, DOUBLE_PRECISION);
}
function formatSingle(value) {
  const named = special(value);
  if (named !== void 0) return named;
  const single = Math.fround(value);
  for (let precision = 1; precision <= MAX_SINGLE_DIGITS; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) {
      const [digits, exponent] = decompose(candidate);
      return layout(single < 0, digits.replace(/0+$/, "") || "0", exponent, SINGLE_PRECISION);
    }
  }
  return formatDouble(single);
}

// ../../../packages/clixml/src/values/ps-number.ts
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
  /** The number as .NET writes it in text (a Single with its own shortest digits). */
  toString() {
    const value = this.value;
    if (typeof value === "bigint") return String(value);
    const text = this.tag === "Sg" ? formatSingle(value) : formatDouble(value);
    return text === "INF" ? "Infinity" : text === "-INF" ? "-Infinity" : text;
  }
  toJSON() {
    return typeof this.value === "bigint" ? this.value.toString() : this.value;
  }
};

// ../../../packages/clixml/src/values/ps-text-values.ts
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

// ../../../packages/clixml/src/values/ps-time-span.ts
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

// ../../../packages/clixml/src/values/ps-version.ts
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

// ../../../packages/clixml/src/primitive-codec.ts
var INTEGER_PATTERN = /^[+-]?\d{1,40}$/;
var FLOAT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
var MAX_FLOAT_TEXT = 400;
var FAST_DIGITS = 15;
function parseInteger(range, text, elementName = range) {
  const length = text.length;
  if (length > 0 && length <= FAST_DIGITS) {
    let index = text.charCodeAt(0) === 45 ? 1 : 0;
    let value2 = 0;
    if (index < length) {
      for (; index < length; index++) {
        const digit = text.charCodeAt(index) - 48;
        if (digit < 0 || digit > 9) break;
        value2 = value2 * 10 + digit;
      }
      if (index === length) {
        const signed = text.charCodeAt(0) === 45 ? -value2 : value2;
        const [min2, max2] = INTEGER_RANGES[range];
        if (signed < min2 || signed > max2) throw new ClixmlValueError(elementName, text, `outside ${min2}..${max2}`);
        return signed === 0 ? 0 : signed;
      }
    }
  }
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
  if (!Number.isFinite(tag === "Sg" ? Math.fround(value) : value)) {
    throw new ClixmlValueError(tag, text, `outside the range of a ${tag === "Sg" ? "Single" : "Double"}`);
  }
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

// ../../../packages/clixml/src/values/ps-object.ts
import { encodeBase64 } from "@psrp/fragment";
var DESERIALIZED_PREFIX = "Deserialized.";
function withDeserializedPrefix(name) {
  if (name.startsWith(DESERIALIZED_PREFIX)) return name;
  const first = name.charCodeAt(0);
  const maybePrefixed = (first === 68 || first === 100) && name.slice(0, DESERIALIZED_PREFIX.length).toLowerCase() === "deserialized.";
  return maybePrefixed ? name : DESERIALIZED_PREFIX + name;
}
var REHYDRATED_TYPE_NAMES = /* @__PURE__ */ new Set([
  "Microsoft.PowerShell.Commands.ModuleSpecification",
  "System.Globalization.CultureInfo",
  "System.Management.Automation.Breakpoint",
  "System.Management.Automation.BreakpointUpdatedEventArgs",
  "System.Management.Automation.CommandCompletion",
  "System.Management.Automation.CompletionResult",
  "System.Management.Automation.CustomControlEntry",
  "System.Management.Automation.CustomItemBase",
  "System.Management.Automation.DebuggerCommand",
  "System.Management.Automation.DebuggerCommandResults",
  "System.Management.Automation.DebuggerStopEventArgs",
  "System.Management.Automation.DisplayEntry",
  "System.Management.Automation.EntrySelectedBy",
  "System.Management.Automation.ExtendedTypeDefinition",
  "System.Management.Automation.FormatViewDefinition",
  "System.Management.Automation.JobStateEventArgs",
  "System.Management.Automation.JobStateInfo",
  "System.Management.Automation.ListControlEntry",
  "System.Management.Automation.ListControlEntryItem",
  "System.Management.Automation.ParameterSetMetadata",
  "System.Management.Automation.PSControl",
  "System.Management.Automation.PSControlGroupBy",
  "System.Management.Automation.PSCredential",
  "System.Management.Automation.PSListModifier",
  "System.Management.Automation.PSPrimitiveDictionary",
  "System.Management.Automation.Remoting.PSSessionOption",
  "System.Management.Automation.SwitchParameter",
  "System.Management.Automation.TableControlColumn",
  "System.Management.Automation.TableControlColumnHeader",
  "System.Management.Automation.TableControlRow",
  "System.Management.Automation.WideControlEntryItem",
  "System.Net.IPAddress",
  "System.Net.Mail.MailAddress",
  "System.Security.AccessControl.FileSystemSecurity",
  "System.Security.AccessControl.RegistrySecurity",
  "System.Security.Cryptography.X509Certificates.X500DistinguishedName",
  "System.Security.Cryptography.X509Certificates.X509Certificate2"
]);
function withoutDeserializedPrefix(name) {
  return withDeserializedPrefix(name) === name ? name.slice(DESERIALIZED_PREFIX.length) : name;
}
function presentTypeNames(original) {
  const plain = original.map(withoutDeserializedPrefix);
  return plain.some((name) => REHYDRATED_TYPE_NAMES.has(name)) ? plain : original.map(withDeserializedPrefix);
}
function createPropertyRecord(from) {
  const record = /* @__PURE__ */ Object.create(null);
  if (from !== void 0) {
    for (const name of Object.keys(from)) record[name] = from[name];
  }
  return record;
}
var TARGET = /* @__PURE__ */ Symbol("PSObject target");
var BARE = /* @__PURE__ */ Symbol("bare PSObject");
var EMPTY_INIT = Object.freeze({});
var PSObject = class _PSObject {
  /**
   * Most specific first, as PowerShell presents them: a deserialized object's names carry the
   * `Deserialized.` prefix PowerShell's deserializer adds (`Deserialized.System.Diagnostics.Process`). The
   * names as the sender wrote them are `originalTypeNames`.
   */
  typeNames;
  /** `<ToString>`: the sender's ToString() of the object, or null. */
  toStringValue;
  /** `<Props>`: adapted (.NET) properties. */
  adapted;
  /** `<MS>`: extended (note) properties. Remoting message bodies keep all their fields here. */
  extended;
  /** A primitive inside the Obj (an enum's `<I32>`), or the content of LST/IE/STK/QUE (array) or DCT. */
  baseValue;
  // Kept in private fields, so that equality checks and JSON see only the public ones.
  #typeNameSource = void 0;
  #unknownElements = void 0;
  #listTag = void 0;
  constructor(init = {}, bare) {
    this.typeNames = init.typeNames === void 0 ? [] : [...init.typeNames];
    this.toStringValue = init.toStringValue ?? null;
    this.adapted = createPropertyRecord(init.adapted);
    this.extended = createPropertyRecord(init.extended);
    this.baseValue = init.baseValue;
    if (bare !== BARE) return new Proxy(this, MEMBER_ACCESS);
  }
  /** The type names as the sender wrote them (for an object built here: `typeNames`). */
  get originalTypeNames() {
    const self = targetOf(this);
    return self.#typeNameSource?.original ?? self.typeNames;
  }
  /** True when this object's type names came from deserialize (they carry the `Deserialized.` prefix). */
  get isDeserialized() {
    return targetOf(this).#typeNameSource !== void 0;
  }
  /**
   * Elements a newer serializer wrote inside this `<Obj>` that this version does not know, in order;
   * serialize() writes them back.
   */
  get unknownElements() {
    return targetOf(this).#unknownElements ?? [];
  }
  set unknownElements(elements) {
    targetOf(this).#unknownElements = elements;
  }
  /** A property by name: extended first, then adapted (PowerShell's lookup order), then ignoring case. */
  get(name) {
    return findProperty(this.extended, this.adapted, name);
  }
  /** PowerShell's string conversion (`"$object"`): ToString when the sender wrote one, else as PowerShell builds it. */
  toString() {
    return objectString(this, true);
  }
  /** The primitive inside (an enum's number, a string with notes), so `color == 9` works; otherwise the object. */
  valueOf() {
    const base = this.baseValue;
    return base !== null && base !== void 0 && typeof base !== "object" ? base : this;
  }
  /**
   * A plain view for printing: properties merged, containers and enums unwrapped; cycles cut. Shared
   * objects are repeated in full, up to MAX_PLAIN_NODES nodes, so hostile input cannot make it explode.
   */
  toJSON() {
    return toPlainValue(this, newPlainContext());
  }
  /** For the reader: a new object and the target behind its proxy, whose fields it fills without the traps. */
  static createForReader() {
    const target = new _PSObject(EMPTY_INIT, BARE);
    return { object: new Proxy(target, MEMBER_ACCESS), target };
  }
  static setTypeNameSource(object, source) {
    const self = targetOf(object);
    self.typeNames = source.presented.slice();
    self.#typeNameSource = source;
  }
  static setListTag(object, tag) {
    targetOf(object).#listTag = tag;
  }
  static listTagOf(object) {
    return targetOf(object).#listTag;
  }
  static typeNameSourceOf(object) {
    return targetOf(object).#typeNameSource;
  }
};
function targetOf(object) {
  return object[TARGET] ?? object;
}
function setTypeNameSource(object, source) {
  PSObject.setTypeNameSource(object, source);
}
function setListTag(object, tag) {
  PSObject.setListTag(object, tag);
}
function listTagOf(object) {
  return PSObject.listTagOf(object);
}
function typeNamesToWrite(object) {
  const typeNames = object.typeNames;
  const source = PSObject.typeNameSourceOf(object);
  if (source === void 0) return typeNames;
  const presented = source.presented;
  if (presented.length !== typeNames.length) return typeNames;
  for (let index = 0; index < typeNames.length; index++) {
    if (typeNames[index] !== presented[index]) return typeNames;
  }
  return source.original;
}
function findProperty(extended, adapted, name) {
  if (name in extended) return extended[name];
  if (name in adapted) return adapted[name];
  const lower = name.toLowerCase();
  for (const record of [extended, adapted]) {
    for (const key in record) {
      if (key.toLowerCase() === lower) return record[key];
    }
  }
  return void 0;
}
function recordHolding(target, name) {
  const { extended, adapted } = target;
  if (name in extended) return extended;
  if (name in adapted) return adapted;
  return void 0;
}
var MEMBER_ACCESS = {
  get(target, key, receiver) {
    if (key === TARGET) return target;
    if (typeof key !== "string" || key in target) return Reflect.get(target, key, receiver);
    const property = findProperty(target.extended, target.adapted, key);
    if (property !== void 0) return property;
    const base = target.baseValue;
    return base instanceof Map ? base.get(key) : void 0;
  },
  set(target, key, value, receiver) {
    if (typeof key !== "string" || key in target) return Reflect.set(target, key, value, receiver);
    (recordHolding(target, key) ?? target.extended)[key] = value;
    return true;
  },
  has(target, key) {
    if (key in target) return true;
    return typeof key === "string" && findProperty(target.extended, target.adapted, key) !== void 0;
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
var ORDERED_DICTIONARY = "System.Collections.Specialized.OrderedDictionary";
function containerTypeName(object) {
  const base = object.baseValue;
  const first = withoutDeserializedPrefix(object.originalTypeNames[0] ?? "");
  if (base instanceof Map) return first === ORDERED_DICTIONARY ? ORDERED_DICTIONARY : "System.Collections.Hashtable";
  if (!object.isDeserialized) return "System.Object[]";
  const tag = listTagOf(object);
  if (tag === "STK" || first === "System.Collections.Stack") return "System.Collections.Stack";
  if (tag === "QUE" || first === "System.Collections.Queue") return "System.Collections.Queue";
  return "System.Collections.ArrayList";
}
function objectString(object, topLevel) {
  if (object.toStringValue !== null) return object.toStringValue;
  const base = object.baseValue;
  if (base !== void 0 && base !== null && !(Array.isArray(base) || base instanceof Map)) return itemString(base);
  if (Array.isArray(base) || base instanceof Map) {
    if (!topLevel || base instanceof Map) return containerTypeName(object);
    return base.map((item) => itemString(item)).join(" ");
  }
  if (!topLevel) return "";
  const parts = [];
  for (const record of [object.adapted, object.extended]) {
    for (const name of Object.keys(record)) {
      const item = record[name];
      if (!(item instanceof PSMemberSet)) parts.push(`${name}=${itemString(item)}`);
    }
  }
  return parts.length === 0 ? "" : `@{${parts.join("; ")}}`;
}
function itemString(value) {
  if (value === null || value === void 0) return "";
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return numberString(value);
    case "bigint":
      return String(value);
    default:
      break;
  }
  if (value instanceof PSObject) return objectString(value, false);
  if (value instanceof Date) return dateString(value);
  if (Array.isArray(value)) return "System.Object[]";
  if (value instanceof Map) return "System.Collections.Hashtable";
  if (value instanceof Uint8Array) return "System.Byte[]";
  return String(value);
}
function numberString(value) {
  const text = formatDouble(value);
  return text === "INF" ? "Infinity" : text === "-INF" ? "-Infinity" : text;
}
function dateString(value) {
  const offsetMinutes = value.offsetMinutes ?? 0;
  const wall = new Date(value.getTime() + offsetMinutes * 6e4);
  const pad2 = (part) => String(part).padStart(2, "0");
  return `${pad2(wall.getUTCMonth() + 1)}/${pad2(wall.getUTCDate())}/${String(wall.getUTCFullYear()).padStart(4, "0")} ${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(wall.getUTCSeconds())}`;
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

// ../../../packages/clixml/src/values/ps-progress-record.ts
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

// ../../../packages/clixml/src/values/ps-unknown-element.ts
var PSUnknownElement = class {
  /** The element name, e.g. `SemanticVersion`. */
  tag;
  /** Attributes as written, XML-decoded (an `N` here is also the property name it arrived under). */
  attributes;
  /** Child elements and text, in order; text is XML-decoded but not `_xHHHH_`-decoded. */
  children;
  constructor(tag, attributes = {}, children = []) {
    this.tag = tag;
    this.attributes = Object.assign(/* @__PURE__ */ Object.create(null), attributes);
    this.children = children;
  }
  /** The text inside, children included. */
  get text() {
    return this.children.map((child) => typeof child === "string" ? child : child.text).join("");
  }
  toString() {
    return this.text;
  }
  toJSON() {
    return { tag: this.tag, attributes: { ...this.attributes }, text: this.text };
  }
};

// ../../../packages/clixml/src/xml-text.ts
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
function decodeXmlText(input, start, end, isAttribute, firstAmpersand, offsetBase = 0) {
  const raw = input.slice(start, end);
  if (firstAmpersand < 0 || firstAmpersand >= end) return isAttribute ? normalizeAttribute(raw) : normalizeLineEnds(raw);
  let out = "";
  let copied = 0;
  let ampersand = firstAmpersand - start;
  while (ampersand >= 0) {
    const semicolon = raw.indexOf(";", ampersand + 1);
    if (semicolon < 0 || semicolon - ampersand >= MAX_REFERENCE_LENGTH) {
      throw new ClixmlParseError("'&' that does not start an entity or character reference", offsetBase + start + ampersand);
    }
    const literal = raw.slice(copied, ampersand);
    out += isAttribute ? normalizeAttribute(literal) : normalizeLineEnds(literal);
    out += decodeReference(raw, ampersand, semicolon, offsetBase + start);
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

// ../../../packages/clixml/src/xml-tokenizer.ts
var TOKEN_END = 0;
var TOKEN_START_TAG = 1;
var TOKEN_END_TAG = 2;
var TOKEN_TEXT = 3;
var TOKEN_MORE = 4;
var LESS_THAN = 60;
var GREATER_THAN = 62;
var SLASH = 47;
var BANG = 33;
var QUESTION = 63;
var EQUALS = 61;
var DOUBLE_QUOTE = 34;
var SINGLE_QUOTE = 39;
var CARRIAGE_RETURN2 = 13;
var BYTE_ORDER_MARK = 65279;
var FIRST_NON_ASCII = 128;
var FIRST_HIGH_SURROGATE = 55296;
var LAST_HIGH_SURROGATE = 56319;
var FIRST_LOW_SURROGATE = 56320;
var LAST_LOW_SURROGATE = 57343;
var COMMENT_OPEN = "<!--";
var COMMENT_CLOSE = "-->";
var CDATA_OPEN = "<![CDATA[";
var CDATA_CLOSE = "]]>";
var DECLARATION_OPEN = "<?xml";
var DECLARATION_CLOSE = "?>";
var CLIXML_STDERR_MARKER = "#< CLIXML";
var DECLARATION_NAME_WINDOW = 16;
var END_TAG_OPEN_LENGTH = 2;
var MAX_ATTRIBUTES = 32;
var TAG_MARKUP_ALLOWANCE = 1024;
var OUTSIDE_SIMPLE_CHAR_RANGES = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;
function findInvalidXmlCharacter(text) {
  const pattern = OUTSIDE_SIMPLE_CHAR_RANGES;
  pattern.lastIndex = 0;
  for (; ; ) {
    const match = pattern.exec(text);
    if (match === null) return -1;
    const index = match.index;
    const code = text.charCodeAt(index);
    if (code >= FIRST_HIGH_SURROGATE && code <= LAST_HIGH_SURROGATE) {
      const next = text.charCodeAt(index + 1);
      if (next >= FIRST_LOW_SURROGATE && next <= LAST_LOW_SURROGATE) {
        pattern.lastIndex = index + 2;
        continue;
      }
    }
    return index;
  }
}
var KNOWN_NAMES = [
  "Objs",
  "Obj",
  "Ref",
  "TN",
  "TNRef",
  "T",
  "ToString",
  "Props",
  "MS",
  "LST",
  "IE",
  "STK",
  "QUE",
  "DCT",
  "En",
  "Nil",
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
  "SS",
  "PR",
  "AV",
  "AI",
  "PI",
  "PC",
  "SR",
  "SD",
  "CO",
  "N",
  "RefId",
  "xmlns"
];
var NAME_SLOTS = 128;
var MAX_KNOWN_NAME_LENGTH = 8;
var KNOWN_NAMES_BY_SHAPE = [];
for (const name of KNOWN_NAMES) {
  const slot = name.length * NAME_SLOTS + name.charCodeAt(0);
  (KNOWN_NAMES_BY_SHAPE[slot] ??= []).push(name);
}
function nameAt(input, start, end) {
  const length = end - start;
  if (length <= MAX_KNOWN_NAME_LENGTH) {
    const first = input.charCodeAt(start);
    const candidates = first < NAME_SLOTS ? KNOWN_NAMES_BY_SHAPE[length * NAME_SLOTS + first] : void 0;
    if (candidates !== void 0) {
      for (const candidate of candidates) if (input.startsWith(candidate, start)) return candidate;
    }
  }
  return input.slice(start, end);
}
var NAME_CHAR = new Uint8Array(FIRST_NON_ASCII);
for (let code = 0; code < FIRST_NON_ASCII; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME_CHAR[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME_CHAR[code] = 1;
}
function isWhitespaceCode(code) {
  return code === 32 || code === 10 || code === 9 || code === 13;
}
var NEED_MORE = /* @__PURE__ */ Symbol("need more input");
var XmlTokenizer = class _XmlTokenizer {
  /** Name of the current start or end tag. */
  tagName = "";
  /** The current start tag ended with `/>`: no end-tag token follows. */
  selfClosing = false;
  attributeCount = 0;
  attributeNames = [];
  attributeValues = [];
  /** Offset in the whole input where the current token starts, for error messages. */
  tokenStart = 0;
  /** The current text token: where it is in the buffer, whether it is CDATA, and its decoded text once asked for. */
  #textStart = 0;
  #textEnd = 0;
  #textIsCData = false;
  #textValue = null;
  #limits;
  #rootSequence;
  /** Buffered input; #base is the offset of its first character in the whole input. */
  #input = "";
  #position = 0;
  #base = 0;
  /** Characters pushed so far (whole input), for the offsets of invalid characters. */
  #pushed = 0;
  /** A high surrogate that ended a chunk, held back until the next chunk says whether its pair follows. */
  #heldSurrogate = "";
  #ended = false;
  /** 1 when a BOM was skipped: where an XML declaration may stand. */
  #documentStart = 0;
  /** While the pending token is shorter than this, more input cannot complete it yet (amortizes rescans). */
  #retryLength = 0;
  #openNames = [];
  #elementCount = 0;
  #rootsClosed = 0;
  #pendingSelfClose = false;
  /** First '&' at or after the last position asked about, -1 when none is left; only ever moves forward. */
  #nextAmpersand = -2;
  /** First '<' at or after the last position asked about, -1 when none is left. */
  #nextLessThan = -2;
  /**
   * `rootSequence`: several root elements in a row, with whitespace and `#< CLIXML` lines before and between
   * them (the stderr of powershell.exe, which starts a new `<Objs>` document for each record).
   */
  constructor(limits, rootSequence = false) {
    this.#limits = limits;
    this.#rootSequence = rootSequence;
  }
  /** A tokenizer over one complete text. */
  static of(input, limits, rootSequence = false) {
    const tokenizer = new _XmlTokenizer(limits, rootSequence);
    tokenizer.push(input);
    tokenizer.end();
    return tokenizer;
  }
  /** Current element nesting depth (the root element is depth 1). */
  get depth() {
    return this.#openNames.length;
  }
  /** Appends input. A U+FEFF (the BOM PowerShell writes) at the very start is skipped. */
  push(chunk) {
    if (this.#ended) throw new Error("push() after end()");
    let text = this.#heldSurrogate + chunk;
    this.#heldSurrogate = "";
    if (this.#pushed === 0 && this.#input.length === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK) {
      text = text.slice(1);
      this.#base = 1;
      this.#pushed = 1;
      this.#documentStart = 1;
    }
    const last = text.charCodeAt(text.length - 1);
    if (last >= FIRST_HIGH_SURROGATE && last <= LAST_HIGH_SURROGATE) {
      this.#heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    this.#check(text);
    if (this.#position === 0) {
      this.#input += text;
    } else {
      this.#base += this.#position;
      this.#input = this.#input.slice(this.#position) + text;
      this.#position = 0;
    }
    this.#nextAmpersand = -2;
    this.#nextLessThan = -2;
  }
  /** No more input follows. */
  end() {
    if (this.#ended) return;
    const held = this.#heldSurrogate;
    this.#heldSurrogate = "";
    if (held.length > 0) {
      this.#check(held);
    }
    this.#ended = true;
    this.#retryLength = 0;
  }
  #check(text) {
    const invalid = findInvalidXmlCharacter(text);
    if (invalid >= 0) {
      const code = text.charCodeAt(invalid).toString(16).toUpperCase().padStart(4, "0");
      throw new ClixmlParseError(`U+${code} is not allowed in XML`, this.#pushed + invalid);
    }
    this.#pushed += text.length;
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
    if (!this.#ended && this.#input.length - this.#position < this.#retryLength) return TOKEN_MORE;
    const start = this.#position;
    try {
      const kind = this.#nextToken();
      this.#retryLength = 0;
      return kind;
    } catch (error) {
      if (error !== NEED_MORE) throw error;
      this.#position = start;
      const pending = this.#input.length - start;
      if (pending > this.#limits.maxStringLength + TAG_MARKUP_ALLOWANCE) {
        throw new ClixmlLimitError("maxStringLength", this.#limits.maxStringLength, `markup at offset ${this.#base + start}`);
      }
      this.#retryLength = pending * 2;
      return TOKEN_MORE;
    }
  }
  /** Throws NEED_MORE when chunked input ends before `position` could be read. */
  #needMore() {
    throw NEED_MORE;
  }
  #nextToken() {
    const input = this.#input;
    const length = input.length;
    for (; ; ) {
      const position = this.#position;
      this.tokenStart = this.#base + position;
      if (position >= length) {
        if (!this.#ended) return TOKEN_MORE;
        if (this.#openNames.length > 0) {
          throw new ClixmlParseError(`input ends inside <${this.#openNames[this.#openNames.length - 1]}>`, this.tokenStart);
        }
        if (this.#rootsClosed === 0) throw new ClixmlParseError("no root element", this.tokenStart);
        return TOKEN_END;
      }
      if (input.charCodeAt(position) !== LESS_THAN) {
        if (this.#openNames.length === 0) {
          this.#skipOutsideRoot(position);
          continue;
        }
        return this.#readText(position);
      }
      if (position + 1 >= length) {
        if (this.#ended) throw new ClixmlParseError("input ends after '<'", this.tokenStart);
        this.#needMore();
      }
      const marker = input.charCodeAt(position + 1);
      if (marker === SLASH) return this.#readEndTag(position);
      if (marker === BANG) {
        if (this.#readBangMarkup(position)) return TOKEN_TEXT;
        continue;
      }
      if (marker === QUESTION) {
        this.#readProcessingInstruction(position);
        continue;
      }
      return this.#readStartTag(position);
    }
  }
  /** Character data inside the root. With chunked input, a run that reaches the end is handed out as far as it is complete. */
  #readText(position) {
    const input = this.#input;
    let end = this.#lessThanFrom(position);
    if (end < 0) {
      end = input.length;
      if (!this.#ended) {
        const ampersand = input.lastIndexOf("&", end - 1);
        if (ampersand >= position && input.indexOf(";", ampersand) < 0) end = ampersand;
        if (end > position && input.charCodeAt(end - 1) === CARRIAGE_RETURN2) end--;
        if (end === position) return TOKEN_MORE;
      }
    }
    this.#position = end;
    this.#setText(position, end, false);
    return TOKEN_TEXT;
  }
  #setText(start, end, isCData) {
    this.#textStart = start;
    this.#textEnd = end;
    this.#textIsCData = isCData;
    this.#textValue = null;
  }
  /**
   * Decoded character data of the current text token (one piece of it, for chunked input). Decoded when asked
   * for, so that the indentation between elements of a pretty-printed document costs no string.
   */
  get text() {
    if (this.#textValue === null) {
      this.#textValue = this.#textIsCData ? decodeCData(this.#input, this.#textStart, this.#textEnd) : decodeXmlText(this.#input, this.#textStart, this.#textEnd, false, this.#ampersandFrom(this.#textStart), this.#base);
    }
    return this.#textValue;
  }
  /** True when the current text token is only XML whitespace (as written: a reference to a space is not). */
  get textIsWhitespace() {
    return isXmlWhitespace(this.#input, this.#textStart, this.#textEnd);
  }
  /** Whitespace around the root; in a root sequence also the `#< CLIXML` lines before and between documents. */
  #skipOutsideRoot(position) {
    const input = this.#input;
    const length = input.length;
    let cursor = position;
    for (; ; ) {
      while (cursor < length && isWhitespaceCode(input.charCodeAt(cursor))) cursor++;
      if (cursor >= length || input.charCodeAt(cursor) === LESS_THAN) break;
      if (!this.#rootSequence || !this.#startsWith(CLIXML_STDERR_MARKER, cursor)) {
        throw new ClixmlParseError("text outside the root element", this.#base + cursor);
      }
      const lineEnd = input.indexOf("\n", cursor + CLIXML_STDERR_MARKER.length);
      if (lineEnd < 0 && !this.#ended) this.#needMore();
      const rest = lineEnd < 0 ? length : lineEnd;
      if (!isXmlWhitespace(input, cursor + CLIXML_STDERR_MARKER.length, rest)) {
        throw new ClixmlParseError("text after #< CLIXML on its line", this.#base + cursor);
      }
      cursor = rest;
    }
    this.#position = cursor;
  }
  /** Comments (skipped), CDATA (a text token: returns true) and the declarations CLIXML never uses (refused). */
  #readBangMarkup(position) {
    const input = this.#input;
    if (this.#startsWith(COMMENT_OPEN, position)) {
      this.#position = this.#skipPast(COMMENT_CLOSE, position + COMMENT_OPEN.length, "comment");
      return false;
    }
    if (this.#startsWith(CDATA_OPEN, position)) {
      if (this.#openNames.length === 0) throw new ClixmlParseError("CDATA outside the root element", this.#base + position);
      const contentStart = position + CDATA_OPEN.length;
      const next = this.#skipPast(CDATA_CLOSE, contentStart, "CDATA section");
      this.#setText(contentStart, next - CDATA_CLOSE.length, true);
      this.#position = next;
      return true;
    }
    const window = input.slice(position, position + DECLARATION_NAME_WINDOW);
    if (!this.#ended && window.length < DECLARATION_NAME_WINDOW && /^<![A-Z]*$/.test(window)) this.#needMore();
    const declaration = /^<!([A-Z]+)/.exec(window);
    if (declaration !== null) throw new ClixmlForbiddenMarkupError(`<!${declaration[1]}>`, this.#base + position);
    throw new ClixmlParseError("malformed markup after '<!'", this.#base + position);
  }
  /** `input.startsWith(prefix, position)`, asking for more input while what is buffered could still become it. */
  #startsWith(prefix, position) {
    const input = this.#input;
    if (input.startsWith(prefix, position)) return true;
    const available = input.length - position;
    if (!this.#ended && available < prefix.length && prefix.startsWith(input.slice(position))) this.#needMore();
    return false;
  }
  #skipPast(terminator, from, what) {
    const end = this.#input.indexOf(terminator, from);
    if (end < 0) {
      if (!this.#ended) this.#needMore();
      throw new ClixmlParseError(`unterminated ${what}`, this.#base + from);
    }
    return end + terminator.length;
  }
  /** Only the XML declaration, and only as the very first thing in the input. */
  #readProcessingInstruction(position) {
    const atStart = this.#base + position === this.#documentStart;
    const isDeclaration = atStart && this.#startsWith(DECLARATION_OPEN, position) && isWhitespaceCode(this.#charAt(position + DECLARATION_OPEN.length));
    if (!isDeclaration) throw new ClixmlForbiddenMarkupError("processing instruction", this.#base + position);
    this.#position = this.#skipPast(DECLARATION_CLOSE, position + DECLARATION_OPEN.length, "XML declaration");
  }
  /** The code unit at `index`; NaN past the end of complete input, NEED_MORE past the end of chunked input. */
  #charAt(index) {
    if (index >= this.#input.length && !this.#ended) this.#needMore();
    return this.#input.charCodeAt(index);
  }
  #readName(position) {
    const input = this.#input;
    const first = this.#charAt(position);
    if (!(first >= FIRST_NON_ASCII || NAME_CHAR[first] === 2)) {
      throw new ClixmlParseError("expected a name", this.#base + position);
    }
    let end = position + 1;
    for (; ; ) {
      const code = input.charCodeAt(end);
      if (code >= FIRST_NON_ASCII || (NAME_CHAR[code] ?? 0) > 0) end++;
      else if (end >= input.length && !this.#ended) this.#needMore();
      else return end;
    }
  }
  #skipWhitespace(position) {
    while (isWhitespaceCode(this.#charAt(position))) position++;
    return position;
  }
  #readStartTag(position) {
    const input = this.#input;
    if (this.#rootsClosed > 0 && !this.#rootSequence && this.#openNames.length === 0) {
      throw new ClixmlParseError("more than one root element", this.#base + position);
    }
    const nameEnd = this.#readName(position + 1);
    const name = nameAt(input, position + 1, nameEnd);
    let cursor = nameEnd;
    let count = 0;
    for (; ; ) {
      const afterSpace = this.#skipWhitespace(cursor);
      const code = this.#charAt(afterSpace);
      if (code === GREATER_THAN) {
        cursor = afterSpace + 1;
        this.selfClosing = false;
        break;
      }
      if (code === SLASH) {
        if (this.#charAt(afterSpace + 1) !== GREATER_THAN) throw new ClixmlParseError("expected '>' after '/'", this.#base + afterSpace);
        cursor = afterSpace + "/>".length;
        this.selfClosing = true;
        break;
      }
      if (Number.isNaN(code)) throw new ClixmlParseError(`input ends inside the <${name}> tag`, this.#base + afterSpace);
      if (afterSpace === cursor) throw new ClixmlParseError("expected whitespace before an attribute", this.#base + afterSpace);
      if (count === MAX_ATTRIBUTES) throw new ClixmlParseError(`more than ${MAX_ATTRIBUTES} attributes on <${name}>`, this.#base + afterSpace);
      cursor = this.#readAttribute(afterSpace, count, name);
      count++;
    }
    this.#checkTagLength(position, cursor);
    this.attributeCount = count;
    this.tagName = name;
    this.#position = cursor;
    this.#openElement(name, position);
    if (this.selfClosing) this.#pendingSelfClose = true;
    return TOKEN_START_TAG;
  }
  /** Names and attribute values count toward maxStringLength: one tag is never longer. */
  #checkTagLength(start, end) {
    if (end - start > this.#limits.maxStringLength + TAG_MARKUP_ALLOWANCE) {
      throw new ClixmlLimitError("maxStringLength", this.#limits.maxStringLength, `tag at offset ${this.#base + start}`);
    }
  }
  /** Reads `name="value"` at `position` into slot `slot`; returns the offset after the closing quote. */
  #readAttribute(position, slot, tagName) {
    const input = this.#input;
    const nameEnd = this.#readName(position);
    const name = nameAt(input, position, nameEnd);
    for (let index = 0; index < slot; index++) {
      if (this.attributeNames[index] === name) {
        throw new ClixmlParseError(`attribute ${name} repeated on <${tagName}>`, this.#base + position);
      }
    }
    const equals = this.#skipWhitespace(nameEnd);
    if (this.#charAt(equals) !== EQUALS) throw new ClixmlParseError(`expected '=' after attribute ${name}`, this.#base + equals);
    const quotePosition = this.#skipWhitespace(equals + 1);
    const quote = this.#charAt(quotePosition);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
      throw new ClixmlParseError(`expected a quoted value for attribute ${name}`, this.#base + quotePosition);
    }
    const valueEnd = input.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", quotePosition + 1);
    if (valueEnd < 0) {
      if (!this.#ended) this.#needMore();
      throw new ClixmlParseError(`unterminated value of attribute ${name}`, this.#base + quotePosition);
    }
    const lessThan = this.#lessThanFrom(quotePosition + 1);
    if (lessThan >= 0 && lessThan < valueEnd) {
      throw new ClixmlParseError(`'<' in the value of attribute ${name}`, this.#base + lessThan);
    }
    this.attributeNames[slot] = name;
    this.attributeValues[slot] = decodeXmlText(input, quotePosition + 1, valueEnd, true, this.#ampersandFrom(quotePosition + 1), this.#base);
    return valueEnd + 1;
  }
  /** Positions asked about only grow (until more input arrives), so all searches together scan the input once. */
  #ampersandFrom(position) {
    if (this.#nextAmpersand !== -1 && this.#nextAmpersand < position) {
      this.#nextAmpersand = this.#input.indexOf("&", position);
    }
    return this.#nextAmpersand;
  }
  /** The first '<' at or after `position`, cached the same way: an attribute's check and the text after the tag share one scan. */
  #lessThanFrom(position) {
    if (this.#nextLessThan !== -1 && this.#nextLessThan < position) {
      this.#nextLessThan = this.#input.indexOf("<", position);
    }
    return this.#nextLessThan;
  }
  #readEndTag(position) {
    const input = this.#input;
    const nameStart = position + END_TAG_OPEN_LENGTH;
    const open = this.#openNames[this.#openNames.length - 1];
    const after = open === void 0 ? Number.NaN : input.charCodeAt(nameStart + open.length);
    const matchesOpen = open !== void 0 && (after === GREATER_THAN || isWhitespaceCode(after)) && input.startsWith(open, nameStart);
    const nameEnd = matchesOpen ? nameStart + open.length : this.#readName(nameStart);
    const name = matchesOpen ? open : input.slice(nameStart, nameEnd);
    const close = this.#skipWhitespace(nameEnd);
    if (this.#charAt(close) !== GREATER_THAN) throw new ClixmlParseError(`expected '>' to end </${name}`, this.#base + close);
    this.#checkTagLength(position, close);
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
  /** Starts a new element budget: a streaming reader gives each top-level value its own. */
  resetElementCount() {
    this.#elementCount = 0;
  }
  #openElement(name, position) {
    if (this.#openNames.length >= this.#limits.maxDepth) {
      throw new ClixmlLimitError("maxDepth", this.#limits.maxDepth, `element nesting at offset ${this.#base + position}`);
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
    if (this.#openNames.length === 0) this.#rootsClosed++;
  }
};

// ../../../packages/clixml/src/clixml-reader.ts
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
var FRAME_UNKNOWN = 11;
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
  /** The object handed out (a proxy), and the target behind it that the reader fills. */
  object = null;
  target = null;
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
  /** FRAME_UNKNOWN: the element's attributes and children, kept as they came. */
  attributes = null;
  children = null;
  constructor(kind, tag, offset) {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
  }
  reset(kind, tag, offset) {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
    this.name = void 0;
    this.stream = null;
    this.refId = void 0;
    this.text = "";
    this.object = null;
    this.target = null;
    this.hasBaseValue = false;
    this.record = null;
    this.isNestedMemberSet = false;
    this.list = null;
    this.dictionary = null;
    this.key = void 0;
    this.hasKey = false;
    this.value = void 0;
    this.hasValue = false;
    this.typeNames = null;
    this.progress = null;
    this.hasCurrentOperation = false;
    this.attributes = null;
    this.children = null;
    return this;
  }
};
function dropOldest(table, count) {
  let left = count;
  for (const key of table.keys()) {
    table.delete(key);
    if (--left === 0) return;
  }
}
var ClixmlReader = class _ClixmlReader {
  #tokenizer;
  #limits;
  #mode;
  #frames;
  #pool = [];
  #objects = /* @__PURE__ */ new Map();
  #typeNames = /* @__PURE__ */ new Map();
  #entries = [];
  #root;
  #finished = false;
  constructor(limits, mode) {
    this.#limits = limits;
    this.#mode = mode;
    this.#tokenizer = new XmlTokenizer(limits, mode !== "value");
    this.#root = new Frame(FRAME_ROOT, "", 0);
    this.#frames = [this.#root];
  }
  /** Reads one complete text. */
  static read(input, limits, mode) {
    const reader = new _ClixmlReader(limits, mode);
    reader.push(input);
    reader.end();
    return reader;
  }
  push(chunk) {
    this.#tokenizer.push(chunk);
    this.#run();
  }
  end() {
    this.#tokenizer.end();
    this.#run();
  }
  /** True once the whole input was read. */
  get finished() {
    return this.#finished;
  }
  /** The root value ('value' mode), after end(). */
  get value() {
    return this.#root.value;
  }
  /** Top-level values of `<Objs>` documents completed since the last call. */
  takeEntries() {
    return this.#entries.splice(0, this.#entries.length);
  }
  #run() {
    const tokenizer = this.#tokenizer;
    const frames = this.#frames;
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
        case TOKEN_MORE:
          return;
        case TOKEN_END:
          this.#finished = true;
          return;
      }
    }
  }
  /** The frame for an element opening at the current depth: the one used there before, reset. */
  #frame(kind, tag, offset) {
    const depth = this.#frames.length;
    const pooled = this.#pool[depth];
    if (pooled !== void 0) return pooled.reset(kind, tag, offset);
    const frame = new Frame(kind, tag, offset);
    this.#pool[depth] = frame;
    return frame;
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
    if (parent.kind === FRAME_UNKNOWN) return this.#openUnknown(tag, offset);
    if (parent.kind === FRAME_TEXT || parent.kind === FRAME_EMPTY) {
      this.#fail(`<${parent.tag}> cannot contain elements (found <${tag}>)`);
    }
    switch (tag) {
      case ELEMENT.objects: {
        if (parent.kind !== FRAME_ROOT || this.#mode === "value") {
          this.#fail("<Objs> is a document root: read it with deserializeDocument()");
        }
        this.#objects.clear();
        this.#typeNames.clear();
        return this.#frame(FRAME_OBJECTS, tag, offset);
      }
      case ELEMENT.typeNames: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame2 = this.#frame(FRAME_TYPE_NAMES, tag, offset);
        frame2.refId = tokenizer.attribute(ATTRIBUTE.refId);
        frame2.typeNames = [];
        return frame2;
      }
      case ELEMENT.typeNamesReference:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#referenceFrame(tag, offset);
      case ELEMENT.toString:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#frame(FRAME_TEXT, tag, offset);
      case ELEMENT.adaptedProperties: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame2 = this.#frame(FRAME_MEMBERS, tag, offset);
        frame2.record = parent.target.adapted;
        return frame2;
      }
      case ELEMENT.memberSet:
        return this.#openMemberSet(parent, offset);
      case ELEMENT.typeName:
        if (parent.kind !== FRAME_TYPE_NAMES && parent.kind !== FRAME_PROGRESS) {
          this.#fail("<T> is only allowed inside <TN> or <PR>");
        }
        return this.#frame(FRAME_TEXT, tag, offset);
      case ELEMENT.dictionaryEntry:
        this.#requireParent(parent, FRAME_DICTIONARY, tag, ELEMENT.dictionary);
        return this.#frame(FRAME_ENTRY, tag, offset);
      default:
        break;
    }
    if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(tag)) return this.#frame(FRAME_TEXT, tag, offset);
    if (parent.kind === FRAME_DICTIONARY || parent.kind === FRAME_TYPE_NAMES || parent.kind === FRAME_ROOT && this.#mode !== "value") {
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
        const frame = this.#frame(FRAME_OBJECT, tag, offset);
        const { object, target } = PSObject.createForReader();
        frame.object = object;
        frame.target = target;
        const refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
        if (refId !== void 0) {
          if (this.#mode === "stream") this.#objects.delete(refId);
          this.#objects.set(refId, object);
        }
        return frame;
      }
      case ELEMENT.reference:
        return this.#referenceFrame(tag, offset);
      case ELEMENT.nil:
        return this.#frame(FRAME_EMPTY, tag, offset);
      case ELEMENT.list:
      case ELEMENT.enumerable:
      case ELEMENT.stack:
      case ELEMENT.queue: {
        const frame = this.#frame(FRAME_LIST, tag, offset);
        frame.list = [];
        return frame;
      }
      case ELEMENT.dictionary: {
        const frame = this.#frame(FRAME_DICTIONARY, tag, offset);
        frame.dictionary = new PSDictionary();
        return frame;
      }
      case ELEMENT.progressRecord: {
        const frame = this.#frame(FRAME_PROGRESS, tag, offset);
        frame.progress = new PSProgressRecord();
        return frame;
      }
      default:
        if (PRIMITIVES.has(tag)) return this.#frame(FRAME_TEXT, tag, offset);
        return this.#openUnknown(tag, offset);
    }
  }
  #openUnknown(tag, offset) {
    const tokenizer = this.#tokenizer;
    const frame = this.#frame(FRAME_UNKNOWN, tag, offset);
    const attributes = /* @__PURE__ */ Object.create(null);
    for (let index = 0; index < tokenizer.attributeCount; index++) {
      attributes[tokenizer.attributeNames[index]] = tokenizer.attributeValues[index];
    }
    frame.attributes = attributes;
    frame.children = [];
    return frame;
  }
  #referenceFrame(tag, offset) {
    const frame = this.#frame(FRAME_EMPTY, tag, offset);
    frame.refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
    if (frame.refId === void 0) this.#fail(`<${tag}> without a RefId attribute`);
    return frame;
  }
  #openMemberSet(parent, offset) {
    const frame = this.#frame(FRAME_MEMBERS, ELEMENT.memberSet, offset);
    if (parent.kind === FRAME_OBJECT) {
      frame.record = parent.target.extended;
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
    const tokenizer = this.#tokenizer;
    if (frame.kind !== FRAME_TEXT && frame.kind !== FRAME_UNKNOWN) {
      if (!tokenizer.textIsWhitespace && !/^[ \t\r\n]*$/.test(tokenizer.text)) this.#fail(`text is not allowed directly inside <${frame.tag}>`);
      return;
    }
    const text = tokenizer.text;
    if (frame.kind === FRAME_TEXT) {
      frame.text = frame.text.length === 0 ? text : frame.text + text;
      this.#checkLength(frame, frame.text.length);
      return;
    }
    if (frame.kind === FRAME_UNKNOWN) {
      const children = frame.children;
      const last = children.length - 1;
      if (last >= 0 && typeof children[last] === "string") children[last] += text;
      else children.push(text);
      this.#checkLength(frame, children[children.length - 1].length);
    }
  }
  #checkLength(frame, length) {
    if (length > this.#limits.maxStringLength) {
      throw new ClixmlLimitError("maxStringLength", this.#limits.maxStringLength, `text of <${frame.tag}> at offset ${frame.offset}`);
    }
  }
  #close(frame, parent) {
    switch (frame.kind) {
      case FRAME_OBJECTS:
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
        if (frame.tag !== ELEMENT.list && parent.kind === FRAME_OBJECT) setListTag(parent.target, frame.tag);
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
        const original = frame.typeNames;
        const source = { original, presented: presentTypeNames(original) };
        if (frame.refId !== void 0) this.#remember(this.#typeNames, frame.refId, source);
        setTypeNameSource(parent.target, source);
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
      case FRAME_UNKNOWN:
        this.#closeUnknown(frame, parent);
        return;
    }
  }
  #closeUnknown(frame, parent) {
    const element = new PSUnknownElement(frame.tag, frame.attributes, frame.children);
    switch (parent.kind) {
      case FRAME_UNKNOWN:
        parent.children.push(element);
        return;
      case FRAME_OBJECT: {
        const target = parent.target;
        target.unknownElements = [...target.unknownElements, element];
        return;
      }
      case FRAME_PROGRESS:
        return;
      default:
        this.#deliver(parent, element, frame);
    }
  }
  #closeText(frame, parent) {
    if (parent.kind === FRAME_OBJECT && frame.tag === ELEMENT.toString) {
      parent.target.toStringValue = decodePsString(frame.text);
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
      const object = this.#recall(this.#objects, refId, "object", frame);
      this.#deliver(parent, object, frame);
      return;
    }
    const source = this.#recall(this.#typeNames, refId, "typeNames", frame);
    this.#tokenizer.countElements(source.presented.length);
    setTypeNameSource(parent.target, source);
  }
  /** Looks up a RefId; when streaming, a hit becomes the most recently used. */
  #recall(table, refId, kind, frame) {
    const found = table.get(refId);
    if (found === void 0) {
      const hint = this.#mode === "stream" ? " or was dropped (raise maxRetainedReferences)" : "";
      throw new ClixmlReferenceError(kind, refId, frame.offset, hint);
    }
    if (this.#mode === "stream") {
      table.delete(refId);
      table.set(refId, found);
    }
    return found;
  }
  #remember(table, refId, value) {
    if (this.#mode === "stream") table.delete(refId);
    table.set(refId, value);
  }
  /** After a top-level value: a streaming reader keeps only the most recently used objects and type-name lists. */
  #entryDone() {
    if (this.#mode !== "stream") return;
    this.#tokenizer.resetElementCount();
    const max = this.#limits.maxRetainedReferences;
    if (this.#objects.size > max) dropOldest(this.#objects, this.#objects.size - max);
    if (this.#typeNames.size > max) dropOldest(this.#typeNames, this.#typeNames.size - max);
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
        this.#entries.push({ value, stream: child.stream });
        this.#entryDone();
        return;
      case FRAME_OBJECT:
        if (parent.hasBaseValue) this.#fail(`<Obj> has more than one base value (found <${child.tag}>)`);
        parent.target.baseValue = value;
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

// ../../../packages/clixml/src/limits.ts
var DEFAULT_MAX_INPUT_LENGTH = 64 * 1024 * 1024;
var DEFAULT_MAX_DEPTH = 256;
var DEFAULT_MAX_ELEMENTS = 2e6;
var DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;
var DEFAULT_MAX_RETAINED_REFERENCES = 1e4;
var DEFAULT_SERIALIZE_MAX_DEPTH = 100;
function limit(options, name, fallback) {
  const value = options?.[name];
  if (value === void 0) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ClixmlArgumentError(name, `must be a positive integer, not ${typeof value === "number" ? String(value) : typeof value}`);
  }
  return value;
}
function checkOptionsObject(options) {
  if (options !== void 0 && (options === null || typeof options !== "object")) {
    throw new ClixmlArgumentError("options", `must be an object or undefined, not ${options === null ? "null" : typeof options}`);
  }
}
var DEFAULT_SETTINGS = Object.freeze({
  maxInputLength: DEFAULT_MAX_INPUT_LENGTH,
  maxDepth: DEFAULT_MAX_DEPTH,
  maxElements: DEFAULT_MAX_ELEMENTS,
  maxStringLength: DEFAULT_MAX_STRING_LENGTH,
  maxRetainedReferences: DEFAULT_MAX_RETAINED_REFERENCES,
  preserveNumberTypes: false
});
function resolveDeserializeSettings(options) {
  if (options === void 0) return DEFAULT_SETTINGS;
  checkOptionsObject(options);
  const preserve = options?.preserveNumberTypes;
  if (preserve !== void 0 && typeof preserve !== "boolean") {
    throw new ClixmlArgumentError("preserveNumberTypes", "must be a boolean");
  }
  return {
    maxInputLength: limit(options, "maxInputLength", DEFAULT_MAX_INPUT_LENGTH),
    maxDepth: limit(options, "maxDepth", DEFAULT_MAX_DEPTH),
    maxElements: limit(options, "maxElements", DEFAULT_MAX_ELEMENTS),
    maxStringLength: limit(options, "maxStringLength", DEFAULT_MAX_STRING_LENGTH),
    maxRetainedReferences: limit(options, "maxRetainedReferences", DEFAULT_MAX_RETAINED_REFERENCES),
    preserveNumberTypes: preserve ?? false
  };
}
function resolveSerializeDepth(options) {
  checkOptionsObject(options);
  return limit(options, "maxDepth", DEFAULT_SERIALIZE_MAX_DEPTH);
}

// ../../../packages/clixml/src/deserialize.ts
function checkInput(text, limits) {
  if (typeof text !== "string") {
    throw new ClixmlArgumentError("input", `expected a string of CLIXML, not ${text === null ? "null" : typeof text}`);
  }
  if (text.length > limits.maxInputLength) {
    throw new ClixmlLimitError("maxInputLength", limits.maxInputLength, `input of ${text.length} characters`);
  }
  return text;
}
function deserialize(xml, options) {
  const limits = resolveDeserializeSettings(options);
  return ClixmlReader.read(checkInput(xml, limits), limits, "value").value;
}
function deserializeDocumentEntries(text, options) {
  const limits = resolveDeserializeSettings(options);
  return ClixmlReader.read(checkInput(text, limits), limits, "document").takeEntries();
}
function deserializeDocument(text, options) {
  return deserializeDocumentEntries(text, options).map((entry) => entry.value);
}

// ../../../packages/clixml/src/clixml-writer.ts
import { encodeBase64 as encodeBase642 } from "@psrp/fragment";
var ARRAY_TYPE_NAMES = ["System.Object[]", "System.Array", "System.Object"];
var HASHTABLE_TYPE_NAMES = ["System.Collections.Hashtable", "System.Object"];
var PSCUSTOMOBJECT_TYPE_NAMES = ["System.Management.Automation.PSCustomObject", "System.Object"];
var STACK_TYPE_NAME = "System.Collections.Stack";
var QUEUE_TYPE_NAME = "System.Collections.Queue";
var [INT32_MIN, INT32_MAX] = INTEGER_RANGES.I32;
var [INT64_MIN, INT64_MAX] = BIG_INTEGER_RANGES.I64;
var MAX_CACHED_NAMES = 4096;
var SPILL_LENGTH = 8192;
function listTag(typeNames, object) {
  const known = object === void 0 ? void 0 : listTagOf(object);
  if (known !== void 0) return known;
  const first = typeNames[0] ?? "";
  const typeName = first.startsWith(DESERIALIZED_PREFIX) ? first.slice(DESERIALIZED_PREFIX.length) : first;
  if (typeName === STACK_TYPE_NAME) return "STK";
  if (typeName === QUEUE_TYPE_NAME) return "QUE";
  return "LST";
}
function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
function formatPathSegment(segment) {
  if (typeof segment === "number") return `[${segment}]`;
  if (typeof segment === "string") return /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  return `[${String(segment)}]`;
}
var ClixmlWriter = class {
  /** Text written since the last spill: kept small, so that appending to it stays cheap. */
  #out = "";
  /** Everything before #out, as flat pieces appended one after the other. */
  #done = "";
  #objectIds;
  #nextObjectId = 0;
  #typeNameIds = /* @__PURE__ */ new Map();
  #typeNameIdsByList = /* @__PURE__ */ new WeakMap();
  #names = /* @__PURE__ */ new Map();
  #maxDepth;
  /** Property names and indexes down to the value being written, formatted only for an error. */
  #path = [];
  #depth = 0;
  /** The `S` attribute the next opened tag gets (a top-level value of a document). */
  #stream = void 0;
  /** `weakIdentity`: remember written objects without keeping them alive (a long document stream). */
  constructor(maxDepth, weakIdentity = false) {
    this.#maxDepth = maxDepth;
    this.#objectIds = weakIdentity ? /* @__PURE__ */ new WeakMap() : /* @__PURE__ */ new Map();
  }
  get output() {
    return this.#done + this.#out;
  }
  /** Hands out what was written so far and starts a new piece (a streaming writer's chunk). */
  take() {
    const out = this.#done + this.#out;
    this.#done = "";
    this.#out = "";
    return out;
  }
  /**
   * Moves #out, flattened, onto #done once it is a few KiB long. One long rope of tiny strings costs far more
   * to flatten and to collect than a short rope of flat pieces (measured: about 3x for a 5 MB document).
   */
  #spill() {
    const out = this.#out;
    if (out.length < SPILL_LENGTH) return;
    out.charCodeAt(0);
    this.#done += out;
    this.#out = "";
  }
  append(text) {
    this.#out += text;
  }
  #fail(message) {
    throw new ClixmlSerializeError(message, `$${this.#path.map(formatPathSegment).join("")}`);
  }
  #nameAttribute(name) {
    if (name === void 0) return "";
    let attribute = this.#names.get(name);
    if (attribute === void 0) {
      attribute = ` N="${encodeAttributeText(name)}"`;
      if (this.#names.size >= MAX_CACHED_NAMES) this.#names.clear();
      this.#names.set(name, attribute);
    }
    return attribute;
  }
  /** `<tag N="name"` (and the pending stream attribute), without the closing `>`. */
  #openTag(tag, name) {
    if (this.#stream === void 0) return `<${tag}${this.#nameAttribute(name)}`;
    const stream = this.#stream;
    this.#stream = void 0;
    return `<${tag}${this.#nameAttribute(name)} S="${escapeXmlAttribute(stream)}"`;
  }
  /** Empty text stays `<S></S>` (PowerShell writes the string even when empty); only empty containers self-close. */
  #element(tag, name, text) {
    this.#out += `${this.#openTag(tag, name)}>${text}</${tag}>`;
  }
  /** A top-level value of an `<Objs>` document, with the stream its `S` attribute names (e.g. "Error"). */
  writeEntry(value, stream) {
    this.#stream = stream ?? void 0;
    this.writeValue(value, void 0);
    this.#stream = void 0;
  }
  writeValue(value, name) {
    this.#writeValue(value, name);
    this.#spill();
  }
  #writeValue(value, name) {
    switch (typeof value) {
      case "undefined":
        this.#out += `${this.#openTag("Nil", name)} />`;
        return;
      case "string":
        this.#element("S", name, encodeElementText(value));
        return;
      case "boolean":
        this.#element("B", name, value ? "true" : "false");
        return;
      case "number":
        this.#writeNumber(value, name);
        return;
      case "bigint":
        if (value < INT64_MIN || value > INT64_MAX) this.#fail("a bigint outside Int64 (use PSNumber.uint64 for UInt64)");
        this.#element("I64", name, String(value));
        return;
      case "object":
        if (value === null) {
          this.#out += `${this.#openTag("Nil", name)} />`;
          return;
        }
        this.#writeObjectValue(value, name);
        return;
      default:
        this.#fail(`a ${typeof value} has no CLIXML form`);
    }
  }
  /** Int32 when it fits, Int64 for larger safe integers, Double otherwise (fractions, -0, NaN, beyond 2^53). */
  #writeNumber(value, name) {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= INT32_MIN && value <= INT32_MAX) {
        this.#element("I32", name, String(value));
        return;
      }
      if (Number.isSafeInteger(value)) {
        this.#element("I64", name, String(value));
        return;
      }
    }
    this.#element("Db", name, formatDouble(value));
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
    if (value instanceof Uint8Array) {
      if (value.length === 0) return void (this.#out += `${this.#openTag("BA", name)} />`);
      return this.#element("BA", name, encodeBase642(value));
    }
    if (value instanceof PSTimeSpan) return this.#element("TS", name, value.toClixml());
    if (value instanceof PSGuid) return this.#element("G", name, value.value);
    if (value instanceof PSVersion) return this.#element("Version", name, value.toString());
    if (value instanceof PSChar) return this.#element("C", name, String(value.code));
    if (value instanceof PSDecimal) return this.#element("D", name, value.text);
    if (value instanceof PSUri) return this.#element("URI", name, encodeElementText(value.text));
    if (value instanceof PSSecureString) return this.#element("SS", name, escapeXmlText(value.text));
    if (value instanceof PSScriptBlock) return this.#element("SBK", name, encodeElementText(value.text));
    if (value instanceof PSXmlDocument) return this.#element("XD", name, encodeElementText(value.text));
    if (value instanceof PSProgressRecord) return this.#writeProgressRecord(value, name);
    if (value instanceof PSUnknownElement) return this.#writeUnknown(value, name);
    if (value instanceof PSMemberSet) this.#fail("a PSMemberSet can only be a member of a PSObject");
    if (isPlainObject(value)) return this.#writePlainObject(value, name);
    this.#fail(`${Object.prototype.toString.call(value)} has no CLIXML form (use a plain object, a PSObject or a PS* wrapper)`);
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
      throw new ClixmlLimitError("maxDepth", this.#maxDepth, `nesting at $${this.#path.map(formatPathSegment).join("")}`);
    }
  }
  #leave() {
    this.#depth--;
  }
  /** Writes `<Ref>` and returns false when the object was written before; otherwise opens its `<Obj>`. */
  #openObject(identity, name) {
    const known = this.#objectIds.get(identity);
    if (known !== void 0) {
      this.#out += `${this.#openTag("Ref", name)} RefId="${known}" />`;
      return false;
    }
    const refId = this.#nextObjectId++;
    this.#objectIds.set(identity, refId);
    this.#out += `${this.#openTag("Obj", name)} RefId="${refId}">`;
    return true;
  }
  #writeTypeNames(typeNames) {
    if (typeNames.length === 0) return;
    let known = this.#typeNameIdsByList.get(typeNames);
    let key;
    if (known === void 0) {
      key = typeNames.join("\0");
      known = this.#typeNameIds.get(key);
      if (known !== void 0) this.#typeNameIdsByList.set(typeNames, known);
    }
    if (known !== void 0) {
      this.#out += `<TNRef RefId="${known}" />`;
      return;
    }
    const refId = this.#typeNameIds.size;
    this.#typeNameIds.set(key, refId);
    this.#typeNameIdsByList.set(typeNames, refId);
    let out = `<TN RefId="${refId}">`;
    for (const typeName of typeNames) out += `<T>${encodeElementText(typeName)}</T>`;
    this.#out += `${out}</TN>`;
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
  #writeContent(value, typeNames, object) {
    if (Array.isArray(value)) {
      const tag = listTag(typeNames, object);
      if (value.length === 0) {
        this.#out += `<${tag} />`;
        return;
      }
      this.#out += `<${tag}>`;
      const path = this.#path;
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        this.writeValue(value[index], void 0);
        path.pop();
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
      this.#path.push(key);
      this.#out += "<En>";
      this.writeValue(key, DICTIONARY_KEY);
      this.writeValue(item, DICTIONARY_VALUE);
      this.#out += "</En>";
      this.#path.pop();
    }
    this.#out += "</DCT>";
  }
  /** A plain object is what `[pscustomobject]@{...}` is in PowerShell: notes on a PSCustomObject. */
  #writePlainObject(value, name) {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(PSCUSTOMOBJECT_TYPE_NAMES);
    this.#writeMembers("MS", value);
    this.#out += "</Obj>";
    this.#leave();
  }
  #writePSObject(value, name) {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    const typeNames = typeNamesToWrite(value);
    this.#writeTypeNames(typeNames);
    if (value.toStringValue !== null) this.#out += `<ToString>${encodeElementText(value.toStringValue)}</ToString>`;
    const base = value.baseValue;
    if (base !== void 0) {
      if (Array.isArray(base) || base instanceof PSDictionary || base instanceof Map) {
        this.#writeContent(base, typeNames, value);
      } else if (base instanceof PSMemberSet) {
        this.#fail("the baseValue of a PSObject cannot be a PSMemberSet");
      } else {
        this.writeValue(base, void 0);
      }
    }
    this.#writeMembers("Props", value.adapted);
    this.#writeMembers("MS", value.extended);
    for (const element of value.unknownElements) this.#writeUnknown(element, void 0);
    this.#out += "</Obj>";
    this.#leave();
  }
  #writeMembers(tag, members, name) {
    const names = Object.keys(members);
    if (names.length === 0) {
      if (name !== void 0) this.#out += `<${tag}${this.#nameAttribute(name)} />`;
      return;
    }
    this.#out += `<${tag}${this.#nameAttribute(name)}>`;
    const path = this.#path;
    for (const member of names) {
      const item = members[member];
      path.push(member);
      if (item instanceof PSMemberSet) {
        if (tag !== "MS") this.#fail("a PSMemberSet can only be an extended (MS) member");
        this.#enter();
        this.#writeMembers("MS", item.members, member);
        this.#leave();
      } else {
        this.writeValue(item, member);
      }
      path.pop();
    }
    this.#out += `</${tag}>`;
  }
  /** Writes an element a newer serializer sent back as it came; its `N` is the name it is written under now. */
  #writeUnknown(element, name) {
    let out = this.#openTag(element.tag, name);
    for (const attribute of Object.keys(element.attributes)) {
      if (attribute === "N" && name !== void 0) continue;
      out += ` ${attribute}="${escapeXmlAttribute(element.attributes[attribute])}"`;
    }
    if (element.children.length === 0) {
      this.#out += `${out} />`;
      return;
    }
    this.#out += `${out}>`;
    this.#enter();
    for (const child of element.children) {
      if (typeof child === "string") this.#out += escapeXmlText(child);
      else this.#writeUnknown(child, void 0);
    }
    this.#leave();
    this.#out += `</${element.tag}>`;
  }
  #writeProgressRecord(record, name) {
    const integer = (field2, value) => {
      if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) this.#fail(`ProgressRecord.${field2} must be an Int32`);
      return String(value);
    };
    const field = (tag, text) => `<${tag}>${text}</${tag}>`;
    this.#out += `${this.#openTag("PR", name)}>` + field(PROGRESS_FIELD.activity, encodeElementText(record.activity)) + field(PROGRESS_FIELD.activityId, integer("activityId", record.activityId)) + (record.currentOperation === null ? "<Nil />" : `<S>${encodeElementText(record.currentOperation)}</S>`) + field(PROGRESS_FIELD.parentActivityId, integer("parentActivityId", record.parentActivityId)) + field(PROGRESS_FIELD.percentComplete, integer("percentComplete", record.percentComplete)) + field(PROGRESS_FIELD.recordType, encodeElementText(record.recordType)) + field(PROGRESS_FIELD.secondsRemaining, integer("secondsRemaining", record.secondsRemaining)) + field(PROGRESS_FIELD.statusDescription, encodeElementText(record.statusDescription)) + "</PR>";
  }
};

// ../../../packages/clixml/src/serialize.ts
var DOCUMENT_START = `<Objs Version="${OBJECTS_VERSION}" xmlns="${OBJECTS_NAMESPACE}">`;
var DOCUMENT_END = "</Objs>";
function serialize(value, options) {
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writer.writeValue(value, void 0);
  return writer.output;
}
function serializeDocument(values, options) {
  if (values === null || typeof values !== "object" || !(Symbol.iterator in values)) {
    throw new ClixmlArgumentError("values", "expected an iterable of values (an array)");
  }
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writer.append(DOCUMENT_START);
  for (const value of values) writer.writeValue(value, void 0);
  writer.append(DOCUMENT_END);
  return writer.output;
}
function serializeDocumentEntries(entries, options) {
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writer.append(DOCUMENT_START);
  for (const entry of entries) writer.writeEntry(entry.value, entry.stream);
  writer.append(DOCUMENT_END);
  return writer.output;
}

// ../../../packages/clixml/src/clixml-stream.ts
var SNIFF_BYTES = 3;
function sniffEncoding(bytes, fallback) {
  const [first, second, third] = bytes;
  if (first === 239 && second === 187 && third === 191) return "utf-8";
  if (first === 255 && second === 254) return "utf-16le";
  if (first === 254 && second === 255) return "utf-16be";
  if (first === 60 && second === 0) return "utf-16le";
  if (first === 0 && second === 60) return "utf-16be";
  return fallback;
}
var ClixmlStreamReader = class {
  #reader;
  #fallbackEncoding;
  #decoder = null;
  #pendingBytes = null;
  #ended = false;
  constructor(options) {
    const encoding = options?.encoding ?? "utf-8";
    if (encoding !== "utf-8" && encoding !== "utf-16le" && encoding !== "utf-16be") {
      throw new ClixmlArgumentError("encoding", `must be utf-8, utf-16le or utf-16be, not ${String(encoding)}`);
    }
    this.#fallbackEncoding = encoding;
    this.#reader = new ClixmlReader(resolveDeserializeSettings(options), "stream");
  }
  /** Adds a chunk (a string, or bytes in the stream's encoding); returns the values it completed. */
  push(chunk) {
    if (this.#ended) throw new ClixmlArgumentError("push", "called after end()");
    if (typeof chunk === "string") {
      if (this.#decoder !== null || this.#pendingBytes !== null) throw new ClixmlArgumentError("chunk", "text after bytes in one stream");
      this.#reader.push(chunk);
    } else if (chunk instanceof Uint8Array) {
      const text = this.#decode(chunk, false);
      if (text.length > 0) this.#reader.push(text);
    } else {
      throw new ClixmlArgumentError("chunk", `expected a string or a Uint8Array, not ${chunk === null ? "null" : typeof chunk}`);
    }
    return this.#reader.takeEntries();
  }
  /** Ends the input; returns the last values. A document cut short is a ClixmlParseError. */
  end() {
    if (this.#ended) return [];
    this.#ended = true;
    if (this.#decoder !== null || this.#pendingBytes !== null) {
      const text = this.#decode(new Uint8Array(0), true);
      if (text.length > 0) this.#reader.push(text);
    }
    this.#reader.end();
    return this.#reader.takeEntries();
  }
  #decode(bytes, final) {
    let input = bytes;
    if (this.#decoder === null) {
      if (this.#pendingBytes !== null) {
        input = new Uint8Array(this.#pendingBytes.length + bytes.length);
        input.set(this.#pendingBytes);
        input.set(bytes, this.#pendingBytes.length);
        this.#pendingBytes = null;
      }
      if (input.length < SNIFF_BYTES && !final) {
        this.#pendingBytes = input;
        return "";
      }
      this.#decoder = new TextDecoder(sniffEncoding(input, this.#fallbackEncoding), { fatal: true });
    }
    try {
      return this.#decoder.decode(input, { stream: !final });
    } catch (error) {
      throw new ClixmlParseError(`the bytes are not valid ${this.#decoder.encoding}`, -1, { cause: error });
    }
  }
};
async function* readClixmlEntries(source, options) {
  if (source === null || typeof source !== "object" || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw new ClixmlArgumentError("source", "expected an iterable or async iterable of chunks");
  }
  const reader = new ClixmlStreamReader(options);
  for await (const chunk of source) yield* reader.push(chunk);
  yield* reader.end();
}
async function* readClixml(source, options) {
  for await (const entry of readClixmlEntries(source, options)) yield entry.value;
}
var ClixmlDocumentWriter = class {
  #writer;
  #state = "new";
  constructor(options) {
    this.#writer = new ClixmlWriter(resolveSerializeDepth(options), true);
  }
  start() {
    if (this.#state !== "new") throw new ClixmlArgumentError("start", "called twice");
    this.#state = "open";
    return DOCUMENT_START;
  }
  /** One top-level value; `stream` becomes its `S` attribute (as in `#< CLIXML` stderr: "Error", "progress"). */
  write(value, stream) {
    if (this.#state !== "open") throw new ClixmlArgumentError("write", this.#state === "new" ? "called before start()" : "called after end()");
    this.#writer.writeEntry(value, stream);
    return this.#writer.take();
  }
  end() {
    if (this.#state !== "open") throw new ClixmlArgumentError("end", this.#state === "new" ? "called before start()" : "called twice");
    this.#state = "closed";
    return DOCUMENT_END;
  }
};
async function* writeClixml(values, options) {
  const writer = new ClixmlDocumentWriter(options);
  yield writer.start();
  for await (const value of values) yield writer.write(value);
  yield writer.end();
}

// ../../../packages/clixml/src/type-name-of.ts
var NUMBER_TYPES = {
  By: "System.Byte",
  SB: "System.SByte",
  I16: "System.Int16",
  U16: "System.UInt16",
  I32: "System.Int32",
  U32: "System.UInt32",
  I64: "System.Int64",
  U64: "System.UInt64",
  Sg: "System.Single",
  Db: "System.Double"
};
var [INT32_MIN2, INT32_MAX2] = INTEGER_RANGES.I32;
function psTypeNameOf(value) {
  switch (typeof value) {
    case "undefined":
      return null;
    case "string":
      return "System.String";
    case "boolean":
      return "System.Boolean";
    case "bigint":
      return "System.Int64";
    case "number":
      if (!Number.isInteger(value) || Object.is(value, -0)) return "System.Double";
      if (value >= INT32_MIN2 && value <= INT32_MAX2) return "System.Int32";
      return Number.isSafeInteger(value) ? "System.Int64" : "System.Double";
    default:
      break;
  }
  if (value === null) return null;
  if (value instanceof PSObject) return value.typeNames[0] ?? "System.Management.Automation.PSObject";
  if (Array.isArray(value)) return "System.Object[]";
  if (value instanceof Map) return "System.Collections.Hashtable";
  if (value instanceof PSNumber) return NUMBER_TYPES[value.tag];
  if (value instanceof Date) return "System.DateTime";
  if (value instanceof Uint8Array) return "System.Byte[]";
  if (value instanceof PSTimeSpan) return "System.TimeSpan";
  if (value instanceof PSGuid) return "System.Guid";
  if (value instanceof PSVersion) return "System.Version";
  if (value instanceof PSChar) return "System.Char";
  if (value instanceof PSDecimal) return "System.Decimal";
  if (value instanceof PSUri) return "System.Uri";
  if (value instanceof PSSecureString) return "System.Security.SecureString";
  if (value instanceof PSScriptBlock) return "System.Management.Automation.ScriptBlock";
  if (value instanceof PSXmlDocument) return "System.Xml.XmlDocument";
  if (value instanceof PSProgressRecord) return "System.Management.Automation.ProgressRecord";
  if (value instanceof PSMemberSet) return "System.Management.Automation.PSMemberSet";
  if (value instanceof PSUnknownElement) return null;
  return "System.Management.Automation.PSCustomObject";
}

// ../../../packages/clixml/src/values/ps-enum.ts
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
  ClixmlArgumentError,
  ClixmlDocumentWriter,
  ClixmlError,
  ClixmlForbiddenMarkupError,
  ClixmlLimitError,
  ClixmlParseError,
  ClixmlReferenceError,
  ClixmlSerializeError,
  ClixmlStreamReader,
  ClixmlValueError,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MAX_INPUT_LENGTH,
  DEFAULT_MAX_RETAINED_REFERENCES,
  DEFAULT_MAX_STRING_LENGTH,
  DEFAULT_SERIALIZE_MAX_DEPTH,
  DESERIALIZED_PREFIX,
  ENUM_BASE_TYPE_NAMES,
  HASHTABLE_TYPE_NAMES,
  PSCUSTOMOBJECT_TYPE_NAMES,
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
  PSUnknownElement,
  PSUri,
  PSVersion,
  PSXmlDocument,
  decodePsString,
  deserialize,
  deserializeDocument,
  deserializeDocumentEntries,
  encodePsString,
  psEnum,
  psTypeNameOf,
  readClixml,
  readClixmlEntries,
  serialize,
  serializeDocument,
  serializeDocumentEntries,
  writeClixml
};
