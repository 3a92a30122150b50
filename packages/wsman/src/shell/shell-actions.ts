/**
 * @module shell/shell-actions
 * The wsa:Action URIs and resource URIs of the Disconnected Shell operations (MS-WSMV 3.1.4.15 Disconnect,
 * 3.1.4.16 Reconnect, 3.1.4.17 Connect) and of WS-Enumeration over shells and their commands (MS-WSMV 3.1.4.8,
 * MS-PSRP 3.1.5.3.14: the client discovers disconnected pools by enumerating shells).
 */
import { NS_SHELL } from '../namespaces.js';

export const ACTION_DISCONNECT = `${NS_SHELL}/Disconnect`;
export const ACTION_RECONNECT = `${NS_SHELL}/Reconnect`;
export const ACTION_CONNECT = `${NS_SHELL}/Connect`;

/** WS-Enumeration (DSP0226 / the 2004/09 enumeration spec). */
export const NS_ENUMERATION = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration';
export const ACTION_ENUMERATE = `${NS_ENUMERATION}/Enumerate`;
export const ACTION_PULL = `${NS_ENUMERATION}/Pull`;
export const ACTION_RELEASE = `${NS_ENUMERATION}/Release`;

/** Every shell of the caller, whatever its plug-in: enumerating it lists cmd and PowerShell shells alike. */
export const RESOURCE_URI_SHELL = NS_SHELL;
/** The commands of one shell (enumerated with a ShellId selector filter). */
export const RESOURCE_URI_SHELL_COMMAND = `${NS_SHELL}/Command`;
/** wsman:Filter dialect that selects by selectors, as Windows clients enumerate a shell's commands. */
export const SELECTOR_FILTER_DIALECT = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter';

/** What the server does with output produced while the client is disconnected (MS-WSMV 2.2.5.10). */
export type OutputBufferingMode = 'Block' | 'Drop';
