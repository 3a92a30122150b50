/**
 * The Node process connection's own mechanics (lines both ways, exit code, stderr, failures), with small Node
 * scripts as the child. Interop with `pwsh -s` itself is test/pwsh-process.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PsrpProtocolError, PsrpTransportError } from '../src/index.js';
import { ProcessConnection } from '../src/process.js';

function nodeChild(script: string): ProcessConnection {
  return new ProcessConnection({ executable: process.execPath, args: ['-e', script] });
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe('ProcessConnection', () => {
  it('writes lines to stdin and reads lines from stdout, \\r\\n included, then reports exit code and stderr', async () => {
    const connection = nodeChild(`
      process.stdin.setEncoding('utf8');
      let text = '';
      process.stdin.on('data', (chunk) => { text += chunk; });
      process.stdin.on('end', () => {
        for (const line of text.split('\\n').filter(Boolean)) process.stdout.write(line.toUpperCase() + '\\r\\n');
        process.stderr.write('bye');
        process.exitCode = 3;
      });`);
    await connection.writeLine('<a />');
    await connection.writeLine('<b />');
    const reading = collect(connection.lines);
    const end = await connection.close();
    expect(await reading).toEqual(['<A />', '<B />']);
    expect(end).toEqual({ exitCode: 3, signal: null, stderr: 'bye' });
    // close() and ended() report the same end, as often as asked.
    expect(await connection.close()).toEqual(end);
    expect(await connection.ended()).toEqual(end);
  });

  it('describes itself for messages and reports, through ended(), a process that exits by itself', async () => {
    const connection = nodeChild(`process.stderr.write('gone'); process.exit(7);`);
    expect(connection.description).toBe('the PowerShell process');
    expect(await collect(connection.lines)).toEqual([]);
    expect(await connection.ended()).toEqual({ exitCode: 7, signal: null, stderr: 'gone' });
    await connection.close();
  });

  it('kills a process that does not exit after its input ended, and says so', async () => {
    const connection = new ProcessConnection({ executable: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], exitGraceMs: 100 });
    const end = await connection.close();
    expect(end).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('refuses an endless line instead of buffering it', async () => {
    const connection = nodeChild(`process.stdout.write('x'.repeat(3 * 1024 * 1024)); setTimeout(() => {}, 5000);`);
    await expect(collect(connection.lines)).rejects.toThrow(PsrpProtocolError);
    await connection.close();
  });

  it('fails with a PsrpTransportError when the executable cannot start', async () => {
    const connection = new ProcessConnection({ executable: '/nonexistent/pwsh' });
    await expect(collect(connection.lines)).rejects.toThrow(PsrpTransportError);
    await expect(connection.writeLine('<a />')).rejects.toThrow(PsrpTransportError);
    await expect(connection.ended()).rejects.toThrow(PsrpTransportError);
  });
});
