import { WSManClient } from '@psrp/wsman';
import { UndiciEngine } from '@psrp/wsman/undici';
import { startWinRMEndpoint } from 'psrp-testkit';
const ep = await startWinRMEndpoint({ verbose: false });
const [u] = ep.users;
const events = [];
for (const kind of ['ntlm', 'negotiate']) {
  const client = new WSManClient({ endpoint: ep.url, engine: new UndiciEngine(), auth: { kind, username: `${u.domain}\\${u.user}`, password: u.password }, debug: (e) => events.push(e) });
  try {
    const body = await client.request({ action: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', resourceUri: 'urn:x', body: '<t:P xmlns:t="urn:psrp-test">hello</t:P>' });
    console.log(kind, 'OK', JSON.stringify(body.body).slice(0, 300));
    await client.request({ action: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', resourceUri: 'urn:x', body: '<t:P xmlns:t="urn:psrp-test">again</t:P>' });
    console.log(kind, 'second OK');
  } catch (e) { console.log(kind, 'FAIL', e.message, e.cause); }
  await client.close();
}
console.log(JSON.stringify(await ep.stats(), null, 1).slice(0, 2000));
console.log(events);
await ep.stop();
