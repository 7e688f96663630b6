/**
 * Nothing lost: no command apply can send deletes or replaces a table, indexes are only removed with
 * --prune-indexes, generate killed mid-write leaves every file whole (old or new), and the
 * CloudFormation and Terraform artifacts keep the table when the stack or module goes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { WRITE_COMMANDS } from '@ddb-migrations/apply';
import { loadSchema } from '@ddb-migrations/core';
import { emitCloudFormation } from '@ddb-migrations/emit-cloudformation';
import { emitTerraform } from '@ddb-migrations/emit-terraform';
import { localAwsEnvironment, parseTerraform, quietDdbMigrateCache, richSchema, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { cliBin, runCli } from './cli-process.js';
import { recordSection } from './report/figures.js';

const TABLES = 300;
const KILLS = 16;

/** A schema of many tables; `version` changes every description, so every script changes. */
function manyTables(version: string): string {
  const tables = Array.from({ length: TABLES }, (_, i) => `  - name: table_${String(i).padStart(3, '0')}\n    description: ${version} of table ${i}\n    partitionKey: { name: id, type: S }\n`);
  return `tables:\n${tables.join('')}`;
}

/** Every file of a folder, by name. */
const readFolder = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

const figures = { kills: 0, killedMidWrite: 0, filesChecked: 0, writeCommands: 0, tablesGuarded: 0 };

afterAll(() => {
  recordSection(4, {
    title: 'Nothing lost',
    source: 'nothing-lost.test.ts',
    figures: [
      { what: `\`generate\` of ${TABLES} tables killed (SIGKILL) at spread-out moments`, count: figures.kills, outcome: 'every file whole: its old or its new content, never a mix; the next run completes and removes the leftovers' },
      { what: 'of those, kills that landed while files were being written or renamed', count: figures.killedMidWrite, outcome: 'as above' },
      { what: 'files checked after the kills', count: figures.filesChecked, outcome: 'old or new, byte for byte' },
      { what: 'write commands the apply package can send', count: figures.writeCommands, outcome: 'none deletes, restores over, or replaces a table (plus: the fault proxy saw no delete, see Faults)' },
      { what: 'tables in the generated CloudFormation and Terraform (both fixtures)', count: figures.tablesGuarded, outcome: 'DeletionPolicy and UpdateReplacePolicy Retain; lifecycle prevent_destroy' },
    ],
    details: [
      'An index the schema no longer lists is reported and kept by `apply`; only `apply --prune-indexes` removes it.',
      'generate stages every file beside its target and renames only when all are written, so a kill leaves each file old or new.',
    ],
  });
});

describe('generate killed mid-write', () => {
  it('leaves every file whole, and the next run completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kill-generate-'));
    writeFileSync(join(dir, 'v1.yaml'), manyTables('v1'));
    writeFileSync(join(dir, 'v2.yaml'), manyTables('v2'));
    const newDir = join(dir, 'new');
    expect((await runCli(['generate', '--schema', 'v2.yaml', '--out', 'new'], { cwd: dir })).code).toBe(0);
    const newFiles = readFolder(newDir);

    const cache = quietDdbMigrateCache();
    const started = Date.now();
    expect((await runCli(['generate', '--schema', 'v2.yaml', '--out', 'calibrate'], { cwd: dir })).code).toBe(0);
    const fullRunMs = Date.now() - started;

    for (let kill = 0; kill < KILLS; kill++) {
      const out = join(dir, `out-${kill}`);
      expect((await runCli(['generate', '--schema', 'v1.yaml', '--out', `out-${kill}`], { cwd: dir })).code).toBe(0);
      const oldFiles = readFolder(out);
      const child = spawn(process.execPath, [cliBin, 'generate', '--schema', 'v2.yaml', '--out', `out-${kill}`], {
        cwd: dir,
        env: localAwsEnvironment({ XDG_CACHE_HOME: cache }),
        stdio: 'ignore',
      });
      let running = true;
      const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false));
      // Wait for the first staged file, so the kills land in the write phase, then a little longer
      // each time: early in staging, late in staging, during the renames, and after.
      while (running && !readdirSync(out).some((name) => name.endsWith('.tmp'))) await new Promise((resolve) => setTimeout(resolve, 1));
      await new Promise((resolve) => setTimeout(resolve, (fullRunMs * kill) / (KILLS * 4)));
      child.kill('SIGKILL');
      await exited;
      figures.kills++;

      const after = readFolder(out);
      const temporaries = Object.keys(after).filter((name) => name.endsWith('.tmp'));
      const finals = Object.keys(after).filter((name) => !name.endsWith('.tmp'));
      expect(finals.sort()).toEqual(Object.keys(oldFiles).sort());
      const mixed = new Set<string>();
      for (const name of finals) {
        const content = after[name];
        expect(content === oldFiles[name] || content === newFiles[name], `${name} is neither the old nor the new file`).toBe(true);
        mixed.add(content === oldFiles[name] ? 'old' : 'new');
        figures.filesChecked++;
      }
      if (temporaries.length > 0 || mixed.size > 1) figures.killedMidWrite++;

      const rerun = await runCli(['generate', '--schema', 'v2.yaml', '--out', `out-${kill}`], { cwd: dir });
      expect(rerun.code).toBe(0);
      expect(readFolder(out)).toEqual(newFiles);
    }
    // The kills must have hit the write phase most of the time, or this test proves little.
    expect(figures.killedMidWrite).toBeGreaterThanOrEqual(KILLS / 2);
  });
});

describe('apply keeps what is not in the schema', () => {
  let engine: LocalEngine;
  let client: DynamoDBClient;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 50, updateTableMs: 50 });
    client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  });

  it('can send no delete, restore or replace', () => {
    const names = [...WRITE_COMMANDS].map(String);
    // DeleteResourcePolicy removes a policy the schema dropped, never a table or its items.
    expect(names.filter((name) => /Delete(?!ResourcePolicy)|Restore|Import/.test(name) && name !== 'UpdateTable')).toEqual([]);
    figures.writeCommands = names.length;
  });

  it('reports an extra index and keeps it; the table keeps its items', async () => {
    await client.send(new CreateTableCommand({
      TableName: 'shopify_sessions',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'shop', AttributeType: 'S' }, { AttributeName: 'email', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        { IndexName: 'shop_index', KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        { IndexName: 'email_index', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
      ],
    }));
    const cwd = mkdtempSync(join(tmpdir(), 'keep-index-'));
    const result = await runCli(['apply', '--endpoint-url', engine.endpoint, '--region', 'us-east-1'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/email_index/);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'shopify_sessions' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['email_index', 'shop_index']);
  });
});

describe('the infrastructure-as-code artifacts guard the table', () => {
  it('CloudFormation retains it on delete and replace; Terraform refuses to destroy it', async () => {
    const canonical = loadSchema(Buffer.from('tables:\n  - name: shopify_sessions\n    partitionKey: { name: id, type: S }\n'), 'inline.yaml');
    for (const schema of [canonical, richSchema()]) {
      const template = JSON.parse(emitCloudFormation(schema).files[0]!.contents) as { Resources: Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }> };
      const tables = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::DynamoDB::Table');
      expect(tables).toHaveLength(schema.tables.length);
      for (const table of tables) expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      const module = await parseTerraform(emitTerraform(schema).files[0]!.contents);
      expect(Object.values(module.tables)).toHaveLength(schema.tables.length);
      for (const resource of Object.values(module.tables)) expect(resource.lifecycle?.[0]?.prevent_destroy).toBe(true);
      figures.tablesGuarded += tables.length;
    }
  });
});
