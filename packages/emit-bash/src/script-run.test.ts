import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSchema } from '@ddb-migrations/core';
import { findAwsCli, findTool, localAwsEnvironment, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { emitBash } from './index.js';

const run = promisify(execFile);
const aws = findAwsCli();
const bash = findTool('bash');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the canonical script for real: bash, the AWS CLI, and dynalite on 127.0.0.1. */
describe.skipIf(!aws || !bash)('create-sessions-table.sh against dynalite', () => {
  let engine: LocalEngine;
  /** Keeps new tables CREATING for 15 s: longer than any CLI call even on a loaded machine (one took 8 s), so the first poll must see CREATING. */
  let slowEngine: LocalEngine;
  let script: string;
  let binDir: string;

  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 300 });
    slowEngine = await startDynalite({ createTableMs: 15_000 });
    const dir = mkdtempSync(join(tmpdir(), 'bash-run-'));
    script = join(dir, 'create-sessions-table.sh');
    writeFileSync(script, emitBash(canonicalSchema).files[0]!.contents, { mode: 0o755 });
    // Put the chosen AWS CLI first on PATH as `aws`, as a user's shell would find it.
    binDir = mkdtempSync(join(tmpdir(), 'aws-bin-'));
    writeFileSync(join(binDir, 'aws'), `#!/bin/sh\nexec "${aws}" "$@"\n`, { mode: 0o755 });
  });
  afterAll(async () => {
    await engine?.close();
    await slowEngine?.close();
  });

  const env = () => localAwsEnvironment({ PATH: `${binDir}:${process.env.PATH}` });

  async function runScript(...args: string[]): Promise<RunResult> {
    try {
      const { stdout, stderr } = await run(bash!, [script, ...args], { env: env() });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  async function describeTable(name: string, endpoint = engine.endpoint): Promise<Record<string, any>> {
    const { stdout } = await run(aws!, ['dynamodb', 'describe-table', '--table-name', name, '--endpoint-url', endpoint, '--output', 'json'], { env: env() });
    return JSON.parse(stdout).Table;
  }

  async function createTable(...args: string[]): Promise<void> {
    await run(aws!, ['dynamodb', 'create-table', '--endpoint-url', engine.endpoint, ...args], { env: env() });
    const name = args[args.indexOf('--table-name') + 1]!;
    while ((await describeTable(name)).TableStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 100));
  }

  it('creates the table with the schema keys, index and billing, waiting until ACTIVE', async () => {
    const result = await runScript('--endpoint-url', slowEngine.endpoint);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Creating table shopify_sessions');
    // The table stays CREATING for 15 s: the script must have polled, not assumed.
    expect(result.stdout).toMatch(/Waiting for shopify_sessions: CREATING/);
    expect(result.stdout).toMatch(/Table shopify_sessions is ACTIVE: arn:aws:dynamodb:/);

    const table = await describeTable('shopify_sessions', slowEngine.endpoint);
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(sortBy(table.AttributeDefinitions, 'AttributeName')).toEqual([
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'shop', AttributeType: 'S' },
    ]);
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.GlobalSecondaryIndexes).toHaveLength(1);
    expect(table.GlobalSecondaryIndexes[0]).toMatchObject({
      IndexName: 'shop_index',
      KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
      IndexStatus: 'ACTIVE',
    });
  });

  it('is a no-op the second time', async () => {
    const before = await describeTable('shopify_sessions', slowEngine.endpoint);
    const result = await runScript('--endpoint-url', slowEngine.endpoint);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('exists (ACTIVE); checking it matches the schema');
    expect(result.stdout).not.toContain('Creating');
    expect(await describeTable('shopify_sessions', slowEngine.endpoint)).toEqual(before);
  });

  it('takes the endpoint and table name from the environment', async () => {
    const { stdout } = await run(bash!, [script], { env: { ...env(), AWS_ENDPOINT_URL: engine.endpoint, TABLE_NAME: 'env_sessions' } });
    expect(stdout).toContain('Table env_sessions is ACTIVE');
    expect((await describeTable('env_sessions')).KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  it('refuses a pre-existing table with different keys and leaves it unchanged', async () => {
    await createTable('--table-name', 'conflicting_keys', '--attribute-definitions', 'AttributeName=pk,AttributeType=N',
      '--key-schema', 'AttributeName=pk,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST');
    const before = await describeTable('conflicting_keys');
    const result = await runScript('--endpoint-url', engine.endpoint, '--table-name', 'conflicting_keys');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/table conflicting_keys exists with a different key schema; it was left unchanged/);
    expect(await describeTable('conflicting_keys')).toEqual(before);
  });

  it('refuses a pre-existing table with the same key but without the index', async () => {
    await createTable('--table-name', 'missing_index', '--attribute-definitions', 'AttributeName=id,AttributeType=S',
      '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST');
    const before = await describeTable('missing_index');
    const result = await runScript('--endpoint-url', engine.endpoint, '--table-name', 'missing_index');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exists with different (key attribute types|global secondary indexes)/);
    expect(await describeTable('missing_index')).toEqual(before);
  });

  it('rejects a bad name before any AWS call', async () => {
    for (const name of ['a;b', 'ab', '$(id)', '--debug', 'x'.repeat(256), 'shop\u0430_sessions']) {
      const result = await runScript('--endpoint-url', 'http://127.0.0.1:1', '--table-name', name);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toContain('invalid table name');
    }
  });

  it('stops with a clear message after --timeout', async () => {
    const slow = await startDynalite({ createTableMs: 10_000 });
    try {
      const result = await runScript('--endpoint-url', slow.endpoint, '--timeout', '1');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/timed out after 1s waiting for table shopify_sessions .*CREATING/);
    } finally {
      await slow.close();
    }
  });
});

function sortBy<T extends Record<string, unknown>>(items: T[], key: keyof T): T[] {
  return [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
