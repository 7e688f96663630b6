/**
 * Never hang, always say what is wrong: the built CLI against endpoints that never answer, never
 * accept, hang up, or answer with a web page, and with the common AWS mistakes (no region, an
 * unknown profile, a mistyped region, an endpoint without a scheme). Every case must end in one
 * stderr line naming the fix, exit 1, no stack trace, one JSON error document under --json, and,
 * for the dead endpoints, within the bound the README and --help state. All of it on loopback:
 * the mistyped region resolves through a preload that answers every lookup "not found".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEAD_ENDPOINT_BOUND_SECONDS, MAX_ATTEMPTS } from '@ddb-migrations/apply';
import { findTool, listenOnLoopback } from '@ddb-migrations/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME, type CliRun } from './cli-process.js';
import { recordSection, type Figure } from './report/figures.js';

/** Generous on a loaded 2-core machine, and still far below "hangs": twice the stated bound. */
const UPPER_BOUND_SECONDS = 2 * DEAD_ENDPOINT_BOUND_SECONDS;
const cwd = mkdtempSync(join(tmpdir(), 'ddb-dead-'));

interface Case {
  name: string;
  args: string[];
  expected: RegExp;
  /** The error code of the --json document. */
  code: string;
  options?: Parameters<typeof runCli>[1];
  /** A dead endpoint: the run must end within UPPER_BOUND_SECONDS. */
  timed?: boolean;
}

const figures: Figure[] = [];

/** The stderr line as the report shows it: ports and temporary folders change every run. */
const reportable = (stderr: string) => stderr.trim().replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replaceAll(ctx.profileDir, 'TMP');

/** Per class: what was wrong before, and where the fix sits. */
const details = [
  `Silent or dead endpoint: \`plan\` against a server that accepts and never answers had not returned after 120 s (6 attempts of 20 s). Every client now has a 3 s connect timeout, a 10 s request timeout and 4 attempts (packages/apply/src/client.ts), so the command ends within ${DEAD_ENDPOINT_BOUND_SECONDS} s, the bound the README and --help state; these tests allow ${UPPER_BOUND_SECONDS} s on a loaded machine.`,
  'Common mistakes: no region and an unknown profile both said "Region is missing", an endpoint without a scheme "Invalid URL", an HTML page a JSON SyntaxError pointing at `$response`. Now: packages/apply/src/target.ts (region and profile, read with the SDK\'s own config loader before any call), connection-errors.ts (one line per failure) and answer-check.ts (a body that is not JSON becomes its status and an excerpt). The mistyped region resolves through a preload that answers every lookup "not found", so no test asks real DNS.',
  '--json errors: one `{"error": {code, message, file, line, column}}` document on stdout besides the stderr line, on every command (apps/cli/src/output.ts, cli.ts); apply --json is NDJSON events with a `type`, then the result (tested in apps/cli/src/__tests__/contract.test.ts).',
  'Also fixed in this class, tested in apps/cli: SIGTERM exits 143, not 130, and a rerun finishes (bin.ts, __tests__/apply.test.ts); verify and plan name every difference when one is refused, refusals marked (packages/apply/src/diff.ts); plan and apply print the target (endpoint, region, profile, account from the table ARN) first, and --prune-indexes asks on a terminal and needs --yes without one (apps/cli/src/commands/apply.ts; __tests__/contract.test.ts).',
];
const servers: Server[] = [];
const sockets = new Set<Socket>();
let backlogServer: ChildProcess | undefined;

function expectOneLineAndJson(run: CliRun, test: Case): void {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(test.expected);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toMatch(/\$response|\$metadata|Deserialization error|Invalid URL|Region is missing/);
  // --json: exactly one JSON document on stdout, the same message as the stderr line.
  const documents = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type?: string; error?: { code: string; message: string } });
  const result = documents.at(-1)!;
  expect(documents.slice(0, -1).every((document) => typeof document.type === 'string')).toBe(true);
  expect(result.error).toMatchObject({ code: test.code, file: null, line: null, column: null });
  expect(`ddb-migrate: ${result.error!.message}`).toBe(lines[0]);
}

/** Filled in by beforeAll: the servers' endpoints and the files the cases use. */
const ctx = { silent: '', hangUp: '', page: '', profileDir: '', fakeDns: '', dnsLog: '' };

const CASES: [string, () => Case][] = [
  ['accepts the connection, never answers (plan)', () => ({ name: '', args: ['plan', '--endpoint-url', ctx.silent], expected: new RegExp(`^ddb-migrate: ${ctx.silent} did not answer within 10 s on all ${MAX_ATTEMPTS} attempts; check that it is running and reachable$`), code: 'CONNECTION_TIMEOUT', timed: true })],
  ['hangs up on every connection (apply)', () => ({ name: '', args: ['apply', '--endpoint-url', ctx.hangUp], expected: new RegExp(`^ddb-migrate: lost the connection to ${ctx.hangUp} \\(ECONNRESET\\) on all ${MAX_ATTEMPTS} attempts$`), code: 'CONNECTION_FAILED', timed: true })],
  ['an HTTP error page instead of JSON (plan)', () => ({ name: '', args: ['plan', '--endpoint-url', ctx.page], expected: new RegExp(`^ddb-migrate: ${ctx.page} answered HTTP 502 with text/html instead of DynamoDB JSON: "502 Bad Gateway" on all ${MAX_ATTEMPTS} attempts; check that --endpoint-url points at a DynamoDB endpoint$`), code: 'NOT_DYNAMODB', timed: true })],
  ['an endpoint without a scheme (verify)', () => ({ name: '', args: ['verify', '--endpoint-url', 'localhost:8000'], expected: /^ddb-migrate: --endpoint-url "localhost:8000" is not an http\(s\) URL: add the scheme: http:\/\/localhost:8000 \(or https:\/\/localhost:8000\)$/, code: 'INVALID_ENDPOINT' })],
  ['no region anywhere (plan)', () => ({ name: '', args: ['plan'], expected: /^ddb-migrate: no AWS region: pass --region \(e\.g\. --region us-east-1\), set AWS_REGION, or use --local for the embedded engine$/, code: 'NO_REGION', options: { cwd, unset: ['AWS_REGION', 'AWS_DEFAULT_REGION'] } })],
  [
    'an unknown --profile (apply)',
    () => ({
      name: '',
      args: ['apply', '--profile', 'staging'],
      expected: /^ddb-migrate: AWS profile "staging" \(from --profile\) is not defined in .+config or \/dev\/null; known profiles: dev \(aws configure --profile staging creates it\)$/,
      code: 'UNKNOWN_PROFILE',
      options: { cwd, unset: ['AWS_REGION'], env: { AWS_CONFIG_FILE: join(ctx.profileDir, 'config') } },
    }),
  ],
  [
    'a mistyped region (plan)',
    () => ({
      name: '',
      args: ['plan', '--region', 'us-esat-1'],
      expected: /^ddb-migrate: cannot reach DynamoDB in us-esat-1: host dynamodb\.us-esat-1\.amazonaws\.com did not resolve; check the region: is "us-esat-1" spelled right\? \(--region, AWS_REGION; e\.g\. us-east-1\)$/,
      code: 'HOST_NOT_FOUND',
      options: { cwd, nodeArgs: ['--require', ctx.fakeDns] },
    }),
  ],
];

describe.concurrent('dead endpoints and common mistakes end in one line', () => {
  beforeAll(async () => {
    // Accepts every connection, reads the request, never answers.
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    servers.push(silent);
    ctx.silent = await listenOnLoopback(silent as unknown as HttpServer);
    // Accepts and hangs up at once, every time.
    const hangUp = createServer((socket) => socket.destroy());
    servers.push(hangUp);
    ctx.hangUp = await listenOnLoopback(hangUp as unknown as HttpServer);
    // A proxy's error page where DynamoDB should be.
    const page = createHttpServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
    });
    servers.push(page as unknown as Server);
    ctx.page = await listenOnLoopback(page);

    ctx.profileDir = mkdtempSync(join(tmpdir(), 'ddb-profiles-'));
    writeFileSync(join(ctx.profileDir, 'config'), '[profile dev]\nregion = eu-central-1\n');
    ctx.dnsLog = join(ctx.profileDir, 'dns.log');
    writeFileSync(ctx.dnsLog, '');
    ctx.fakeDns = join(ctx.profileDir, 'no-dns.cjs');
    writeFileSync(
      ctx.fakeDns,
      [
        "const dns = require('node:dns');",
        "const { appendFileSync } = require('node:fs');",
        'dns.lookup = (hostname, options, callback) => {',
        "  if (typeof options === 'function') callback = options;",
        `  appendFileSync(${JSON.stringify(ctx.dnsLog)}, hostname + '\\n');`,
        "  process.nextTick(callback, Object.assign(new Error('getaddrinfo ENOTFOUND ' + hostname), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' }));",
        '};',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    if (backlogServer) backlogServer.kill('SIGKILL');
    // The cases run concurrently; the report lists them in a stable order.
    figures.sort((a, b) => a.what.localeCompare(b.what));
    recordSection(6, {
      title: 'Dead endpoints and common mistakes',
      source: 'dead-endpoints.test.ts',
      figures: [
        ...figures,
        { what: 'cases in all', count: figures.reduce((sum, figure) => sum + figure.count, 0), outcome: 'exit 1; one stderr line naming the fix; no stack trace; one `{"error": …}` document on stdout under --json' },
      ],
      details,
    });
  });

  for (const [name, build] of CASES) {
    it(name, async () => {
      const test = { ...build(), name };
      const run = await runCli([...test.args, '--json'], test.options ?? { cwd });
      expectOneLineAndJson(run, test);
      if (test.timed) expect(run.seconds).toBeLessThan(UPPER_BOUND_SECONDS);
      if (test.code === 'HOST_NOT_FOUND') {
        // The preload answered every lookup, so nothing asked real DNS; it was asked about DynamoDB's host.
        expect(readFileSync(ctx.dnsLog, 'utf8').split('\n')).toContain('dynamodb.us-esat-1.amazonaws.com');
      }
      figures.push({ what: test.name, count: 1, outcome: `exit 1 in ${run.seconds.toFixed(1)} s: "${reportable(run.stderr)}"` });
    });
  }

  it('a listening socket whose backlog is full (never accepts): verify ends within the bound', async () => {
    // Node accepts every connection itself; a Python socket that listens and never accepts does not.
    const python = findTool('python3');
    if (!python) return;
    backlogServer = spawn(python, ['-c', 'import socket,sys\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => backlogServer!.stdout!.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
    // Fill the accept queue: after the first connection or two, the kernel drops new SYNs.
    for (let i = 0; i < 4; i++) {
      const filler = createConnection(port, '127.0.0.1');
      filler.on('error', () => {});
      sockets.add(filler);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const endpoint = `http://127.0.0.1:${port}`;
    const test: Case = {
      name: 'a listening socket with a full backlog (verify)',
      args: ['verify', '--endpoint-url', endpoint],
      expected: new RegExp(`^ddb-migrate: ${endpoint} did not accept a connection within 3 s on all ${MAX_ATTEMPTS} attempts; check that it is running and reachable$`),
      code: 'CONNECTION_TIMEOUT',
    };
    const run = await runCli([...test.args, '--json'], { cwd });
    expectOneLineAndJson(run, test);
    expect(run.seconds).toBeLessThan(UPPER_BOUND_SECONDS);
    figures.push({ what: test.name, count: 1, outcome: `exit 1 in ${run.seconds.toFixed(1)} s: "${reportable(run.stderr)}"` });
  });
});
