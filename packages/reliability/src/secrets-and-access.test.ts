/**
 * Secrets and access. With canary credentials in the environment, nothing the CLI prints or writes
 * may contain them: not the artifacts, not progress, not --json, not errors (even when a hostile
 * endpoint echoes the request's signature back), not --debug. And iam-policy.json must grant the
 * session adapter exactly the calls it makes: every call allowed, every grant used, nothing more.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRecorder, listenOnLoopback, runSessionAdapterBattery, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { runCli } from './cli-process.js';
import { isAllowed, type PolicyDocument } from './iam-evaluator.js';
import { recordSection } from './report/figures.js';

const CANARIES = {
  AWS_ACCESS_KEY_ID: 'AKIACANARY7QXZ2LEAKS',
  AWS_SECRET_ACCESS_KEY: 'canarySecret/9f3kQ+LeakDetector0000000000',
  AWS_SESSION_TOKEN: 'canarySessionToken//Fw0GZXIvYXdzEJr+LeakDetector',
};
const policy = JSON.parse(readFileSync(fileURLToPath(new URL('../../../dynamodb-migrations/iam-policy.json', import.meta.url)), 'utf8')) as PolicyDocument;

const figures = { commandsScanned: 0, bytesScanned: 0, adapterCalls: 0, deniedProbes: 0 };

afterAll(() => {
  recordSection(5, {
    title: 'Secrets and access',
    source: 'secrets-and-access.test.ts (policy evaluator: iam-evaluator.ts)',
    figures: [
      { what: 'CLI runs with canary credentials in the environment', count: figures.commandsScanned, outcome: 'no access key id, secret or session token in stdout, stderr, --json or the written files' },
      { what: 'bytes of output and artifacts scanned', count: figures.bytesScanned, outcome: 'as above' },
      { what: 'session adapter calls recorded (store, load, find, delete)', count: figures.adapterCalls, outcome: 'each allowed by iam-policy.json, and every grant used by at least one' },
      { what: 'calls the adapter never makes, tried against the policy', count: figures.deniedProbes, outcome: 'denied (DeleteTable, Scan, UpdateTable, CreateTable, Query on the table, another table, …)' },
    ],
  });
});

/** An endpoint that answers every request with an error quoting the request's signature headers. */
async function startEchoingEndpoint(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const echoed = `${request.headers.authorization ?? ''} token=${request.headers['x-amz-security-token'] ?? ''}`;
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'UnrecognizedClientException' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#UnrecognizedClientException', message: `The security token included in the request is invalid: ${echoed}` }));
    });
  });
  return {
    endpoint: await listenOnLoopback(server),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('credentials never leak', () => {
  let engine: LocalEngine;
  let echo: Awaited<ReturnType<typeof startEchoingEndpoint>>;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 50 });
    echo = await startEchoingEndpoint();
  });
  afterAll(async () => {
    await engine?.close();
    await echo?.close();
  });

  it('in anything generate, plan, apply and verify print or write, on success and on failure', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'secrets-'));
    const at = (endpoint: string) => ['--endpoint-url', endpoint, '--region', 'us-east-1'];
    const runs: string[][] = [
      ['generate', '--out', 'out'],
      ['generate', '--out', 'out', '--json'],
      ['plan', ...at(engine.endpoint)],
      ['apply', ...at(engine.endpoint), '--json'],
      ['apply', ...at(engine.endpoint)],
      ['verify', ...at(engine.endpoint), '--json'],
      ['verify', ...at(engine.endpoint), '--debug'],
      ['apply', ...at('http://127.0.0.1:9')],
      ['apply', ...at('http://127.0.0.1:9'), '--debug'],
      ['plan', ...at(echo.endpoint)],
      ['apply', ...at(echo.endpoint), '--json'],
      ['verify', ...at(echo.endpoint), '--debug'],
    ];
    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      figures.bytesScanned += Buffer.byteLength(text);
      for (const [name, value] of Object.entries(CANARIES)) {
        // The secret's distinctive parts too, in case something prints a fragment.
        for (const fragment of [value, value.slice(0, 12), value.slice(-12)]) if (text.includes(fragment)) leaks.push(`${where} contains ${name} (${fragment})`);
      }
    };
    for (const args of runs) {
      const result = await runCli(args, { cwd, env: CANARIES });
      scan(`ddb-migrate ${args.join(' ')} stdout`, result.stdout);
      scan(`ddb-migrate ${args.join(' ')} stderr`, result.stderr);
      figures.commandsScanned++;
    }
    for (const name of readdirSync(join(cwd, 'out'))) scan(`out/${name}`, readFileSync(join(cwd, 'out', name), 'utf8'));
    expect(leaks).toEqual([]);
  });
});

describe('iam-policy.json grants exactly what the session adapter uses', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 50 });
    const cwd = mkdtempSync(join(tmpdir(), 'iam-'));
    const applied = await runCli(['apply', '--endpoint-url', engine.endpoint, '--region', 'us-east-1'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterAll(async () => engine?.close());

  const arnOf = (table: string, index?: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${table}${index ? `/index/${index}` : ''}`;

  it('allows every call of the adapter battery, and every grant is used', async () => {
    const recorder = createCommandRecorder();
    await runSessionAdapterBattery({ endpoint: engine.endpoint, onCommand: recorder.onCommand });
    const requests = recorder.calls.map(({ commandName, input }) => {
      const { TableName, IndexName } = input as { TableName: string; IndexName?: string };
      return { action: `dynamodb:${commandName}`, resource: arnOf(TableName, IndexName) };
    });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((request) => !isAllowed(policy, request.action, request.resource))).toEqual([]);
    // Every action on every resource the policy grants is one the adapter used.
    const used = new Set(requests.map((request) => `${request.action} ${request.resource}`));
    const granted = policy.Statement.flatMap((statement) =>
      statement.Action.flatMap((action) => statement.Resource.map((resource) => `${action} ${resource.replace('*:*', 'us-east-1:123456789012')}`)),
    );
    expect(granted.filter((grant) => !used.has(grant))).toEqual([]);
    figures.adapterCalls = requests.length;
  });

  it('denies what the adapter never does', () => {
    const probes: [string, string][] = [
      ['dynamodb:DeleteTable', arnOf('shopify_sessions')],
      ['dynamodb:UpdateTable', arnOf('shopify_sessions')],
      ['dynamodb:CreateTable', arnOf('shopify_sessions')],
      ['dynamodb:DescribeTable', arnOf('shopify_sessions')],
      ['dynamodb:Scan', arnOf('shopify_sessions')],
      ['dynamodb:Scan', arnOf('shopify_sessions', 'shop_index')],
      ['dynamodb:Query', arnOf('shopify_sessions')],
      ['dynamodb:BatchWriteItem', arnOf('shopify_sessions')],
      ['dynamodb:UpdateItem', arnOf('shopify_sessions')],
      ['dynamodb:PartiQLSelect', arnOf('shopify_sessions')],
      ['dynamodb:TagResource', arnOf('shopify_sessions')],
      ['dynamodb:GetItem', arnOf('other_table')],
      ['dynamodb:GetItem', arnOf('shopify_sessions_backup')],
      ['dynamodb:PutItem', arnOf('shopify_sessions', 'shop_index')],
      ['dynamodb:Query', arnOf('shopify_sessions', 'other_index')],
      ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
    ];
    expect(probes.filter(([action, resource]) => isAllowed(policy, action, resource)).map((probe) => probe.join(' '))).toEqual([]);
    figures.deniedProbes = probes.length;
  });
});
