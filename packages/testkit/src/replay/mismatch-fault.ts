/**
 * @module replay/mismatch-fault
 * The SOAP fault the replay server answers when a request does not match the recording, shaped
 * like a Windows fault so a WSMan client surfaces it as a typed fault error.
 */

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Machine name the replay server reports in f:WSManFault. */
export const REPLAY_MACHINE = 'psrp-replay';

export function mismatchFault(description: string): string {
  const text = escapeXml(description);
  return (
    '<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    '<s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action></s:Header>' +
    '<s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:ReplayMismatch</s:Value></s:Subcode></s:Code>' +
    `<s:Reason><s:Text xml:lang="en-US">${text}</s:Text></s:Reason>` +
    `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Machine="${REPLAY_MACHINE}">` +
    `<f:Message>${text}</f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
  );
}
