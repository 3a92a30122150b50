import { describe, expect, it } from 'vitest';
import { NS_SOAP } from '../namespaces.js';
import { isTimedOutFault, parseFault, WSMAN_FAULT_CODE_TIMED_OUT } from './fault-parser.js';
import { findChild } from './xml-element.js';
import { readXml } from './xml-reader.js';

/** Faults as Windows sends them (copied in shape from the recorded traffic). */
const TIMED_OUT =
  '<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code>' +
  '<s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </s:Text></s:Reason>' +
  '<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="2150858793" Machine="192.168.56.11">' +
  '<f:Message>The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  </f:Message></f:WSManFault></s:Detail></s:Fault>';
const PROVIDER_FAULT =
  '<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter</s:Value></s:Subcode></s:Code>' +
  '<s:Reason><s:Text xml:lang="en-US">The parameter is incorrect. </s:Text></s:Reason><s:Detail>' +
  '<w:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidValue</w:FaultDetail>' +
  '<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="87" Machine="127.0.0.1"><f:Message>' +
  '<f:ProviderFault provider="Shell cmd plugin" path="%systemroot%\\system32\\winrscmd.dll">The parameter is incorrect. </f:ProviderFault>' +
  '</f:Message></f:WSManFault></s:Detail></s:Fault>';

function body(content: string) {
  const envelope = readXml(
    `<s:Envelope xmlns:s="${NS_SOAP}" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Body>${content}</s:Body></s:Envelope>`,
  );
  return findChild(envelope, NS_SOAP, 'Body')!;
}

describe('parseFault', () => {
  it('copies every field of a Windows fault onto WSManFaultError', () => {
    const fault = parseFault(body(TIMED_OUT), 500)!;
    expect(fault).toMatchObject({
      code: 'WSMAN_ERR_FAULT',
      faultCode: 's:Receiver',
      subcode: 'w:TimedOut',
      wsmanFaultCode: WSMAN_FAULT_CODE_TIMED_OUT,
      machine: '192.168.56.11',
      faultDetail: null,
      status: 500,
    });
    expect(fault.reason).toBe('The WS-Management service cannot complete the operation within the time specified in OperationTimeout.');
    expect(isTimedOutFault(fault)).toBe(true);
  });

  it('reads the provider message nested in f:Message and the w:FaultDetail', () => {
    const fault = parseFault(body(PROVIDER_FAULT), 400)!;
    expect(fault).toMatchObject({
      subcode: 'w:InvalidParameter',
      wsmanFaultCode: 87,
      wsmanMessage: 'The parameter is incorrect.',
      faultDetail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidValue',
      status: 400,
    });
    expect(isTimedOutFault(fault)).toBe(false);
    expect(fault.message).toBe('WSMan fault w:InvalidParameter (0x57) on 127.0.0.1: The parameter is incorrect.');
  });

  it('reads a bare SOAP fault without Windows detail', () => {
    const fault = parseFault(body('<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text>bad</s:Text></s:Reason></s:Fault>'), 500)!;
    expect(fault).toMatchObject({ faultCode: 's:Sender', subcode: null, wsmanFaultCode: null, machine: null, wsmanMessage: null, reason: 'bad' });
  });

  it('returns null for a body without a fault', () => {
    expect(parseFault(body('<x/>'), 200)).toBeNull();
  });
});
