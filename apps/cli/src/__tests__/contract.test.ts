/**
 * The output contract of every command: --json means JSON (NDJSON events with a "type", then one
 * result; a failure is one {"error": …} document besides its stderr line), plan and apply say
 * where they write before anything else, plan and verify name every difference with refusals
 * marked, and --prune-indexes never deletes without a yes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECT_TIMEOUT_MS, DEAD_ENDPOINT_BOUND_SECONDS, MAX_ATTEMPTS, MAX_THROTTLED_ATTEMPTS, REQUEST_TIMEOUT_MS } from '@ddb-migrations/apply';
import {
  DDB_MIGRATE_BIN,
  findDynamoDbLocal,
  localAwsEnvironment,
  quietDdbMigrateCache,
  startDynalite,
  startDynamoDbLocal,
  type DynamoDbLocal,
  type LocalEngine,
} from '@ddb-migrations/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../cli.js';

const cache = quietDdbMigrateCache();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DDB_MIGRATE_BIN, ...args], { cwd, env: localAwsEnvironment({ XDG_CACHE_HOME: cache }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stdout under --json: every line one JSON object; events (with a type) first, then the result. */
function ndjson(stdout: string): { events: { type: string; [key: string]: unknown }[]; result: Record<string, unknown> } {
  const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = lines.at(-1)!;
  const events = lines.slice(0, -1) as { type: string }[];
  for (const event of events) expect(typeof event.type, JSON.stringify(event)).toBe('string');
  expect(result).not.toHaveProperty('type');
  return { events, result };
}

const folder = (schema?: string) => {
  const cwd = mkdtempSync(join(tmpdir(), 'ddb-contract-'));
  if (schema !== undefined) writeFileSync(join(cwd, 'ddb-migrations.yaml'), schema);
  return cwd;
};

const table = (name: string, indexes: string[], extra = '') =>
  `tables:\n  - name: ${name}\n    partitionKey: { name: id, type: S }\n    attributes:\n${['shop', 'state'].map((a) => `      - { name: ${a}, type: S }\n`).join('')}` +
  `    globalSecondaryIndexes:\n${indexes.map((index) => `      - ${index}\n`).join('')}${extra}`;
const SHOP_ALL = '{ name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }';
const SHOP_KEYS = '{ name: shop_index, partitionKey: { name: shop, type: S }, projection: KEYS_ONLY }';
const STATE = '{ name: state_index, partitionKey: { name: state, type: S }, projection: KEYS_ONLY }';

describe('--json means JSON on every command', () => {
  const bad = 'tables:\n  - name: broken\n    partitionKey: { name: id, type: Q }\n';
  it.each(['generate', 'plan', 'apply', 'verify'])('%s: a schema error is one JSON document with its position, and one stderr line', async (command) => {
    const cwd = folder(bad);
    const result = await cli([command, '--json', ...(command === 'generate' ? [] : ['--endpoint-url', 'http://127.0.0.1:9'])], cwd);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'SCHEMA_INVALID', message: '"type" must be one of S, N, B', file: 'ddb-migrations.yaml', line: 3, column: 37 } });
    expect(result.stderr).toBe('ddb-migrate: ddb-migrations.yaml:3:37: "type" must be one of S, N, B\n');
  });

  it('local: a bad flag value, and a usage error on any command, are JSON documents too', async () => {
    const local = await cli(['local', '--json', '--port', 'eighty'], folder());
    expect(local.code).toBe(1);
    expect(JSON.parse(local.stdout)).toEqual({ error: { code: 'USAGE', message: 'invalid --port "eighty"', file: null, line: null, column: null } });
    const usage = await cli(['plan', '--json', '--no-such-flag'], folder());
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout).error).toMatchObject({ code: 'USAGE', message: "unknown option '--no-such-flag'" });
    expect(usage.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('every table command states the dead-endpoint bound in --help, with the numbers the client uses', async () => {
    expect(DEAD_ENDPOINT_BOUND_SECONDS).toBeGreaterThanOrEqual((MAX_ATTEMPTS * REQUEST_TIMEOUT_MS) / 1000 + 1);
    expect(DEAD_ENDPOINT_BOUND_SECONDS).toBeLessThan(60);
    for (const command of ['plan', 'apply', 'verify']) {
      const help = await cli([command, '--help'], folder());
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(
        `a ${CONNECT_TIMEOUT_MS / 1000} s connect timeout and a ${REQUEST_TIMEOUT_MS / 1000} s request timeout and is tried ${MAX_ATTEMPTS} times, so an endpoint that never answers fails the command with one line and exit 1 within ${DEAD_ENDPOINT_BOUND_SECONDS} seconds (throttling answers, from an endpoint that is alive, are retried up to ${MAX_THROTTLED_ATTEMPTS} times with backoff)`,
      );
    }
  });
});

describe('against an endpoint', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 100, updateTableMs: 100 });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine?.close();
  });

  it('apply --json is target, step and wait events, then one summary; plan and apply print the target first', async () => {
    const cwd = folder(table('contract_stream', [SHOP_ALL]));
    const flags = ['--endpoint-url', engine.endpoint, '--region', 'us-east-1'];
    const applied = await cli(['apply', '--json', ...flags], cwd);
    expect(applied.code, applied.stderr).toBe(0);
    const { events, result } = ndjson(applied.stdout);
    expect(events[0]).toEqual({ type: 'target', endpoint: engine.endpoint, region: 'us-east-1' });
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(['target', 'step', 'wait', 'done']));
    expect(result).toMatchObject({ target: { endpoint: engine.endpoint }, tables: [{ table: 'contract_stream' }] });

    // Once the table exists, its ARN names the account, with no extra call or permission.
    const plan = await cli(['plan', ...flags], cwd);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(new RegExp(`^target: ${engine.endpoint} \\(region us-east-1, account \\d{12}\\)\\n$`));
    const again = await cli(['apply', ...flags], cwd);
    expect(again.stderr.split('\n')[0]).toMatch(/^target: .+, account \d{12}\)$/);
    const planJson = JSON.parse((await cli(['plan', '--json', ...flags], cwd)).stdout);
    expect(planJson.target).toMatchObject({ endpoint: engine.endpoint, region: 'us-east-1', account: expect.stringMatching(/^\d{12}$/) });
  });

  it('verify and plan name every difference, with the refused one marked, and apply changes nothing', async () => {
    const created = folder(table('contract_diff', [SHOP_ALL]));
    const flags = ['--endpoint-url', engine.endpoint, '--region', 'us-east-1'];
    expect((await cli(['apply', ...flags], created)).code).toBe(0);
    // The schema now changes shop_index's projection (refused), adds state_index and turns deletion protection on.
    const changed = folder(table('contract_diff', [SHOP_KEYS, STATE], '    deletionProtection: true\n'));

    const verify = await cli(['verify', ...flags], changed);
    expect(verify.code).toBe(2);
    const lines = verify.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('contract_diff: 3 differences, 1 of them refused by apply');
    expect(lines.filter((line) => line.startsWith('  ! refused: '))).toEqual([
      expect.stringMatching(/^ {2}! refused: index shop_index projects ALL but the schema says KEYS_ONLY: DynamoDB cannot change/),
    ]);
    expect(lines.filter((line) => line.startsWith('  - '))).toEqual(['  - index state_index: missing', '  - deletion protection: live off, schema on']);
    const verifyJson = JSON.parse((await cli(['verify', '--json', ...flags], changed)).stdout);
    expect(verifyJson.tables[0].differences).toHaveLength(3);
    expect(verifyJson.tables[0].refused).toHaveLength(1);

    const plan = await cli(['plan', ...flags], changed);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('contract_diff: 1 refused change and 2 other steps; apply changes nothing until the refused ones are resolved');
    expect(plan.stdout).toMatch(/^ {2}! refused: index shop_index projects ALL/m);
    expect(plan.stdout).toContain('  + create index state_index on contract_diff');
    expect(plan.stdout).toContain('  + enable deletion protection on contract_diff');

    const apply = await cli(['apply', ...flags], changed);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/^ddb-migrate: index shop_index projects ALL but the schema says KEYS_ONLY/m);
    expect((await cli(['verify', ...flags], changed)).stdout.split('\n')[0]).toBe('contract_diff: 3 differences, 1 of them refused by apply');
  });
});

// dynalite accepts an index delete and ignores it; DynamoDB Local deletes.
const dynamoDbLocalHome = findDynamoDbLocal();
describe.skipIf(!dynamoDbLocalHome)('--prune-indexes against DynamoDB Local', () => {
  let local: DynamoDbLocal | undefined;
  beforeAll(async () => {
    local = await startDynamoDbLocal();
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await local?.close();
  });

  it('--prune-indexes: without a terminal only --yes deletes; on one, the user is shown the indexes and asked', async () => {
    const flags = ['--endpoint-url', local!.endpoint, '--region', 'us-east-1'];
    expect((await cli(['apply', ...flags], folder(table('contract_prune', [SHOP_ALL, STATE])))).code).toBe(0);
    const fewer = folder(table('contract_prune', [SHOP_ALL]));

    const refused = await cli(['apply', '--prune-indexes', ...flags], fewer);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trimEnd().split('\n').at(-1)).toBe(
      'ddb-migrate: --prune-indexes would delete index state_index (table contract_prune); there is no terminal to ask, so run again with --yes to confirm',
    );
    expect((await cli(['verify', ...flags], fewer)).stdout).toContain('index state_index: exists, not in the schema');

    // On a terminal (the confirm bin.ts offers when stdin and stderr are one): declining changes nothing.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('XDG_CACHE_HOME', cache);
    const questions: string[] = [];
    let stderr = '';
    const streams = { stdout: () => {}, stderr: (text: string) => void (stderr += text) };
    const declined = await run(['apply', '--prune-indexes', ...flags], fewer, streams, { confirm: async (question) => (questions.push(question), false) });
    expect(declined).toBe(1);
    expect(questions).toEqual(['Delete it?']);
    expect(stderr).toContain('--prune-indexes deletes this index and the data it holds:\n  - state_index (table contract_prune)\n');
    expect(stderr).toContain('ddb-migrate: nothing changed: the index deletes were not confirmed');
    expect((await cli(['verify', ...flags], fewer)).stdout).toContain('index state_index: exists, not in the schema');

    const confirmed = await run(['apply', '--prune-indexes', ...flags], fewer, streams, { confirm: async () => true });
    expect(confirmed, stderr).toBe(0);
    expect((await cli(['verify', ...flags], fewer)).code).toBe(0);
  });

  it('--prune-indexes --yes deletes without asking', async () => {
    const flags = ['--endpoint-url', local!.endpoint, '--region', 'us-east-1'];
    expect((await cli(['apply', ...flags], folder(table('contract_yes', [SHOP_ALL, STATE])))).code).toBe(0);
    const fewer = folder(table('contract_yes', [SHOP_ALL]));
    const result = await cli(['apply', '--prune-indexes', '--yes', ...flags], fewer);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('delete index state_index from contract_yes');
    expect((await cli(['verify', ...flags], fewer)).code).toBe(0);
  });
});
