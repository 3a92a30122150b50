/**
 * `serve` for run-matrix.mjs: one testkit ReplayServer per named recording (../shared/fixtures/pypsrp-recordings),
 * fresh for each runtime, open to browser pages of any origin. The context is `{ name: url }`; every request the
 * server could not match, and every recorded exchange left unplayed, is a problem.
 */
import { ReplayServer, recordingPath } from 'psrp-testkit';

export function serveRecordings(recordings) {
  return async () => {
    const servers = {};
    for (const [name, file] of Object.entries(recordings)) servers[name] = await ReplayServer.start(recordingPath(file), { allowAnyOrigin: true });
    return {
      context: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url])),
      problems: () =>
        Object.entries(servers).flatMap(([name, server]) => [
          ...server.mismatches.map((mismatch) => `${recordings[name]}: ${mismatch}`),
          ...(server.remaining > 0 ? [`${recordings[name]}: ${server.remaining} recorded exchanges never requested`] : []),
        ]),
      close: () => Promise.all(Object.values(servers).map((server) => server.close())),
    };
  };
}
