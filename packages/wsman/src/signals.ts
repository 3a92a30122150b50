/**
 * @module signals
 * rsp:Signal codes (MS-WSMV 2.2.4.38) and PowerShell's own stop signal.
 */
import { NS_SHELL } from './namespaces.js';

/** Ends a command and frees its resources. */
export const SIGNAL_TERMINATE = `${NS_SHELL}/signal/terminate`;
/** Ctrl+C to a cmd.exe command. */
export const SIGNAL_CTRL_C = `${NS_SHELL}/signal/ctrl_c`;
/** Ctrl+Break to a cmd.exe command. */
export const SIGNAL_CTRL_BREAK = `${NS_SHELL}/signal/ctrl_break`;
/** Stops a PowerShell pipeline. The misspelling is PowerShell's own and is what the server expects. */
export const SIGNAL_PS_CTRL_C = 'powershell/signal/crtl_c';
