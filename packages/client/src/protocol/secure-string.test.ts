import { deserialize, PSObject, PSSecureString, serialize } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { decodeSecureStrings, encodeSecureStrings, SecureString } from './secure-string.js';

/** A PSCustomObject holding a SecureString, as pwsh 7.6 writes it (protocol 2.4: base64 of the UTF-16LE text). */
const RECEIVED =
  '<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>' +
  '<MS><S N="User">alice</S><SS N="Password">YQBiAGMA</SS></MS></Obj>';
const plainText = (wire: string) => Buffer.from(wire, 'base64').toString('utf16le');
const wireText = (text: string) => Buffer.from(text, 'utf16le').toString('base64');

describe('SecureStrings inside received objects sent back', () => {
  it('a received object goes back with the type names it came with, not the Deserialized. ones it presents', () => {
    const received = decodeSecureStrings(deserialize(RECEIVED), plainText) as PSObject;
    expect(received.typeNames[0]).toBe('Deserialized.System.Management.Automation.PSCustomObject');
    expect((received.get('Password') as unknown as SecureString).reveal()).toBe('abc');

    const sent = encodeSecureStrings(received, wireText);
    expect(sent).not.toBe(received);
    const written = serialize(sent);
    expect(written).toContain('<T>System.Management.Automation.PSCustomObject</T><T>System.Object</T>');
    expect(written).not.toContain('Deserialized.');
    expect(written).toContain('<SS N="Password">YQBiAGMA</SS>');
    // What the caller holds is left as it was.
    expect(received.get('Password')).toBeInstanceOf(SecureString);
    // The same object sent without a SecureString inside is written the same way by serialize() itself.
    const withoutSecret = deserialize(RECEIVED.replace('<SS N="Password">YQBiAGMA</SS>', '')) as PSObject;
    expect(serialize(withoutSecret)).toContain('<T>System.Management.Automation.PSCustomObject</T><T>System.Object</T>');
  });

  it('type names the user changed on a received object go as they are', () => {
    const received = decodeSecureStrings(deserialize(RECEIVED), plainText) as PSObject;
    received.typeNames.unshift('My.Credential');
    const written = serialize(encodeSecureStrings(received, wireText));
    expect(written).toContain('<T>My.Credential</T><T>Deserialized.System.Management.Automation.PSCustomObject</T>');
  });

  it('an object built here keeps its own names, and the SecureString becomes <SS>', () => {
    const built = new PSObject({ typeNames: ['My.Type'], extended: { Secret: new SecureString('x') as never } });
    const sent = encodeSecureStrings(built, wireText) as PSObject;
    expect(sent.typeNames).toEqual(['My.Type']);
    expect(sent.get('Secret')).toBeInstanceOf(PSSecureString);
  });
});
