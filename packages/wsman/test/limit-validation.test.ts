/**
 * Every limit is checked where it is set (issue 12): NaN, Infinity, a negative number, a fraction where a count is
 * meant, or a string is refused with WSManOptionError (WSMAN_ERR_INVALID_OPTION) naming the option.
 */
import { describe, expect, it } from 'vitest';
import { FetchEngine, WSManClient, WSManOptionError, readXml } from '../src/index.js';
import { durationOption } from '../src/soap/envelope-builder.js';
import { UndiciEngine } from '../src/undici.js';

const endpoint = 'http://127.0.0.1:5985/wsman';
const NOT_NUMBERS: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, -1, 0, '10'];
const NOT_COUNTS: unknown[] = [...NOT_NUMBERS, 1.5, 2 ** 53];

const cases: [string, unknown[], (value: never) => unknown][] = [
  ['maxEnvelopeSize', NOT_COUNTS, (value) => new WSManClient({ endpoint, maxEnvelopeSize: value })],
  ['setMaxEnvelopeSize', NOT_COUNTS, (value) => new WSManClient({ endpoint }).setMaxEnvelopeSize(value)],
  ['maxResponseBytes', NOT_COUNTS, (value) => new WSManClient({ endpoint, maxResponseBytes: value })],
  ['operationTimeoutSeconds', [...NOT_NUMBERS, 1e9], (value) => new WSManClient({ endpoint, operationTimeoutSeconds: value })],
  ['requestTimeoutSeconds', [...NOT_NUMBERS, 1e9], (value) => new WSManClient({ endpoint, requestTimeoutSeconds: value })],
  ['FetchEngine maxConnections', NOT_COUNTS, (value) => new FetchEngine({ maxConnections: value })],
  ['UndiciEngine maxConnections', NOT_COUNTS, (value) => new UndiciEngine({ maxConnections: value })],
  ['UndiciEngine connectTimeoutMs', NOT_COUNTS, (value) => new UndiciEngine({ connectTimeoutMs: value })],
  ['UndiciEngine keepAliveMs', NOT_COUNTS, (value) => new UndiciEngine({ keepAliveMs: value })],
  ['readXml maxChars', NOT_COUNTS, (value) => readXml('<a/>', { maxChars: value })],
  ['readXml maxDepth', NOT_COUNTS, (value) => readXml('<a/>', { maxDepth: value })],
  ['readXml maxNodes', NOT_COUNTS, (value) => readXml('<a/>', { maxNodes: value })],
  ['a duration (idleTimeoutSeconds, lifetimeSeconds)', [Number.NaN, Number.POSITIVE_INFINITY, -1, '10', 1e10], (value) => durationOption(value, 'idleTimeoutSeconds')],
];

describe.each(cases)('%s', (name, values, build) => {
  it.each(values.map((value) => [String(value), value]))('refuses %s with WSManOptionError', (_label, value) => {
    expect(() => build(value as never)).toThrow(WSManOptionError);
  });
});

it('FetchEngine without any fetch is a WSManOptionError, not a TypeError', () => {
  expect(() => new FetchEngine({ fetch: 'nope' as never })).toThrow(WSManOptionError);
});
