/**
 * @module actions
 * wsa:Action URIs (WS-Transfer and the WinRS shell actions of MS-WSMV) and well-known resource URIs.
 */
import { NS_SHELL, NS_TRANSFER } from './namespaces.js';

export const ACTION_CREATE = `${NS_TRANSFER}/Create`;
export const ACTION_DELETE = `${NS_TRANSFER}/Delete`;
export const ACTION_GET = `${NS_TRANSFER}/Get`;
export const ACTION_COMMAND = `${NS_SHELL}/Command`;
export const ACTION_SEND = `${NS_SHELL}/Send`;
export const ACTION_RECEIVE = `${NS_SHELL}/Receive`;
export const ACTION_SIGNAL = `${NS_SHELL}/Signal`;

/** The cmd.exe shell (WinRS). */
export const RESOURCE_URI_CMD = `${NS_SHELL}/cmd`;
/** The default PowerShell endpoint; other configurations replace the last segment. */
export const RESOURCE_URI_POWERSHELL = 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell';
/** The WinRM service configuration (a Get returns cfg:MaxEnvelopeSizekb among others). */
export const RESOURCE_URI_CONFIG = 'http://schemas.microsoft.com/wbem/wsman/1/config';

/** The anonymous reply address every request names in wsa:ReplyTo. */
export const ADDRESS_ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
