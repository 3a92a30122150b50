import { WSManClient } from '@psrp/wsman';
import { UndiciEngine } from '@psrp/wsman/undici';
import { startWinRMEndpoint, startKdc, loadKerberosModule } from 'psrp-testkit';
const t0 = Date.now();
const kdc = await startKdc();
Object.assign(process.env, kdc.env);
const ep = await startWinRMEndpoint({ kdc });
const gssapi = await loadKerberosModule();
console.log('setup ms', Date.now() - t0);
for (const auth of [{ kind: 'kerberos', gssapi }, { kind: 'negotiate', gssapi }, { kind: 'kerberos', gssapi, principal: kdc.users.bob.principal }, { kind: 'kerberos', gssapi, principal: kdc.expiredUser.principal }, { kind: 'kerberos', gssapi, principal: 'nobody@EXAMPLE.TEST' }, { kind: 'kerberos', gssapi, hostname: 'otherhost' }]) {
  const client = new WSManClient({ endpoint: ep.url, engine: new UndiciEngine(), auth });
  try {
    const r = await client.request({ action: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', resourceUri: 'urn:x', body: '<t:P xmlns:t="urn:psrp-test">' + 'x'.repeat(100000) + '</t:P>' });
    await client.request({ action: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', resourceUri: 'urn:x', body: '<t:P xmlns:t="urn:psrp-test">again</t:P>' });
    console.log(auth.kind, auth.principal ?? '', 'OK', r.body.children[0].attributes);
  } catch (e) { console.log(auth.kind, auth.principal ?? '', 'FAIL', e.reason, e.message); }
  await client.close();
}
const st = await ep.stats();
console.log(st.requests.map((r) => [r.user, r.sealed, r.contentType.slice(0, 80), r.action]), st.failures);
await ep.stop(); await kdc.stop();
