/**
 * Server messages taken from the recorded Windows traffic in ../shared/fixtures/pypsrp-recordings (a missing folder
 * fails with RecordingsMissingError naming every path looked at).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_GUID, MESSAGE_HEADER_BYTES, decodeMessage } from '@psrp/fragment';
import { ReplayRecordingError } from '../replay/errors.js';
import { parseRecording } from '../replay/recording.js';
import { recordingPath, recordingsDirectory } from '../replay/recordings-directory.js';
import { MessageType as PeerMessageType } from '@psrp/client/protocol';
import { loadRecordedServer, readRecordedServer, readdressMessage } from './recorded-server.js';

const OPENING_TYPES = [PeerMessageType.SESSION_CAPABILITY, 0x00021009, PeerMessageType.RUNSPACEPOOL_STATE];
const LIVE_RPID = '11111111-2222-3333-4444-555555555555';
const LIVE_PID = '66666666-7777-8888-9999-aaaaaaaaaaaa';

describe('recorded server', () => {
  it('reads the pool answer and each pipeline of a recording in the order the client created them', async () => {
    const server = await loadRecordedServer(recordingPath('test_psrp_with_history.yml'));
    expect(server.opening.map((message) => message.messageType)).toEqual(OPENING_TYPES);
    expect(server.pipelines).toHaveLength(2);
    for (const pipeline of server.pipelines) {
      expect(pipeline.messages.every((message) => message.pid === pipeline.recordedPid)).toBe(true);
      expect(pipeline.messages.at(-1)?.messageType).toBe(PeerMessageType.PIPELINE_STATE);
    }
  });

  it('keeps a pipeline the server never answered, so later pipelines stay paired with theirs', async () => {
    const server = await loadRecordedServer(recordingPath('test_psrp_nested_command.yml'));
    expect(server.pipelines.map((pipeline) => pipeline.messages.length)).toEqual([0, 2]);
  });

  it('opens a pool from every PSRP recording that has one', () => {
    const files = readdirSync(recordingsDirectory()).filter((name) => name.startsWith('test_psrp_'));
    let withPool = 0;
    for (const file of files) {
      const path = join(recordingsDirectory(), file);
      try {
        const server = readRecordedServer(parseRecording(readFileSync(path, 'utf8'), path), path);
        expect(server.opening.at(-1)?.messageType).toBe(PeerMessageType.RUNSPACEPOOL_STATE);
        expect(server.opening[0]?.messageType).toBe(PeerMessageType.SESSION_CAPABILITY);
        withPool++;
      } catch (error) {
        // Only recordings whose pool never opened (the is_alive fault recordings) may refuse.
        expect(error).toBeInstanceOf(ReplayRecordingError);
        expect(file).toMatch(/is_alive|receive_failure/);
      }
    }
    expect(withPool).toBeGreaterThan(20);
  });

  it('readdresses a message to the live ids, keeping the zero RPID of the first capability and the data bytes', async () => {
    const server = await loadRecordedServer(recordingPath('test_psrp_stream_output_invocation.yml'));
    const capability = server.opening[0]!;
    expect(capability.rpid).toBe(EMPTY_GUID);
    expect(decodeMessage(readdressMessage(capability, LIVE_RPID, EMPTY_GUID)).rpid).toBe(EMPTY_GUID);
    const output = server.pipelines[0]!.messages[0]!;
    const live = readdressMessage(output, LIVE_RPID, LIVE_PID);
    expect(decodeMessage(live)).toMatchObject({ rpid: LIVE_RPID, pid: LIVE_PID, messageType: output.messageType });
    expect(live.subarray(MESSAGE_HEADER_BYTES)).toEqual(output.bytes.subarray(MESSAGE_HEADER_BYTES));
    expect(decodeMessage(output.bytes).pid).toBe(server.pipelines[0]!.recordedPid);
  });

  it('refuses a recording with no pool, and names a missing file', async () => {
    await expect(loadRecordedServer(recordingPath('test_winrs_standard.yml'))).rejects.toThrow(/never sent RUNSPACEPOOL_STATE/);
    const missing = join(recordingsDirectory(), 'no-such-recording.yml');
    await expect(loadRecordedServer(missing)).rejects.toThrow(missing);
  });
});
