/**
 * @module namespaces
 * XML namespaces of MS-WSMV and the prefixes psrp writes (the ones Windows clients use).
 */
export const NS_SOAP = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_ADDRESSING = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
export const NS_WSMAN = 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd';
export const NS_WSMV = 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd';
export const NS_SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';
export const NS_TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer';
export const NS_WSMAN_FAULT = 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
/** Namespace of PowerShell's open content in a Shell body (creationXml, connectXml). */
export const NS_POWERSHELL = 'http://schemas.microsoft.com/powershell';

/** The prefix -> namespace declarations every request envelope carries. */
export const REQUEST_PREFIXES = {
  s: NS_SOAP,
  wsa: NS_ADDRESSING,
  wsman: NS_WSMAN,
  wsmv: NS_WSMV,
  rsp: NS_SHELL,
} as const;
