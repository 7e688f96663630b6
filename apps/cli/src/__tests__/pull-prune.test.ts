/**
 * `ddb-migrate pull` and `ddb-migrate prune-sessions` as a user runs them: exit codes, what is written
 * (and what is not), output. The engine proofs are packages/conformance/src/pull.test.ts and
 * packages/sessions/src/__tests__/adapter-prune.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable, toCreateTableInput } from '@ddb-migrations/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.js';
import { DDB_MIGRATE_BIN, localAwsEnvironment, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';

describe('pull and prune-sessions', () => {
  let engine: LocalEngine;
  let client: DynamoDBClient;
  let connection: string[];
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 20 });
    connection = ['--endpoint-url', engine.endpoint];
    client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new CreateTableCommand(toCreateTableInput(shopifySessionsTable)));
    await client.send(new CreateTableCommand(toCreateTableInput({ ...shopifySessionsTable, globalSecondaryIndexes: [] }, 'other_sessions')));
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  });

  it('pull writes every table, refuses to replace the file without --force, and replaces it with --force', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pull-cli-'));
    const first = await run(['pull', ...connection], cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('wrote ddb-migrations.yaml: other_sessions, shopify_sessions');
    expect(first.stdout).toMatch(/note: shopify_sessions: point-in-time recovery: this endpoint cannot report it/);
    const text = readFileSync(join(cwd, 'ddb-migrations.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toMatch(/# shopify_sessions: point-in-time recovery: this endpoint cannot report it/);

    writeFileSync(join(cwd, 'ddb-migrations.yaml'), 'mine\n');
    const refused = await run(['pull', ...connection], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('ddb-migrate: ddb-migrations.yaml already exists; pass --force to replace it, or --out another file\n');
    expect(readFileSync(join(cwd, 'ddb-migrations.yaml'), 'utf8')).toBe('mine\n');

    const forced = await run(['pull', ...connection, '--force', '--table', 'shopify_sessions', '--json'], cwd);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ file: 'ddb-migrations.yaml', tables: [{ name: 'shopify_sessions' }], skipped: [] });
    expect(readFileSync(join(cwd, 'ddb-migrations.yaml'), 'utf8')).toContain('create-sessions-table');
    expect((await run(['verify', ...connection], cwd)).code).toBe(0);
    // Only the file itself: no temporary left behind.
    expect(readdirSync(cwd)).toEqual(['ddb-migrations.yaml']);
  });

  it('pull of a table that does not exist exits 1 and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pull-cli-'));
    const result = await run(['pull', ...connection, '--table', 'no_such_table', '--out', 'x.yaml'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ddb-migrate: table no_such_table does not exist\n');
    expect(existsSync(join(cwd, 'x.yaml'))).toBe(false);
  });

  it('prune-sessions: a dry run counts, a run deletes only the expired online sessions, bad flags exit 1', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'prune-cli-'));
    const items = [
      { id: 'a', isOnline: true, expires: new Date(Date.now() - 60_000).toISOString() },
      { id: 'b', isOnline: true, expires: new Date(Date.now() + 3_600_000).toISOString() },
      { id: 'c', isOnline: false, expires: new Date(Date.now() - 60_000).toISOString() },
      { id: 'd', isOnline: true },
    ];
    for (const item of items) {
      await client.send(new PutItemCommand({
        TableName: 'shopify_sessions',
        Item: { id: { S: item.id }, shop: { S: 'cli.myshopify.com' }, isOnline: { BOOL: item.isOnline }, ...(item.expires ? { expires: { S: item.expires } } : {}) },
      }));
    }
    const dry = await run(['prune-sessions', ...connection, '--dry-run'], cwd);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^shopify_sessions: dry run, nothing deleted: 1 expired online session of 4 would be deleted/);

    const pruned = await run(['prune-sessions', ...connection, '--rate', '100', '--segments', '2', '--json'], cwd);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ tableName: 'shopify_sessions', scanned: 4, expired: 1, deleted: 1, dryRun: false });
    const left = (await client.send(new ScanCommand({ TableName: 'shopify_sessions' }))).Items!.map((item) => item.id!.S).sort();
    expect(left).toEqual(['b', 'c', 'd']);

    for (const [flags, message] of [
      [['--rate', '0'], 'invalid --rate "0": expected a whole number from 1 to 1000000'],
      [['--segments', '2.5'], 'invalid --segments "2.5": expected a whole number from 1 to 1000000'],
      [['--table', 'missing_table'], 'table missing_table does not exist'],
    ] as const) {
      const failed = await run(['prune-sessions', ...connection, ...flags], cwd);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toBe(`ddb-migrate: ${message}\n`);
    }
    const missing = await run(['prune-sessions', ...connection, '--table', 'missing_table', '--json'], cwd);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'TABLE_NOT_FOUND', message: 'table missing_table does not exist', file: null, line: null, column: null } });
  });

  it('prune-sessions interrupted says how far it got (exit 130), and a second run finishes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'prune-cli-'));
    const expired = new Date(Date.now() - 60_000).toISOString();
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await client.send(new PutItemCommand({ TableName: 'other_sessions', Item: { id: { S: id }, shop: { S: 'cli.myshopify.com' }, isOnline: { BOOL: true }, expires: { S: expired } } }));
    }
    const count = async () => (await client.send(new ScanCommand({ TableName: 'other_sessions', Select: 'COUNT' }))).Count!;
    const child = spawn('node', [DDB_MIGRATE_BIN, 'prune-sessions', ...connection, '--table', 'other_sessions', '--rate', '1'], { cwd, env: localAwsEnvironment() });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupt once the first delete has landed: the command is then surely inside the prune.
    while ((await count()) === 5) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(/^ddb-migrate: interrupted after deleting [1-4] expired sessions?; run again to finish\n$/m);
    const rerun = await run(['prune-sessions', ...connection, '--table', 'other_sessions'], cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await count()).toBe(0);
  });
});
