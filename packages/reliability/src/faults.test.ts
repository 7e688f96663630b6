/**
 * Faults: the built CLI applies the built-in shopify_sessions table through a proxy that throttles,
 * fails, drops, delays and lies about a table's status. Whatever happens, apply either finishes or
 * says in one line why it stopped, never hangs past --timeout, never deletes anything, and a clean
 * rerun always finishes the job ("never a half-applied state that a rerun cannot finish").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from '@ddb-migrations/apply';
import { DDB_MIGRATE_BIN, localAwsEnvironment, quietDdbMigrateCache, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passThrough, startFaultProxy, type FaultAction, type FaultPlan, type FaultProxy } from './fault-proxy.js';
import { recordSection, type Figure } from './report/figures.js';

const bin = DDB_MIGRATE_BIN;
/** Node start-up, the reads after the wait, and a loaded CI machine: what "a few seconds" allows. */
const SLACK_SECONDS = 5;
/** Below the CLI's per-request timeout (REQUEST_TIMEOUT_MS, 10 s, in packages/apply/src/client.ts). */
const SLOW_ANSWER_MS = 2_000;
/** Past the CLI's per-request timeout: to the client, an endpoint that went silent. */
const SILENT_MS = REQUEST_TIMEOUT_MS + 5_000;
/** Anything that removes or replaces a table or its data. */
const DESTRUCTIVE = /^(Delete|Restore|Import)/;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

const running = new Set<ChildProcess>();
const env = localAwsEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache() });
// No ddb-migrations.yaml here, so the CLI uses its built-in shopify_sessions schema.
const cwd = mkdtempSync(join(tmpdir(), 'ddb-faults-'));

function cli(args: string[], onStderr?: (stderr: string, child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, env });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Lines apply prints while it works; anything else on stderr must be the one error line. */
const PROGRESS = /^(target: |create table |waiting for |the table is being changed by someone else)/;

function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  const others = lines.filter((line) => !PROGRESS.test(line));
  expect(others, stderr).toHaveLength(1);
  expect(others[0], stderr).toMatch(pattern);
  expect(lines.at(-1)).toBe(others[0]);
  expect(stderr).not.toMatch(/^\s+at /m);
}

const pass: FaultAction = { kind: 'pass' };

/** Passes everything until a CreateTable went through, then applies `then` to every DescribeTable. */
function afterCreateTable(then: FaultAction): FaultPlan {
  let created = false;
  return ({ operation }) => {
    if (operation === 'CreateTable') created = true;
    return created && operation === 'DescribeTable' ? then : pass;
  };
}

interface Scenario {
  table: string;
  /** What is injected, in words, for the report. */
  injected: string;
  plan: FaultPlan;
  timeoutSeconds: number;
  /** 0: apply rides it out. Else the one stderr line apply must end with. */
  expected: 0 | RegExp;
  /** The endpoint did a CreateTable whose answer apply never saw: apply must notice and plan again. */
  replans?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    table: 'fault_throttled',
    injected: 'ThrottlingException (HTTP 400) on the first 3 requests of every operation',
    plan: ({ count }) => (count < 3 ? { kind: 'error', error: 'ThrottlingException' } : pass),
    timeoutSeconds: 30,
    expected: 0,
  },
  {
    table: 'fault_over_capacity',
    injected: 'ProvisionedThroughputExceededException (HTTP 400) on the first 2 requests of every operation',
    plan: ({ count }) => (count < 2 ? { kind: 'error', error: 'ProvisionedThroughputExceededException' } : pass),
    timeoutSeconds: 30,
    expected: 0,
  },
  {
    table: 'fault_intermittent_5xx',
    injected: 'every other request of each operation answered 500 InternalServerError or 503 ServiceUnavailable; the CreateTable 500 after the table was created',
    plan: ({ operation, count }) =>
      count % 2 === 1 ? pass : { kind: 'error', error: count % 4 === 0 ? 'InternalServerError' : 'ServiceUnavailable', afterForwarding: operation === 'CreateTable' },
    timeoutSeconds: 30,
    expected: 0,
    replans: true,
  },
  {
    table: 'fault_dropped',
    injected: 'every other connection of each operation dropped without an answer; the CreateTable one after the table was created',
    plan: ({ operation, count }) => (count % 2 === 0 ? { kind: 'drop', afterForwarding: operation === 'CreateTable' } : pass),
    timeoutSeconds: 30,
    expected: 0,
    replans: true,
  },
  {
    table: 'fault_slow',
    injected: `the first 2 answers of every operation held back ${SLOW_ANSWER_MS / 1000} s (under the ${REQUEST_TIMEOUT_MS / 1000} s request timeout)`,
    plan: ({ count }) => (count < 2 ? { kind: 'delay', ms: SLOW_ANSWER_MS } : pass),
    timeoutSeconds: 30,
    expected: 0,
  },
  {
    table: 'fault_stuck',
    injected: 'DescribeTable always reads the table and its index CREATING, with --timeout 3',
    plan: () => ({ kind: 'stuck' }),
    timeoutSeconds: 3,
    expected: /^ddb-migrate: timed out after 3s waiting for fault_stuck to be ACTIVE \(table CREATING; indexes shop_index CREATING\); run the command again to continue$/,
  },
  {
    table: 'fault_silent_wait',
    injected: `every DescribeTable after the CreateTable held back ${SILENT_MS / 1000} s (past the ${REQUEST_TIMEOUT_MS / 1000} s request timeout), with --timeout 3`,
    plan: afterCreateTable({ kind: 'delay', ms: SILENT_MS }),
    timeoutSeconds: 3,
    expected: /^ddb-migrate: timed out after 3s waiting for fault_silent_wait to be ACTIVE \(no answer to DescribeTable in time\); run the command again to continue$/,
  },
  {
    table: 'fault_always_500',
    injected: 'every request answered 500 InternalServerError',
    plan: () => ({ kind: 'error', error: 'InternalServerError' }),
    timeoutSeconds: 30,
    expected: new RegExp(`^ddb-migrate: http://127\\.0\\.0\\.1:\\d+ kept failing: InternalServerError \\(HTTP 500\\) on all ${MAX_ATTEMPTS} attempts: Internal server error; run the command again later$`),
  },
  {
    table: 'fault_always_dropped',
    injected: 'every connection dropped without an answer',
    plan: () => ({ kind: 'drop' }),
    timeoutSeconds: 30,
    expected: new RegExp(`^ddb-migrate: lost the connection to http://127\\.0\\.0\\.1:\\d+ \\(ECONNRESET\\) on all ${MAX_ATTEMPTS} attempts$`),
  },
];

describe('apply through injected faults', () => {
  let engine: LocalEngine;
  let proxy: FaultProxy;
  /** One line per scenario that passed, for the report. */
  const details: string[] = [];
  let faultScenariosPassed = 0;
  const figures: Figure[] = [];
  let faultsInjected = 0;

  const endpointFlags = (table: string) => ['--endpoint-url', proxy.endpoint, '--region', 'us-east-1', '--table', table];

  /** With the faults off, apply must finish what the faulty run left, and verify must agree. */
  async function expectCleanRerun(table: string): Promise<void> {
    proxy.setPlan(passThrough);
    const rerun = await cli(['apply', ...endpointFlags(table), '--timeout', '30']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const verify = await cli(['verify', ...endpointFlags(table)]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${table}: in sync`);
  }

  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 300 });
    proxy = await startFaultProxy(engine.endpoint);
  });

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await proxy?.close();
    await engine?.close();
    recordSection(3, {
      title: 'Faults',
      source: 'faults.test.ts',
      figures: [
        {
          what: 'fault scenarios against apply',
          count: faultScenariosPassed,
          outcome: 'completed (exit 0), or one line and exit 1 within --timeout plus a few seconds; a clean rerun then applied and verified',
        },
        { what: 'faults injected (errors, dropped connections, slow answers, stuck reads)', count: faultsInjected, outcome: 'retried, waited out, or reported in one line' },
        ...figures,
      ],
      details,
    });
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.table}: ${scenario.injected}`, async () => {
      proxy.setPlan(scenario.plan);
      const run = await cli(['apply', ...endpointFlags(scenario.table), '--timeout', String(scenario.timeoutSeconds)]);
      const injected = proxy.faultsInjected;
      proxy.setPlan(passThrough);

      expect(injected, 'the plan injected no fault').toBeGreaterThan(0);
      expect(run.seconds).toBeLessThan(scenario.timeoutSeconds + SLACK_SECONDS);
      if (scenario.expected === 0) {
        expect(run.code, run.stderr).toBe(0);
        // The retried CreateTable met the table its first attempt created: apply planned again.
        if (scenario.replans) expect(run.stderr).toContain('the table is being changed by someone else; planning again');
      } else {
        expect(run.code, run.stderr).toBe(1);
        expectOneErrorLine(run.stderr, scenario.expected);
      }
      await expectCleanRerun(scenario.table);

      faultsInjected += injected;
      faultScenariosPassed++;
      // The proxy's port changes every run; the report should not.
      const lastLine = run.stderr.trimEnd().split('\n').at(-1)!.replaceAll(proxy.endpoint, 'http://127.0.0.1:PORT');
      const outcome = run.code === 0 ? `apply exit 0${scenario.replans ? ' (planned again)' : ''}` : `apply exit 1 with one line ("${lastLine}")`;
      details.push(`${scenario.injected} (${plural(injected, 'fault')}): ${outcome} in ${run.seconds.toFixed(1)} s; the clean rerun and verify exit 0`);
    });
  }

  it('SIGINT while waiting on a table stuck in CREATING exits 130 in one line; a clean rerun finishes', async () => {
    const table = 'fault_interrupted';
    proxy.setPlan(() => ({ kind: 'stuck' }));
    let interruptedAt = 0;
    const run = await cli(['apply', ...endpointFlags(table), '--timeout', '60'], (stderr, child) => {
      if (!interruptedAt && stderr.includes(`waiting for ${table}`)) {
        interruptedAt = Date.now();
        child.kill('SIGINT');
      }
    });
    const injected = proxy.faultsInjected;
    proxy.setPlan(passThrough);

    expect(interruptedAt, run.stderr).toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(130);
    expectOneErrorLine(run.stderr, /^ddb-migrate: interrupted; run the same command again to finish$/);
    const secondsAfterSignal = (Date.now() - interruptedAt) / 1000;
    expect(secondsAfterSignal).toBeLessThan(SLACK_SECONDS);
    await expectCleanRerun(table);

    faultsInjected += injected;
    figures.push({ what: 'SIGINT while waiting on a table stuck in CREATING', count: 1, outcome: 'exit 130 with one line; a clean rerun then applied and verified' });
    details.push(
      `SIGINT while DescribeTable read the table CREATING (${plural(injected, 'stuck read')}): apply exit 130 with one line, ${secondsAfterSignal.toFixed(1)} s after the signal; the clean rerun and verify exit 0`,
    );
  });

  it('eight concurrent applies of one table through throttling and a lost CreateTable answer all exit 0 and leave one table', async () => {
    const table = 'fault_concurrent';
    const concurrent = 8;
    // Every 4th request throttled; the first CreateTable creates the table but its answer is a 500.
    proxy.setPlan(({ operation, count, index }) => {
      if (operation === 'CreateTable' && count === 0) return { kind: 'error', error: 'InternalServerError', afterForwarding: true };
      return index % 4 === 3 ? { kind: 'error', error: 'ThrottlingException' } : pass;
    });
    const runs = await Promise.all(Array.from({ length: concurrent }, () => cli(['apply', ...endpointFlags(table), '--timeout', '60'])));
    const injected = proxy.faultsInjected;
    proxy.setPlan(passThrough);

    expect(injected, 'the plan injected no fault').toBeGreaterThan(0);
    expect(
      runs.map((run) => run.code),
      runs.map((run) => run.stderr).join('\n'),
    ).toEqual(Array(concurrent).fill(0));
    for (const run of runs) expect(run.seconds).toBeLessThan(60 + SLACK_SECONDS);
    const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' } });
    try {
      const names = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
      expect(names.filter((name) => name === table)).toEqual([table]);
    } finally {
      client.destroy();
    }
    await expectCleanRerun(table);

    faultsInjected += injected;
    const slowest = Math.max(...runs.map((run) => run.seconds));
    figures.push({ what: 'concurrent applies of one table, with faults on', count: concurrent, outcome: 'exit 0, one table; a clean rerun then applied and verified' });
    details.push(
      `${concurrent} concurrent applies of one table, every 4th request throttled and the first CreateTable answered 500 after it created the table (${plural(injected, 'fault')}): all exit 0 within ${slowest.toFixed(1)} s, ListTables shows one table; the clean rerun and verify exit 0`,
    );
  });

  it('no request in any scenario deleted, restored or imported anything', () => {
    const destructive = proxy.operations.filter((operation) => DESTRUCTIVE.test(operation));
    expect(destructive).toEqual([]);
    expect(proxy.operations).toContain('CreateTable');
    expect(proxy.operations).not.toContain('DeleteTable');
    figures.push({ what: 'requests inspected for deletes', count: proxy.operations.length, outcome: 'no DeleteTable, no other Delete*, Restore* or Import* operation' });
  });
});
