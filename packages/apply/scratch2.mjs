import net from 'node:net';
import { spawn } from 'node:child_process';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, describeConnectionError } from './dist/index.js';
const creds = { accessKeyId: 'a', secretAccessKey: 'b' };
async function tryIt(label, endpoint) {
  const c = createDynamoDbClient({ endpoint, region: 'us-east-1', credentials: creds });
  const t = Date.now();
  try { await c.send(new DescribeTableCommand({ TableName: 't' })); console.log(label, 'ok'); }
  catch (e) { console.log(label, ((Date.now()-t)/1000).toFixed(1), 's', e.name, e.message, e.$metadata, '=>', describeConnectionError(e, endpoint).message); }
  c.destroy();
}
const silent = net.createServer(() => {});
await new Promise(r => silent.listen(0, '127.0.0.1', r));
// backlog: python listen(0), never accept; fill the queue from here
const py = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0);print(s.getsockname()[1],flush=True);sys.stdin.read()'], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise(r => py.stdout.once('data', d => r(Number(String(d).trim()))));
const fillers = [];
for (let i = 0; i < 8; i++) { const s = net.connect(port, '127.0.0.1'); s.on('error', () => {}); fillers.push(s); }
await new Promise(r => setTimeout(r, 500));
console.log('connected fillers', fillers.filter(s => !s.connecting).length);
await Promise.all([tryIt('silent', `http://127.0.0.1:${silent.address().port}`), tryIt('backlog', `http://127.0.0.1:${port}`)]);
fillers.forEach(s => s.destroy()); py.kill(); silent.close();
