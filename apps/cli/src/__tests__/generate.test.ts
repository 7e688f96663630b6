import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DDB_MIGRATE_BIN } from '@ddb-migrations/test-support';
import { run } from '../cli.js';

const repoRoot = new URL('../../../../', import.meta.url).pathname;
const bin = DDB_MIGRATE_BIN;
const runBin = promisify(execFile);

async function cli(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, cwd, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** Every file under a folder with its bytes and mode, to prove a failed run changed nothing. */
function snapshotTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const stats = statSync(path);
    result[name] = stats.isDirectory() ? 'dir' : `${stats.mode.toString(8)}:${readFileSync(path, 'base64')}`;
  }
  return result;
}

const workspace = () => mkdtempSync(join(tmpdir(), 'ddb-generate-'));
const EXPECTED_FILES = ['README.md', 'cloudformation-template.json', 'create-sessions-table.ps1', 'create-sessions-table.sh', 'iam-policy-ddb-migrate.json', 'iam-policy.json', 'main.tf'];

describe('ddb-migrate generate', () => {
  it('writes the seven artifacts of the built-in schema, the script executable', async () => {
    const cwd = workspace();
    const result = await cli(cwd, 'generate');
    expect(result.code).toBe(0);
    expect(readdirSync(join(cwd, 'dynamodb-migrations')).sort()).toEqual(EXPECTED_FILES);
    expect(statSync(join(cwd, 'dynamodb-migrations', 'create-sessions-table.sh')).mode & 0o777).toBe(0o755);
    expect(result.stdout).toContain('7 written, 0 unchanged (from built-in shopify_sessions schema)');
  });

  it('is deterministic: a second run changes nothing and --check passes', async () => {
    const cwd = workspace();
    await cli(cwd, 'generate');
    const before = snapshotTree(join(cwd, 'dynamodb-migrations'));
    expect((await cli(cwd, 'generate')).stdout).toContain('0 written, 7 unchanged');
    expect(snapshotTree(join(cwd, 'dynamodb-migrations'))).toEqual(before);
    const check = await cli(cwd, 'generate', '--check');
    expect(check.code).toBe(0);
  });

  it('--cloudformation-format yaml writes cloudformation-template.yaml instead, named by the README; a bad format is refused', async () => {
    const cwd = workspace();
    const result = await cli(cwd, 'generate', '--cloudformation-format', 'yaml');
    expect(result.code).toBe(0);
    const files = readdirSync(join(cwd, 'dynamodb-migrations')).sort();
    expect(files).toEqual(EXPECTED_FILES.map((file) => file.replace('template.json', 'template.yaml')).sort());
    expect(readFileSync(join(cwd, 'dynamodb-migrations', 'cloudformation-template.yaml'), 'utf8')).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"\n/);
    expect(readFileSync(join(cwd, 'dynamodb-migrations', 'README.md'), 'utf8')).toContain('--template-body file://cloudformation-template.yaml');
    // The JSON template of an earlier run is left alone but named, and fails --check until deleted.
    await cli(cwd, 'generate');
    const again = await cli(cwd, 'generate', '--cloudformation-format', 'yaml');
    expect(again.stdout).toContain('warning: dynamodb-migrations/cloudformation-template.json is left from an earlier run and no longer generated; delete it');
    const stale = await cli(cwd, 'generate', '--cloudformation-format', 'yaml', '--check');
    expect(stale.code).toBe(2);
    expect(stale.stdout).toContain('stale: dynamodb-migrations/cloudformation-template.json is not generated from built-in shopify_sessions schema; delete it');
    rmSync(join(cwd, 'dynamodb-migrations', 'cloudformation-template.json'));
    expect((await cli(cwd, 'generate', '--cloudformation-format', 'yaml', '--check')).code).toBe(0);
    const bad = await cli(workspace(), 'generate', '--cloudformation-format', 'xml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Allowed choices are json, yaml/);
  });

  it('--check writes nothing and exits 2 naming each differing or missing file', async () => {
    const cwd = workspace();
    await cli(cwd, 'generate', '--out', 'out');
    writeFileSync(join(cwd, 'out', 'main.tf'), 'edited by hand\n');
    chmodSync(join(cwd, 'out', 'create-sessions-table.sh'), 0o644);
    const before = snapshotTree(join(cwd, 'out'));
    const result = await cli(cwd, 'generate', '--out', 'out', '--check');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('differs: out/main.tf');
    expect(result.stdout).toContain('differs: out/create-sessions-table.sh');
    expect(result.stdout).not.toContain('README.md');
    expect(result.stdout).toContain('out: 2 of 7 files differ from built-in shopify_sessions schema; run npx ddb-migrations generate --out out\n');
    expect(snapshotTree(join(cwd, 'out'))).toEqual(before);
    const missing = await cli(cwd, 'generate', '--out', 'elsewhere', '--check');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('missing: elsewhere/README.md');
    expect(() => readdirSync(join(cwd, 'elsewhere'))).toThrow();
  });

  it('reads ddb-migrations.yaml from the working directory, and --schema FILE', async () => {
    const cwd = workspace();
    const yaml = 'tables:\n  - name: my_sessions\n    scriptName: create-sessions-table\n    partitionKey: { name: id, type: S }\n';
    writeFileSync(join(cwd, 'ddb-migrations.yaml'), yaml);
    expect((await cli(cwd, 'generate')).code).toBe(0);
    expect(readFileSync(join(cwd, 'dynamodb-migrations', 'main.tf'), 'utf8')).toContain('default     = "my_sessions"');
    writeFileSync(join(cwd, 'other.yaml'), yaml.replace('my_sessions', 'other_sessions'));
    expect((await cli(cwd, 'generate', '--schema', 'other.yaml', '--out', 'o')).code).toBe(0);
    expect(readFileSync(join(cwd, 'o', 'main.tf'), 'utf8')).toContain('"other_sessions"');
  });

  it('refuses a bad schema with one line naming file:line:column, exit 1, and writes nothing', async () => {
    const cwd = workspace();
    await cli(cwd, 'generate');
    const before = snapshotTree(cwd);
    writeFileSync(join(cwd, 'bad.yaml'), 'tables:\n  - name: shopify_sessions\n    partitionKey: { name: id, type: BOOL }\n');
    const result = await cli(cwd, 'generate', '--schema', 'bad.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ddb-migrate: bad.yaml:3:37: "type" must be one of S, N, B\n');
    expect(result.stdout).toBe('');
    const after = snapshotTree(cwd);
    delete after['bad.yaml'];
    expect(after).toEqual(before);
  });

  it('prints a stack trace only with --debug', async () => {
    const cwd = workspace();
    const plain = await cli(cwd, 'generate', '--schema', 'missing.yaml');
    expect(plain).toMatchObject({ code: 1, stderr: 'ddb-migrate: missing.yaml: schema file not found\n' });
    const debug = await cli(cwd, '--debug', 'generate', '--schema', 'missing.yaml');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('leaves every previous file intact when a write fails', async () => {
    const cwd = workspace();
    const out = join(cwd, 'dynamodb-migrations');
    mkdirSync(out);
    for (const name of EXPECTED_FILES) writeFileSync(join(out, name), `previous ${name}\n`);
    // A folder where main.tf should go makes the run fail after the other files were staged.
    rmSync(join(out, 'main.tf'));
    mkdirSync(join(out, 'main.tf'));
    const snapshot = snapshotTree(out);
    const result = await cli(cwd, 'generate');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('main.tf: it exists and is not a regular file');
    expect(snapshotTree(out)).toEqual(snapshot);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the committed dynamodb-migrations/ in sync with the canonical schema', async () => {
    const result = await cli(repoRoot, 'generate', '--check');
    expect(result.stdout).toContain('all 7 files match built-in shopify_sessions schema');
    expect(result.code).toBe(0);
  });

  it('runs as a process: --help, --version, unknown command, --json', async () => {
    const help = await runBin('node', [bin, '--help']);
    expect(help.stdout).toContain('generate');
    expect((await runBin('node', [bin, '--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    await expect(runBin('node', [bin, 'frobnicate'])).rejects.toMatchObject({ code: 1 });
    const cwd = workspace();
    const json = JSON.parse((await runBin('node', [bin, 'generate', '--json'], { cwd })).stdout);
    expect(json.files).toHaveLength(7);
    expect(json.files.every((file: { status: string }) => file.status === 'created')).toBe(true);
  });
});

describe('the generated README names exactly the files generate writes', () => {
  it('for one table, three tables, 200 tables (split templates and policies) and a table too large for --template-body', async () => {
    const { emitAll } = await import('../emitters.js');
    const { canonicalSchema } = await import('@ddb-migrations/core');
    const { largestTableSchema, manyTablesSchema, richSchema } = await import('@ddb-migrations/test-support');
    for (const schema of [canonicalSchema, richSchema(), manyTablesSchema(200), largestTableSchema()]) {
      for (const format of ['json', 'yaml'] as const) {
        const { files } = emitAll(schema, { cloudFormationFormat: format });
        const readme = files.find((file) => file.path === 'README.md')!.contents;
        const fileTable = readme.split('| File | What it is |')[1]!.split('\n\n')[0]!;
        const listed = [...fileTable.matchAll(/^\| `([^`]+)` \| /gm)].map((match) => match[1]!);
        expect(listed.sort()).toEqual(files.map((file) => file.path).filter((path) => path !== 'README.md').sort());
        // Every file a README command reads is one generate writes.
        for (const [, name] of readme.matchAll(/(?:file:\/\/|aws s3 cp )(\S+)/g)) expect(files.map((file) => file.path)).toContain(name);
      }
    }
  });
});
