/**
 * @module ps-text-values
 * Values CLIXML carries as opaque text: `<URI>`, `<SS>`, `<SBK>` and `<XD>`. Each is its own class so the
 * serializer writes the right element back.
 */

abstract class TextValue {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** `<URI>`: a System.Uri, kept as text. */
export class PSUri extends TextValue {}

/**
 * `<SS>`: a SecureString as sent on the wire (base64 of the AES-256-CBC ciphertext under the session key
 * for protocol < 2.4). Decrypting it is the client's job; this class never sees the key.
 */
export class PSSecureString extends TextValue {
  override toJSON(): string {
    return '[SecureString]';
  }
}

/** `<SBK>`: a ScriptBlock's source text. It arrives as text and is never run by this package. */
export class PSScriptBlock extends TextValue {}

/** `<XD>`: an XmlDocument's outer XML, kept as text (it is not parsed). */
export class PSXmlDocument extends TextValue {}
