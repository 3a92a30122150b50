/**
 * The envelopes psrp builds have the shape pypsrp sent to real Windows servers: every recorded
 * request in ../shared/fixtures/pypsrp-recordings is rebuilt from its values with buildEnvelope
 * and the shell body builders, and compared element by element (namespaces, attributes, order, text).
 */
import { describe, expect, it } from 'vitest';
import { recordedPairs } from '../../../../test-support/recorded-pairs.js';
import { NS_ADDRESSING, NS_POWERSHELL, NS_SHELL, NS_SOAP, NS_WSMAN, NS_WSMV } from '../namespaces.js';
import { commandLineBody, receiveBody, sendBody, shellBody, signalBody } from '../shell/shell-bodies.js';
import { buildEnvelope, formatDuration, type WSManOption } from './envelope-builder.js';
import { findChild, findChildren, type XmlElement } from './xml-element.js';
import { readXml } from './xml-reader.js';

const DURATION_PATTERN = /^PT(-?[\d.]+)S$/;

function seconds(duration: string): number {
  const match = DURATION_PATTERN.exec(duration);
  if (match === null) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]);
}

/** A comparable form: recorded booleans ("True"/"False") read as xs:boolean, End="false" as absent. */
function canonical(element: XmlElement): unknown {
  // Attribute order carries no meaning in XML; pypsrp and psrp write CommandId and Name differently.
  const attributes = [...element.attributes]
    .filter(([name, value]) => !(name === 'End' && value.toLowerCase() === 'false'))
    .sort(([left], [right]) => left.localeCompare(right));
  return {
    name: `{${element.namespace}}${element.localName}`,
    attributes: Object.fromEntries(attributes.map(([name, value]) => [name, name === 'End' ? value.toLowerCase() : value])),
    text: element.children.length === 0 ? element.text : element.text.trim(),
    // Environment is a set of variables; a JS record also reorders integer-like names ('1234').
    children: (element.localName === 'Environment'
      ? [...element.children].sort((left, right) => (left.attributes.get('Name') ?? '').localeCompare(right.attributes.get('Name') ?? ''))
      : element.children
    ).map(canonical),
  };
}

function rebuildBody(operation: XmlElement | undefined): string {
  if (operation === undefined) return '';
  const attr = (name: string): string | undefined => operation.attributes.get(name);
  const optional = <T extends object>(value: string | undefined, make: (text: string) => T): T | object => (value === undefined ? {} : make(value));
  switch (operation.localName) {
    case 'Shell': {
      const child = (name: string): string | undefined => findChild(operation, NS_SHELL, name)?.text;
      const environment = findChild(operation, NS_SHELL, 'Environment');
      const open = operation.children.find((item) => item.namespace === NS_POWERSHELL);
      return shellBody({
        ...optional(attr('ShellId'), (shellId) => ({ shellId })),
        inputStreams: (child('InputStreams') ?? '').split(' '),
        outputStreams: (child('OutputStreams') ?? '').split(' '),
        ...(environment === undefined
          ? {}
          : { environment: Object.fromEntries(findChildren(environment, NS_SHELL, 'Variable').map((item) => [item.attributes.get('Name')!, item.text])) }),
        ...optional(child('IdleTimeOut'), (text) => ({ idleTimeoutSeconds: seconds(text) })),
        ...optional(child('Lifetime'), (text) => ({ lifetimeSeconds: seconds(text) })),
        ...optional(child('Name'), (name) => ({ name })),
        ...optional(child('WorkingDirectory'), (workingDirectory) => ({ workingDirectory })),
        ...(open === undefined ? {} : { openContent: { name: open.localName, namespace: open.namespace, text: open.text } }),
      });
    }
    case 'CommandLine':
      return commandLineBody({
        ...optional(attr('CommandId'), (commandId) => ({ commandId })),
        commandLine: findChild(operation, NS_SHELL, 'Command')?.text ?? '',
        arguments: findChildren(operation, NS_SHELL, 'Arguments').map((item) => item.text),
      });
    case 'Send': {
      const stream = findChild(operation, NS_SHELL, 'Stream')!;
      return sendBody({
        ...optional(stream.attributes.get('CommandId'), (commandId) => ({ commandId })),
        stream: stream.attributes.get('Name')!,
        data: stream.text,
        end: stream.attributes.get('End')?.toLowerCase() === 'true',
      });
    }
    case 'Receive': {
      const desired = findChild(operation, NS_SHELL, 'DesiredStream')!;
      return receiveBody({ ...optional(desired.attributes.get('CommandId'), (commandId) => ({ commandId })), streams: desired.text.split(' ') });
    }
    case 'Signal':
      return signalBody({ commandId: attr('CommandId')!, code: findChild(operation, NS_SHELL, 'Code')!.text });
    default:
      throw new Error(`no builder for rsp:${operation.localName}`);
  }
}

function rebuild(request: string): string {
  const envelope = readXml(request);
  const header = findChild(envelope, NS_SOAP, 'Header')!;
  const body = findChild(envelope, NS_SOAP, 'Body')!;
  const text = (namespace: string, name: string): string => findChild(header, namespace, name)!.text;
  const optionSet = findChild(header, NS_WSMAN, 'OptionSet');
  const options: WSManOption[] = (optionSet === undefined ? [] : findChildren(optionSet, NS_WSMAN, 'Option')).map((option) => ({
    name: option.attributes.get('Name')!,
    value: option.text,
    mustComply: option.attributes.get('MustComply') === 'true',
  }));
  const selectorSet = findChild(header, NS_WSMAN, 'SelectorSet');
  const selectors = Object.fromEntries(
    (selectorSet === undefined ? [] : findChildren(selectorSet, NS_WSMAN, 'Selector')).map((item) => [item.attributes.get('Name')!, item.text]),
  );
  return buildEnvelope(
    {
      action: text(NS_ADDRESSING, 'Action'),
      resourceUri: text(NS_WSMAN, 'ResourceURI'),
      to: text(NS_ADDRESSING, 'To'),
      messageId: text(NS_ADDRESSING, 'MessageID').replace('uuid:', ''),
      sessionId: text(NS_WSMV, 'SessionId').replace('uuid:', ''),
      maxEnvelopeSize: Number(text(NS_WSMAN, 'MaxEnvelopeSize')),
      operationTimeoutSeconds: seconds(text(NS_WSMAN, 'OperationTimeout')),
      locale: findChild(header, NS_WSMAN, 'Locale')!.attributes.get('lang')!,
      dataLocale: findChild(header, NS_WSMV, 'DataLocale')!.attributes.get('lang')!,
      options,
      selectors,
    },
    rebuildBody(body.children[0]),
  );
}

const BUILT_ACTIONS = /\/(Create|Delete|Get|Command|Send|Receive|Signal)$/;
const requests = recordedPairs().filter((pair) => BUILT_ACTIONS.test(/Action[^>]*>([^<]+)</.exec(pair.request)?.[1] ?? ''));

describe('buildEnvelope against the recorded requests', () => {
  it('has recorded requests of every operation to compare with', () => {
    const actions = new Set(requests.map((pair) => /Action[^>]*>[^<]*\/(\w+)</.exec(pair.request)![1]));
    expect([...actions].sort()).toEqual(['Command', 'Create', 'Delete', 'Get', 'Receive', 'Send', 'Signal']);
    expect(requests.length).toBeGreaterThan(300);
  });

  it('rebuilds every recorded Create/Command/Send/Receive/Signal/Delete/Get with the same shape', () => {
    const differing = requests.filter((pair) => JSON.stringify(canonical(readXml(rebuild(pair.request)))) !== JSON.stringify(canonical(readXml(pair.request))));
    expect(differing.map((pair) => `${pair.file}#${pair.index}`)).toEqual([]);
  });

  it('writes the header order Windows clients use', () => {
    const envelope = rebuild(requests[0]!.request);
    const names = [...envelope.matchAll(/<(wsa|wsman|wsmv):(\w+)/g)].map((match) => match[2]);
    expect(names.slice(0, 11)).toEqual([
      'Action', 'DataLocale', 'Locale', 'MaxEnvelopeSize', 'MessageID', 'OperationTimeout', 'ReplyTo', 'Address', 'ResourceURI', 'SessionId', 'To',
    ]);
  });

  it('escapes text and attribute values', () => {
    const body = shellBody({ inputStreams: ['stdin'], outputStreams: ['stdout'], environment: { 'a"<&>': 'x<&>"' } });
    expect(body).toContain('<rsp:Variable Name="a&quot;&lt;&amp;&gt;">x&lt;&amp;&gt;"</rsp:Variable>');
  });

  it('formats OperationTimeout as an xs:duration in seconds', () => {
    expect(formatDuration(20)).toBe('PT20S');
    expect(formatDuration(0.5)).toBe('PT0.5S');
  });
});
