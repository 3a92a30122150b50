/**
 * @module soap/response-parser
 * Splits a response envelope into header and body, and turns a fault into its error.
 */
import { WSManParseError } from '../errors.js';
import { NS_ADDRESSING, NS_SOAP } from '../namespaces.js';
import { parseFault } from './fault-parser.js';
import { findChild, findChildren, type XmlElement } from './xml-element.js';
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
  // Exactly one s:Body and at most one s:Header (SOAP 1.2 part 1, 5.1): a second Body is how a tampering
  // intermediary smuggles content past whoever reads only the first.
  const bodies = findChildren(root, NS_SOAP, 'Body');
  if (bodies.length !== 1) throw new WSManParseError(bodies.length === 0 ? 'SOAP envelope without a Body' : `SOAP envelope with ${bodies.length} Body elements`, 'syntax');
  const body = bodies[0]!;
  const headers = findChildren(root, NS_SOAP, 'Header');
  if (headers.length > 1) throw new WSManParseError(`SOAP envelope with ${headers.length} Header elements`, 'syntax');
  const header = headers[0];
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
