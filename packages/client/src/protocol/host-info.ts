/**
 * MS-PSRP 2.2.3.14 HostInfo. Without a host the flags say so and the server uses no host callbacks for UI;
 * that is what a client without PSHost support must send.
 */
import { PSObject } from '@psrp/clixml';

export function buildNullHostInfo(): PSObject {
  return new PSObject({
    extended: {
      _isHostNull: true,
      _isHostUINull: true,
      _isHostRawUINull: true,
      _useRunspaceHost: true,
    },
  });
}
