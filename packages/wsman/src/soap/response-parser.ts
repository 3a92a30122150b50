/**
 * @module soap/response-parser
 * Splits a response envelope into header and body, and turns a fault into its error.
 */
import { WSManParseError } from '../errors.js';
import { NS_ADDRESSING, NS_SOAP } from '../namespaces.js';
import { parseFault } from './fault-parser.js';
import { findChild, type XmlElement } from './xml-element.js';
import { readXml, type XmlReadLimits } from './xml-reader.js';

export interface SoapResponse {
  /** wsa:Action of the response, '' when absent. */
  action: string;
  header: XmlElement | undefined;
  body: XmlElement;
}

/** Parses an envelope; rejects a document whose root is not s:Envelope with an s:Body. */
export function parseEnvelope(xml: string, limits?: XmlReadLimits): SoapResponse {
  const root = readXml(xml, limits);
  if (root.namespace !== NS_SOAP || root.localName !== 'Envelope') {
    throw new WSManParseError(`Expected a SOAP 1.2 Envelope, got <${root.localName}>`, 'syntax');
  }
  const body = findChild(root, NS_SOAP, 'Body');
  if (body === undefined) throw new WSManParseError('SOAP envelope without a Body', 'syntax');
  const header = findChild(root, NS_SOAP, 'Header');
  const action = header === undefined ? '' : (findChild(header, NS_ADDRESSING, 'Action')?.text.trim() ?? '');
  return { action, header, body };
}

/**
 * Parses a response and throws its fault, if any, as a WSManFaultError.
 * @param status the HTTP status, attached to a fault error.
 */
export function parseResponse(xml: string, status: number, limits?: XmlReadLimits): SoapResponse {
  const response = parseEnvelope(xml, limits);
  const fault = parseFault(response.body, status);
  if (fault !== null) throw fault;
  return response;
}
