import { startKdc, loadKerberosModule } from 'psrp-testkit';
const kdc = await startKdc();
Object.assign(process.env, kdc.env, { KRB5_KTNAME: kdc.keytab });
const k = await loadKerberosModule();
for (const principal of [undefined, 'nobody@EXAMPLE.TEST']) {
  try {
    const c = await k.initializeClient('HTTP@localhost', { principal, mechOID: k.GSS_MECH_OID_KRB5, gssFlag: k.GSS_C_MUTUAL_FLAG | k.GSS_C_SEQUENCE_FLAG | k.GSS_C_CONF_FLAG | k.GSS_C_INTEG_FLAG });
    const t = await c.step('');
    const s = await k.initializeServer('HTTP@localhost');
    const back = await s.step(t);
    console.log('server user', s.username, s.contextComplete);
    const r = await c.step(back);
    console.log(principal, 'complete', c.contextComplete, r);
    for (const n of [10, 1000, 100000]) {
      const plain = Buffer.alloc(n, 0x41);
      const w = Buffer.from(await c.wrap(plain.toString('base64'), { protect: true }), 'base64');
      console.log('wrap', n, w.length, w.subarray(0, 16).toString('hex'));
    }
  } catch (e) { console.log(principal, 'ERR', e.message); }
}
await kdc.stop();
