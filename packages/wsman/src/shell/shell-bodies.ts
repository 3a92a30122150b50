/**
 * @module shell/shell-bodies
 * The s:Body content of the WinRS operations (MS-WSMV 2.2.4.37 Shell, .7 CommandLine, .34 Send,
 * .30 Receive, .38 Signal), in the element order Windows accepts.
 */
import { NS_POWERSHELL } from '../namespaces.js';
import { escapeAttribute, escapeText } from '../soap/xml-escape.js';
import { formatDuration } from '../soap/envelope-builder.js';

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
  if (options.idleTimeoutSeconds !== undefined) content += element('rsp:IdleTimeOut', formatDuration(options.idleTimeoutSeconds));
  if (options.lifetimeSeconds !== undefined) content += element('rsp:Lifetime', formatDuration(options.lifetimeSeconds));
  if (options.name !== undefined) content += element('rsp:Name', options.name);
  if (options.workingDirectory !== undefined) content += element('rsp:WorkingDirectory', options.workingDirectory);
  const open = options.openContent;
  if (open !== undefined) {
    const xmlns = open.namespace === '' ? '' : ` xmlns="${escapeAttribute(open.namespace)}"`;
    content += `<${open.name}${xmlns}>${escapeText(open.text)}</${open.name}>`;
  }
  return `<rsp:Shell${attribute('ShellId', options.shellId)}>${content}</rsp:Shell>`;
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
