import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '@psrp/fragment';
import { parseClientLine, readDotNetGuid } from './client-line-parser.js';
import { OUT_OF_PROC_RULES } from './violation.js';

const PID = '4218a578-0f18-4b19-82c3-46b433319126';
const EMPTY = '00000000-0000-0000-0000-000000000000';
const PAYLOAD = encodeBase64(Uint8Array.of(1, 2, 3, 4));
const FUZZ_RUNS = 2000;
const FUZZ_SEED = 0x0fa0;

function ruleOf(line: string): string | null {
  const parsed = parseClientLine(line);
  return parsed.ok ? null : parsed.broken.rule;
}

describe('client line parser', () => {
  it('reads the shapes a PowerShell client writes', () => {
    expect(parseClientLine(`<Data Stream='Default' PSGuid='${EMPTY}'>${PAYLOAD}</Data>`)).toEqual({
      ok: true,
      packets: [{ kind: 'Data', stream: 'Default', guid: EMPTY, bytes: Uint8Array.of(1, 2, 3, 4) }],
    });
    expect(parseClientLine(`<Data Stream='PromptResponse' PSGuid='${PID}'>${PAYLOAD}</Data>`)).toMatchObject({
      ok: true,
      packets: [{ kind: 'Data', stream: 'PromptResponse', guid: PID }],
    });
    for (const kind of ['Command', 'Close', 'Signal'] as const) {
      expect(parseClientLine(`<${kind} PSGuid='${PID}' />`)).toEqual({ ok: true, packets: [{ kind, guid: PID }] });
    }
  });

  it('accepts what an XmlReader accepts: other quotes, attribute order, empty end tags, several elements per line', () => {
    expect(parseClientLine(`<Close PSGuid="${PID}"/>`)).toEqual({ ok: true, packets: [{ kind: 'Close', guid: PID }] });
    expect(parseClientLine(`<Close PSGuid='${PID}'></Close>`)).toEqual({ ok: true, packets: [{ kind: 'Close', guid: PID }] });
    expect(parseClientLine(`<Data PSGuid='${PID}' Stream='Default'>${PAYLOAD}</Data >`)).toMatchObject({ ok: true });
    const two = parseClientLine(`<Command PSGuid='${PID}' /><Signal PSGuid='${PID}' />`);
    expect(two.ok && two.packets.map((packet) => packet.kind)).toEqual(['Command', 'Signal']);
  });

  it('reads every GUID format of new Guid(string) into lowercase D form', () => {
    const upper = PID.toUpperCase();
    for (const text of [PID, upper, upper.replaceAll('-', ''), `{${PID}}`, `(${upper})`]) expect(readDotNetGuid(text)).toBe(PID);
    for (const text of ['', 'not-a-guid', `${PID}0`, `{${PID})`, PID.replace('-', '')]) expect(readDotNetGuid(text)).toBeNull();
  });

  it.each([
    ['a client DataAck', `<DataAck PSGuid='${EMPTY}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client CommandAck', `<CommandAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client CloseAck', `<CloseAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client SignalAck', `<SignalAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['an unknown element', `<Hello PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownElement],
    ['a name in the wrong case', `<close PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownElement],
    ['an extra attribute', `<Close PSGuid='${PID}' Extra='1' />`, OUT_OF_PROC_RULES.attributeCount],
    ['an xmlns attribute', `<Close xmlns='urn:x' PSGuid='${PID}' />`, OUT_OF_PROC_RULES.attributeCount],
    ['Data with one attribute', `<Data PSGuid='${PID}'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.attributeCount],
    ['Data with three attributes', `<Data Stream='Default' PSGuid='${PID}' X='1'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.attributeCount],
    ['Close without attributes', '<Close />', OUT_OF_PROC_RULES.attributeCount],
    ['a misspelt PSGuid', `<Close PSGUID='${PID}' />`, OUT_OF_PROC_RULES.missingAttribute],
    ['Data without Stream', `<Data Priority='Default' PSGuid='${PID}'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.missingAttribute],
    ['leading whitespace', ` <Close PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownNode],
    ['trailing whitespace', `<Close PSGuid='${PID}' /> `, OUT_OF_PROC_RULES.unknownNode],
    ['whitespace between elements', `<Close PSGuid='${PID}' /> <Close PSGuid='${EMPTY}' />`, OUT_OF_PROC_RULES.unknownNode],
    ['text', 'hello', OUT_OF_PROC_RULES.unknownNode],
    ['a comment', `<!-- x --><Close PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownNode],
    ['a processing instruction', `<?xml version='1.0'?><Close PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownNode],
    ['text inside a control element', `<Close PSGuid='${PID}'>x</Close>`, OUT_OF_PROC_RULES.unknownNode],
    ['an element inside Data', `<Data Stream='Default' PSGuid='${PID}'><x/></Data>`, OUT_OF_PROC_RULES.unknownNode],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]>', OUT_OF_PROC_RULES.malformedXml],
    ['an entity in Data', `<Data Stream='Default' PSGuid='${PID}'>&a;</Data>`, OUT_OF_PROC_RULES.malformedXml],
    ['an entity in an attribute', `<Close PSGuid='&a;' />`, OUT_OF_PROC_RULES.malformedXml],
    ['an unclosed element', `<Data Stream='Default' PSGuid='${PID}'>${PAYLOAD}`, OUT_OF_PROC_RULES.malformedXml],
    ['a mismatched end tag', `<Data Stream='Default' PSGuid='${PID}'>${PAYLOAD}</Close>`, OUT_OF_PROC_RULES.malformedXml],
    ['an unquoted attribute', `<Close PSGuid=${PID} />`, OUT_OF_PROC_RULES.malformedXml],
    ['a duplicate attribute', `<Data PSGuid='${PID}' PSGuid='${PID}'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.malformedXml],
    ['attributes run together', `<Data Stream='Default'PSGuid='${PID}'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.malformedXml],
    ['an unfinished start tag', `<Close PSGuid='${PID}'`, OUT_OF_PROC_RULES.malformedXml],
    ['an unknown stream', `<Data Stream='Other' PSGuid='${PID}'>${PAYLOAD}</Data>`, OUT_OF_PROC_RULES.badStream],
    ['a malformed GUID', "<Close PSGuid='not-a-guid' />", OUT_OF_PROC_RULES.badGuid],
    ['non-base64 text', `<Data Stream='Default' PSGuid='${PID}'>A!EC</Data>`, OUT_OF_PROC_RULES.badBase64],
    ['truncated base64', `<Data Stream='Default' PSGuid='${PID}'>AAE</Data>`, OUT_OF_PROC_RULES.badBase64],
    ['empty Data', `<Data Stream='Default' PSGuid='${PID}'></Data>`, OUT_OF_PROC_RULES.badBase64],
    ['self-closing Data', `<Data Stream='Default' PSGuid='${PID}' />`, OUT_OF_PROC_RULES.badBase64],
  ])('refuses %s', (_, line, rule) => {
    expect(ruleOf(line)).toBe(rule);
  });

  it('refuses an over-long line before reading it', () => {
    const line = `<Data Stream='Default' PSGuid='${PID}'>${'A'.repeat(64)}</Data>`;
    expect(parseClientLine(line, 32)).toEqual({
      ok: false,
      broken: { rule: OUT_OF_PROC_RULES.lineTooLong, message: `a line of ${line.length} characters (limit 32)` },
    });
  });

  it('answers every input with packets or a rule, never an exception (seeded fuzz)', () => {
    const valid = `<Data Stream='Default' PSGuid='${PID}'>${PAYLOAD}</Data>`;
    const mutated = fc
      .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 8 }))
      .map(([start, length, insert]) => valid.slice(0, start) + insert + valid.slice(start + length));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), mutated), (line) => {
        const parsed = parseClientLine(line);
        expect(parsed.ok ? parsed.packets.length > 0 : Object.values(OUT_OF_PROC_RULES).includes(parsed.broken.rule)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });
});
