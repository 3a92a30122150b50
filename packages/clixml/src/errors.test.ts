import { describe, expect, test } from 'vitest';
import {
  ClixmlError,
  ClixmlForbiddenMarkupError,
  ClixmlLimitError,
  ClixmlParseError,
  ClixmlReferenceError,
  ClixmlSerializeError,
  ClixmlValueError,
} from './errors.js';

describe('error classes', () => {
  const cause = new Error('inner');
  test.each([
    [new ClixmlParseError('bad tag', 7, { cause }), ClixmlParseError, 'ClixmlParseError', 'CLIXML_ERR_PARSE', 'bad tag (at offset 7)'],
    [new ClixmlForbiddenMarkupError('<!DOCTYPE>', 0), ClixmlForbiddenMarkupError, 'ClixmlForbiddenMarkupError', 'CLIXML_ERR_FORBIDDEN_MARKUP', '<!DOCTYPE> is not allowed in CLIXML (at offset 0)'],
    [new ClixmlLimitError('maxDepth', 100, 'element nesting'), ClixmlLimitError, 'ClixmlLimitError', 'CLIXML_ERR_LIMIT', 'element nesting exceeds maxDepth (100); raise the maxDepth option if the input is trusted'],
    [new ClixmlReferenceError('object', '5', 3), ClixmlReferenceError, 'ClixmlReferenceError', 'CLIXML_ERR_REF', '<Ref RefId="5"> refers to no earlier definition (at offset 3)'],
    [new ClixmlReferenceError('typeNames', '2', 9), ClixmlReferenceError, 'ClixmlReferenceError', 'CLIXML_ERR_REF', '<TNRef RefId="2"> refers to no earlier definition (at offset 9)'],
    [new ClixmlValueError('I32', 'abc', 'expected an integer'), ClixmlValueError, 'ClixmlValueError', 'CLIXML_ERR_VALUE', '<I32> value "abc" is invalid: expected an integer'],
    [new ClixmlSerializeError('a symbol has no CLIXML form', '$.a'), ClixmlSerializeError, 'ClixmlSerializeError', 'CLIXML_ERR_SERIALIZE', 'a symbol has no CLIXML form at $.a'],
  ])('%s', (error, cls, name, code, message) => {
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ClixmlError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  test('structured fields and cause', () => {
    expect(new ClixmlParseError('x', 4, { cause }).cause).toBe(cause);
    expect(new ClixmlParseError('x', 4).offset).toBe(4);
    const limit = new ClixmlLimitError('maxElements', 10, 'count');
    expect([limit.limit, limit.max]).toEqual(['maxElements', 10]);
    const reference = new ClixmlReferenceError('typeNames', '3', 0);
    expect([reference.refKind, reference.refId]).toEqual(['typeNames', '3']);
    const value = new ClixmlValueError('DT', 'x'.repeat(1000), 'bad');
    expect(value.tag).toBe('DT');
    expect(value.text.length).toBeLessThan(100);
    expect(new ClixmlSerializeError('m', '$[1]').path).toBe('$[1]');
    expect(new ClixmlForbiddenMarkupError('processing instruction', 12).markup).toBe('processing instruction');
  });
});
