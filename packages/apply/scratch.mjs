import { createServer } from 'node:http';
import net from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, describeConnectionError } from './dist/index.js';
const creds = { accessKeyId: 'a', secretAccessKey: 'b' };
async function tryIt(label, endpoint, extra = {}) {
  const c = createDynamoDbClient({ endpoint, region: 'us-east-1', credentials: creds, ...extra });
  const t = Date.now();
  try { await c.send(new DescribeTableCommand({ TableName: 't' })); console.log(label, 'ok'); }
  catch (e) { console.log(label, ((Date.now()-t)/1000).toFixed(1), 's', e.name, e.$metadata, '=>', describeConnectionError(e, endpoint).message); }
  c.destroy();
}
const html = createServer((q, r) => { r.writeHead(502, { 'content-type': 'text/html' }); r.end('<html><head><title>502 Bad Gateway</title></head><body>x</body></html>'); });
await new Promise(r => html.listen(0, '127.0.0.1', r));
await tryIt('html', `http://127.0.0.1:${html.address().port}`);
html.close();
const closer = net.createServer((s) => s.destroy());
await new Promise(r => closer.listen(0, '127.0.0.1', r));
await tryIt('closer', `http://127.0.0.1:${closer.address().port}`);
closer.close();
await tryIt('dns', undefined, { region: 'us-esat-1', lookup: (host, opts, cb) => { const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host }); process.nextTick(() => cb(e)); } });
await tryIt('noscheme', 'localhost:8000').catch(e => console.log('noscheme', e.message));
