/**
 * `replay-pwsh <recording.yml>`: a process that speaks `pwsh -s`'s stdio protocol, answering from a recorded
 * server session through OutOfProcReplayPeer, and exits as pwsh would (0 after a clean session, 4000 after a
 * framing violation). It lets the client's process transport be tested end to end where real PowerShell cannot
 * be installed; it proves the process plumbing, not interop with PowerShell.
 */
import { createInterface } from 'node:readline';
import { OutOfProcReplayPeer } from './out-of-proc/out-of-proc-replay-peer.js';

const [recording] = process.argv.slice(2);
if (!recording) {
  process.stderr.write('usage: replay-pwsh <recording.yml>\n');
  process.exit(2);
}

const peer = await OutOfProcReplayPeer.fromRecording(recording);
const forwarding = (async () => {
  for await (const line of peer.lines) process.stdout.write(`${line}\n`);
})();

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  // pwsh ends the session on an empty line, as the peer does; a write after that fails like a dead stdin.
  await peer.writeLine(line).catch(() => undefined);
}
const end = await peer.close();
await forwarding;
process.stderr.write(end.stderr);
process.exitCode = end.exitCode ?? 0;
