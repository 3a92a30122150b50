import { ReplayServer, recordingPath } from 'psrp-testkit';
import { it } from 'vitest';
import { RunspacePool, WSManTransport } from '../src/index.js';
it('debug', async () => {
  const server = await ReplayServer.start(recordingPath(process.env.REC!));
  const pool = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } }));
  const t = setTimeout(() => { console.log('STUCK', server.mismatches, server.remaining, server.received.length, server.received.map(r => /Action[^>]*>[^<]*\/([^<\/]+)</.exec(r)?.[1])); }, 3000);
  try {
    console.log(await pool.createPowerShell().addScript('x').invoke());
    console.log(await pool.resetRunspaceState());
    console.log(await pool.createPowerShell().addScript('x').invoke());
  } finally { clearTimeout(t); }
  await pool.close();
  console.log(server.mismatches, server.remaining, server.tolerated);
  await server.close();
}, 10000);
