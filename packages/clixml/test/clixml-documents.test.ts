/**
 * The two `#< CLIXML` stderr documents in ../shared/fixtures/clixml (the tests fail naming every path
 * looked at when that folder is missing): `<Objs>` root with namespace, pretty-printed, progress records and
 * error-stream strings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { deserializeDocument, deserializeDocumentEntries, PSObject, PSProgressRecord, serializeDocument } from '../src/index.js';
import { sharedPath } from '../../../test-support/shared-folder.js';

function fixture(name: string): string {
  return readFileSync(sharedPath(`fixtures/clixml/${name}`), 'utf8');
}

describe('#< CLIXML documents', () => {
  test('test_sanitise_clixml_with_error.xml: two progress objects, then the error text line by line', () => {
    const entries = deserializeDocumentEntries(fixture('test_sanitise_clixml_with_error.xml'));
    expect(entries.map((entry) => entry.stream)).toEqual(['progress', 'progress', ...Array<string>(8).fill('Error')]);
    const [first, second] = entries.map((entry) => entry.value) as PSObject[];
    expect(first?.typeNames).toEqual(['Deserialized.System.Management.Automation.PSCustomObject', 'Deserialized.System.Object']);
    expect(first?.originalTypeNames).toEqual(['System.Management.Automation.PSCustomObject', 'System.Object']);
    expect(second?.typeNames).toEqual(first?.typeNames);
    expect(first?.get('SourceId')).toBe(1n);
    const record = first?.get('Record') as PSProgressRecord;
    expect(record).toBeInstanceOf(PSProgressRecord);
    expect(record.activity).toBe('Preparing modules for first use.');
    expect([record.activityId, record.parentActivityId, record.percentComplete, record.secondsRemaining]).toEqual([0, -1, -1, -1]);
    expect(record.recordType).toBe('Completed');
    expect(record.currentOperation).toBeNull();
    const errorText = entries.slice(2).map((entry) => entry.value).join('');
    expect(errorText).toMatch(/^fake : The term 'fake' is not recognized as the name of a cmdlet/);
    expect(errorText).toContain('At line:1 char:1\r\n+ fake cmdlet\r\n');
    expect(errorText.endsWith(' \r\n')).toBe(true);
  });

  test('test_sanitise_clixml_with_no_errors.xml: progress only', () => {
    const values = deserializeDocument(fixture('test_sanitise_clixml_with_no_errors.xml'));
    expect(values).toHaveLength(2);
    expect(values.every((value) => value instanceof PSObject)).toBe(true);
  });

  test('both documents survive serializeDocument -> deserializeDocument', () => {
    for (const name of ['test_sanitise_clixml_with_error.xml', 'test_sanitise_clixml_with_no_errors.xml']) {
      const values = deserializeDocument(fixture(name));
      expect(deserializeDocument(serializeDocument(values))).toStrictEqual(values);
    }
  });
});
