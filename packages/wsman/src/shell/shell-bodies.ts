/**
 * @module shell/shell-bodies
 * The s:Body content of the WinRS operations (MS-WSMV 2.2.4.37 Shell, .7 CommandLine, .34 Send,
 * .30 Receive, .38 Signal), in the element order Windows accepts.
 */
import { NS_POWERSHELL } from '../namespaces.js';
import { escapeAttribute, escapeText } from '../soap/xml-escape.js';
import { durationOption } from '../soap/envelope-builder.js';
import { NS_ENUMERATION, SELECTOR_FILTER_DIALECT, type OutputBufferingMode } from './shell-actions.js';

/** Extra content inside rsp:Shell, e.g. PowerShell's creationXml carrying the first PSRP fragments. */
export interface OpenContent {
  name: string;
  namespace: string;
  text: string;
}

export interface ShellBodyOptions {
  shellId?: string;
  inputStreams: readonly string[];
  outputStreams: readonly string[];
  environment?: Readonly<Record<string, string>>;
  idleTimeoutSeconds?: number;
  lifetimeSeconds?: number;
  name?: string;
  workingDirectory?: string;
  openContent?: OpenContent;
}

function element(name: string, text: string): string {
  return text === '' ? `<${name} />` : `<${name}>${escapeText(text)}</${name}>`;
}

function attribute(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeAttribute(value)}"`;
}

export function shellBody(options: ShellBodyOptions): string {
  let content =
    element('rsp:InputStreams', options.inputStreams.join(' ')) +
    element('rsp:OutputStreams', options.outputStreams.join(' '));
  if (options.environment !== undefined) {
    const variables = Object.entries(options.environment).map(
      ([name, value]) => `<rsp:Variable Name="${escapeAttribute(name)}">${escapeText(value)}</rsp:Variable>`,
    );
    content += `<rsp:Environment>${variables.join('')}</rsp:Environment>`;
  }
  if (options.idleTimeoutSeconds !== undefined) content += element('rsp:IdleTimeOut', durationOption(options.idleTimeoutSeconds, 'idleTimeoutSeconds'));
  if (options.lifetimeSeconds !== undefined) content += element('rsp:Lifetime', durationOption(options.lifetimeSeconds, 'lifetimeSeconds'));
  if (options.name !== undefined) content += element('rsp:Name', options.name);
  if (options.workingDirectory !== undefined) content += element('rsp:WorkingDirectory', options.workingDirectory);
  if (options.openContent !== undefined) content += openContentElement(options.openContent);
  return `<rsp:Shell${attribute('ShellId', options.shellId)}>${content}</rsp:Shell>`;
}

function openContentElement(open: OpenContent): string {
  const xmlns = open.namespace === '' ? '' : ` xmlns="${escapeAttribute(open.namespace)}"`;
  return `<${open.name}${xmlns}>${escapeText(open.text)}</${open.name}>`;
}

export function commandLineBody(options: { commandId?: string; commandLine?: string; arguments?: readonly string[] }): string {
  const args = (options.arguments ?? []).map((argument) => element('rsp:Arguments', argument)).join('');
  return (
    `<rsp:CommandLine${attribute('CommandId', options.commandId)}>` +
    `${element('rsp:Command', options.commandLine ?? '')}${args}</rsp:CommandLine>`
  );
}

export function sendBody(options: { commandId?: string; stream: string; data: string; end?: boolean }): string {
  const end = options.end === true ? ' End="true"' : '';
  return (
    `<rsp:Send><rsp:Stream Name="${escapeAttribute(options.stream)}"${attribute('CommandId', options.commandId)}${end}>` +
    `${escapeText(options.data)}</rsp:Stream></rsp:Send>`
  );
}

export function receiveBody(options: { commandId?: string; streams: readonly string[] }): string {
  return (
    `<rsp:Receive><rsp:DesiredStream${attribute('CommandId', options.commandId)}>` +
    `${escapeText(options.streams.join(' '))}</rsp:DesiredStream></rsp:Receive>`
  );
}

export function signalBody(options: { commandId: string; code: string }): string {
  return `<rsp:Signal${attribute('CommandId', options.commandId)}>${element('rsp:Code', options.code)}</rsp:Signal>`;
}

/** The namespace PowerShell's creationXml/connectXml open content lives in. */
export const OPEN_CONTENT_NAMESPACE = NS_POWERSHELL;

/**
 * rsp:Disconnect (MS-WSMV 3.1.4.15, MS-PSRP 3.1.5.3.16): both elements are optional; without them the server keeps
 * the idle timeout of the Create and its configured buffering mode.
 */
export function disconnectBody(options: { idleTimeoutSeconds?: number; bufferMode?: OutputBufferingMode }): string {
  let content = '';
  if (options.idleTimeoutSeconds !== undefined) content += element('rsp:IdleTimeOut', durationOption(options.idleTimeoutSeconds, 'idleTimeoutSeconds'));
  if (options.bufferMode !== undefined) content += element('rsp:BufferMode', options.bufferMode);
  return content === '' ? '<rsp:Disconnect />' : `<rsp:Disconnect>${content}</rsp:Disconnect>`;
}

/**
 * The body of a Reconnect (MS-WSMV 3.1.4.16, MS-PSRP 3.1.5.3.18): empty for the shell (as recorded), a CommandId for
 * one of its commands (a shell's Reconnect does not reconnect its commands), a BufferMode for the next disconnect.
 */
export function reconnectBody(options: { commandId?: string; bufferMode?: OutputBufferingMode }): string {
  if (options.commandId === undefined && options.bufferMode === undefined) return '';
  const content = options.bufferMode === undefined ? '' : element('rsp:BufferMode', options.bufferMode);
  return content === ''
    ? `<rsp:Reconnect${attribute('CommandId', options.commandId)} />`
    : `<rsp:Reconnect${attribute('CommandId', options.commandId)}>${content}</rsp:Reconnect>`;
}

/** rsp:Connect (MS-WSMV 3.1.4.17): to a shell with its open content (PowerShell's connectXml), or to one command. */
export function connectBody(options: { commandId?: string; openContent?: OpenContent }): string {
  const content = options.openContent === undefined ? '' : openContentElement(options.openContent);
  return content === ''
    ? `<rsp:Connect${attribute('CommandId', options.commandId)} />`
    : `<rsp:Connect${attribute('CommandId', options.commandId)}>${content}</rsp:Connect>`;
}

/** The most items one Enumerate or Pull may return (what Windows clients ask for). */
export const ENUMERATION_MAX_ELEMENTS = 32000;

/**
 * wsen:Enumerate with OptimizeEnumeration (the first items come back in the response), optionally filtered by
 * selectors (a shell's commands are enumerated with its ShellId).
 */
export function enumerateBody(options: { selectorFilter?: Readonly<Record<string, string>>; maxElements?: number } = {}): string {
  let content = `<wsman:OptimizeEnumeration />${element('wsman:MaxElements', String(options.maxElements ?? ENUMERATION_MAX_ELEMENTS))}`;
  if (options.selectorFilter !== undefined) {
    const selectors = Object.entries(options.selectorFilter)
      .map(([name, value]) => `<wsman:Selector Name="${escapeAttribute(name)}">${escapeText(value)}</wsman:Selector>`)
      .join('');
    content += `<wsman:Filter Dialect="${SELECTOR_FILTER_DIALECT}"><wsman:SelectorSet>${selectors}</wsman:SelectorSet></wsman:Filter>`;
  }
  return `<wsen:Enumerate xmlns:wsen="${NS_ENUMERATION}">${content}</wsen:Enumerate>`;
}

/** wsen:Pull: the next items of an enumeration whose Enumerate response did not end the sequence. */
export function pullBody(options: { context: string; maxElements?: number }): string {
  return (
    `<wsen:Pull xmlns:wsen="${NS_ENUMERATION}">${element('wsen:EnumerationContext', options.context)}` +
    `${element('wsen:MaxElements', String(options.maxElements ?? ENUMERATION_MAX_ELEMENTS))}</wsen:Pull>`
  );
}
