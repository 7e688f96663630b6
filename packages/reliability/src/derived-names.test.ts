/**
 * Every name derived from a table name is valid where it lands, over the whole space of names the
 * validator accepts (3-255 of A-Za-z0-9_.-, not starting with "-"): seeded random names plus the
 * extremes (all digits, all dots, `...`, 255 characters, a leading "." or "_"). One `generate` run
 * writes the artifacts of all of them; then each artifact's own tool judges it, once per tool:
 * `terraform validate`, cfn-lint, `bash -n` and the scripts' own argument check, and the file
 * system (a script name past 255 bytes would fail the write with ENAMETOOLONG).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactNamesOf, defaultScriptName, identifiersOf, loadSchema, stackNameOf, TABLE_NAME_PATTERN, type Schema } from '@ddb-migrations/core';
import { findAwsCli, findTool, localAwsEnvironment, parsePowerShell, startDynalite } from '@ddb-migrations/test-support';
import { runCli } from './cli-process.js';
import { recordSection, type Figure } from './report/figures.js';

const run = promisify(execFile);
const terraform = findTool('terraform', ['/usr/local/bin/terraform', 'terraform']);
const cfnLint = findTool('cfn-lint');
const bash = findTool('bash');
const aws = findAwsCli();
const PLUGIN_DIR = '/opt/tf-plugins';

const CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-';

/** mulberry32: the same names on every run, so a failure names a reproducible table. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const EXTREMES = [
  'abc', '000', '123', '9'.repeat(255), '...', '.'.repeat(255), '___', '_'.repeat(255), '._-', '_-_', '.-.', '..-',
  'a'.repeat(255), 'Q'.repeat(254) + '7', '0.0', '1-2', '9to5', '.hidden', '_private', 'trailing.', 'trailing-', 'a--b__c..d',
  'create-table', 'x_table', `${'Ab1.'.repeat(63)}xyz`, `${'-'.repeat(253)}_a`.replace(/^-/, '_'),
];

function randomNames(count: number): string[] {
  const random = seeded(12);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    // A third short, a third medium, a third near the 255 limit.
    const length = [() => 3 + Math.floor(random() * 8), () => 11 + Math.floor(random() * 100), () => 200 + Math.floor(random() * 56)][i % 3]!();
    let name = CHARACTERS[Math.floor(random() * (CHARACTERS.length - 1))]!; // any first character but "-"
    while (name.length < length) name += CHARACTERS[Math.floor(random() * CHARACTERS.length)]!;
    names.push(name);
  }
  return names;
}

/** Names whose default script names and identifiers differ (two that meet are refused, a rule tested in core). */
function distinctNames(): string[] {
  const seen = new Set<string>();
  return [...EXTREMES, ...randomNames(24)].filter((name) => {
    const script = defaultScriptName(name);
    const { logicalId, terraformResource } = identifiersOf(script);
    const keys = [script, `cfn:${logicalId}`, `tf:${terraformResource}`];
    if (keys.some((key) => seen.has(key))) return false;
    for (const key of keys) seen.add(key);
    return true;
  });
}

const names = distinctNames();
/** This table also carries the tag values DynamoDB accepts and the validator used to refuse. */
const TAGGED_TABLE = '...';

function schemaText(tableNames: string[]): string {
  const tables = tableNames.map((name) => {
    const tags = name === TAGGED_TABLE ? `\n    tags: { empty: "", "a=b": "c=d=e" }` : '';
    return `  - name: ${JSON.stringify(name)}\n    partitionKey: { name: id, type: S }${tags}`;
  });
  return `tables:\n${tables.join('\n')}\n`;
}

describe('names derived from every valid table name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'derived-names-'));
  const out = join(dir, 'out');
  let schema: Schema;

  beforeAll(async () => {
    writeFileSync(join(dir, 'ddb-migrations.yaml'), schemaText(names));
    schema = loadSchema(readFileSync(join(dir, 'ddb-migrations.yaml')), 'ddb-migrations.yaml');
    const generated = await runCli(['generate', '--out', out], { cwd: dir });
    expect({ code: generated.code, stderr: generated.stderr }).toEqual({ code: 0, stderr: '' });
  });
  /** What each real tool accepted, pushed as its test passes (they run concurrently). */
  const toolFigures: Figure[] = [];
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    toolFigures.sort((a, b) => a.what.localeCompare(b.what));
    recordSection(7, {
      title: 'Names derived from table names',
      source: 'derived-names.test.ts',
      figures: [
        { what: 'valid table names in one schema (extremes and seeded random, 3-255 characters)', count: names.length, outcome: 'accepted; script file names within 255 bytes; CloudFormation logical ids, Terraform names and stack names well formed and unique' },
        ...toolFigures,
      ],
    });
  });

  it('covers the extremes and at least 45 tables, all accepted by the validator', () => {
    expect(names.length).toBeGreaterThanOrEqual(45);
    for (const name of names) expect(TABLE_NAME_PATTERN.test(name), name).toBe(true);
    expect(schema.tables.map((table) => table.name)).toEqual(names);
  });

  it('writes every script, each file name within 255 bytes, and every derived name is unique and well formed', () => {
    const written = readdirSync(out);
    for (const table of schema.tables) {
      const names = artifactNamesOf(table, schema);
      for (const file of [`${names.script}.sh`, `${names.script}.ps1`]) {
        expect(written, file).toContain(file);
        expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
      }
      // CloudFormation logical ids: alphanumeric, at most 255; Terraform: a letter or "_" first.
      expect(names.logicalId).toMatch(/^[A-Za-z0-9]{1,200}$/);
      expect(names.terraformResource).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      expect(names.terraformVariable).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    }
    const all = schema.tables.map((table) => artifactNamesOf(table, schema));
    for (const field of ['script', 'logicalId', 'terraformResource'] as const) {
      expect(new Set(all.map((entry) => entry[field])).size, field).toBe(schema.tables.length);
    }
  });

  it('suggests a CloudFormation stack name CreateStack accepts for each table on its own', () => {
    // CreateStack StackName: "[a-zA-Z][-a-zA-Z0-9]*", 1-128 characters.
    for (const table of schema.tables) expect(stackNameOf({ tables: [table] }), table.name).toMatch(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/);
  });

  it.skipIf(!bash).concurrent('gives bash scripts that parse, and that run as far as their own argument check', async () => {
    const scripts = readdirSync(out).filter((file) => file.endsWith('.sh'));
    await run(bash!, ['-c', 'for f in "$@"; do bash -n "$f" || exit 1; done', 'bash', ...scripts], { cwd: out });
    const extremes = ['9'.repeat(255), '...', '_'.repeat(255)].map((name) => `${artifactNamesOf(schema.tables.find((t) => t.name === name)!, schema).script}.sh`);
    const results = await Promise.all(
      extremes.map((script) => run(bash!, [script, '--table-name', 'not a name!'], { cwd: out }).then(() => ({ code: 0, stderr: '' }), (error: { code: number; stderr: string }) => error)),
    );
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('invalid table name') });
    toolFigures.push({ what: 'generated bash scripts checked by `bash -n`', count: scripts.length, outcome: 'parse; the extremes refuse a bad --table-name before any call' });
  });

  it.concurrent('gives PowerShell scripts that parse, each defaulting -TableName to its table', async () => {
    for (const table of schema.tables) {
      const syntax = await parsePowerShell(readFileSync(join(out, `${artifactNamesOf(table, schema).script}.ps1`), 'utf8'));
      expect({ problems: syntax.problems, tableName: syntax.parameterDefaults.TableName }).toEqual({ problems: [], tableName: table.name });
    }
    toolFigures.push({ what: 'generated PowerShell scripts parsed by tree-sitter-powershell', count: schema.tables.length, outcome: 'no syntax problem; -TableName defaults to the table' });
  });

  it.skipIf(!bash || !aws).concurrent('creates the all-dots table with bash and the AWS CLI, an empty tag value and "=" in tags included, and reruns with nothing to do', async () => {
    const engine = await startDynalite({ createTableMs: 50 });
    const binDir = mkdtempSync(join(tmpdir(), 'derived-names-bin-'));
    writeFileSync(join(binDir, 'aws'), `#!/bin/sh\nexec "${aws}" "$@"\n`, { mode: 0o755 });
    const env = localAwsEnvironment({ PATH: `${binDir}:${process.env.PATH}` });
    const cli = async (...args: string[]) => JSON.parse((await run(aws!, [...args, '--endpoint-url', engine.endpoint, '--output', 'json'], { env })).stdout);
    try {
      const script = `${artifactNamesOf(schema.tables.find((t) => t.name === TAGGED_TABLE)!, schema).script}.sh`;
      const apply = () => run(bash!, [script, '--endpoint-url', engine.endpoint, '--region', 'us-east-1'], { cwd: out, env });
      expect((await apply()).stdout).toContain('Creating table ...');
      // The rerun compares the tags it finds with the schema's: an empty value must compare equal.
      expect((await apply()).stdout).not.toContain('Tagging table');
      const arn = (await cli('dynamodb', 'describe-table', '--table-name', TAGGED_TABLE)).Table.TableArn;
      const { Tags: tags } = await cli('dynamodb', 'list-tags-of-resource', '--resource-arn', arn);
      expect(tags).toEqual(expect.arrayContaining([{ Key: 'empty', Value: '' }, { Key: 'a=b', Value: 'c=d=e' }]));
    } finally {
      await engine.close();
      rmSync(binDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!terraform).concurrent('gives a Terraform module that terraform validate accepts', async () => {
    const module = mkdtempSync(join(tmpdir(), 'derived-names-tf-'));
    try {
      cpSync(join(out, 'main.tf'), join(module, 'main.tf'));
      const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' };
      await run(terraform!, ['init', '-backend=false', '-input=false', `-plugin-dir=${PLUGIN_DIR}`], { cwd: module, env });
      const { stdout } = await run(terraform!, ['validate', '-json'], { cwd: module, env });
      const result = JSON.parse(stdout) as { valid: boolean; error_count: number; diagnostics: unknown[] };
      expect(result).toMatchObject({ valid: true, error_count: 0 });
      toolFigures.push({ what: 'tables in one module checked by `terraform validate` (real hashicorp/aws provider)', count: schema.tables.length, outcome: 'valid, no error' });
    } finally {
      rmSync(module, { recursive: true, force: true });
    }
  });

  it.skipIf(!cfnLint).concurrent('gives a CloudFormation template cfn-lint accepts', async () => {
    const templates = readdirSync(out).filter((file) => /^cloudformation.*\.(json|ya?ml)$/.test(file));
    expect(templates.length).toBeGreaterThan(0);
    const lintDir = mkdtempSync(join(tmpdir(), 'derived-names-cfn-'));
    for (const file of templates) cpSync(join(out, file), join(lintDir, file));
    try {
      // Findings of every level fail: cfn-lint exits non-zero and lists them.
      const { stdout } = await run(cfnLint!, ['--format', 'parseable', '--', ...templates], { cwd: lintDir });
      expect(stdout).toBe('');
      toolFigures.push({ what: 'CloudFormation templates of those tables checked by cfn-lint', count: templates.length, outcome: 'no finding of any level' });
    } finally {
      rmSync(lintDir, { recursive: true, force: true });
    }
  });
});
