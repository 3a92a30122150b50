/**
 * The runtime contract of @psrp/wsman (test-support/runtime-matrix/run-matrix.mjs runs it on Node, Deno, Bun,
 * headless Chromium and workerd against dist/): the default fetch engine driving a WinRS command against a real
 * Windows server's recorded answers (the testkit's ReplayServer, reached over fetch; from the browser page across
 * origins), and hostile XML refused with a typed error.
 */
import { WSManClient, readXml, runCommand } from '../dist/index.js';
import { assert, createChecks, expectErrorCode } from '../../../test-support/runtime-matrix/contract-checks.mjs';

/** @param context.winrs the URL of a ReplayServer playing test_winrs_standard.yml */
export async function run({ winrs }) {
  const { check, report } = createChecks();

  await check('runCommand over fetch: cmd.exe /c echo hi against a recorded Windows server', async () => {
    const client = new WSManClient({ endpoint: winrs });
    const result = await runCommand(client, 'cmd.exe', ['/c', 'echo', 'hi']);
    assert(result.stdout === 'hi\r\n', `stdout ${JSON.stringify(result.stdout)}`);
    assert(result.stderr === '' && result.exitCode === 0, `stderr ${JSON.stringify(result.stderr)}, exit code ${result.exitCode}`);
  });

  await check('hostile XML: DOCTYPE and nesting past the depth limit are typed errors', async () => {
    await expectErrorCode(() => readXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), 'WSMAN_ERR_PARSE');
    await expectErrorCode(() => readXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`), 'WSMAN_ERR_PARSE');
  });

  return report();
}
