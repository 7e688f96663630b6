import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalSchema, loadSchema } from '@ddb-migrations/core';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';

async function cli(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, cwd, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const app = () => mkdtempSync(join(tmpdir(), 'ddb-init-'));

describe('ddb-migrate init', () => {
  it('writes the built-in schema as ddb-migrations.yaml with the editor line, and generate reads it back unchanged', async () => {
    const cwd = app();
    expect((await cli(cwd, 'generate')).code).toBe(0);
    const result = await cli(cwd, 'init');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('created ddb-migrations.yaml (the built-in shopify_sessions table); edit it, then run npx ddb-migrations generate\n');
    expect(result.stdout).toContain('npm i -D ddb-migrations');
    const text = readFileSync(join(cwd, 'ddb-migrations.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/ddb-migrations/schema.json');
    expect(loadSchema(text, 'ddb-migrations.yaml')).toEqual(canonicalSchema);
    // The file is now the schema source; the artifacts of the built-in schema still match it byte for byte.
    const check = await cli(cwd, 'generate', '--check');
    expect(check.stdout).toContain('all 7 files match ddb-migrations.yaml');
    expect(check.code).toBe(0);
  });

  it('refuses to overwrite: exit 1, one line, the file untouched, no temporary left', async () => {
    const cwd = app();
    writeFileSync(join(cwd, 'ddb-migrations.yaml'), 'tables: [] # mine\n');
    const result = await cli(cwd, 'init');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'ddb-migrate: ddb-migrations.yaml already exists; init never overwrites it (edit it, or delete it first)\n' });
    expect(readFileSync(join(cwd, 'ddb-migrations.yaml'), 'utf8')).toBe('tables: [] # mine\n');
    expect(readdirSync(cwd)).toEqual(['ddb-migrations.yaml']);
  });

  it('points at the installed JSON Schema from a file in a subfolder, and --json says so', async () => {
    const cwd = app();
    mkdirSync(join(cwd, 'node_modules', 'ddb-migrations'), { recursive: true });
    writeFileSync(join(cwd, 'node_modules', 'ddb-migrations', 'schema.json'), '{}');
    const result = await cli(cwd, 'init', '--schema', 'infra/tables.yaml', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ file: 'infra/tables.yaml', jsonSchema: '../node_modules/ddb-migrations/schema.json', jsonSchemaInstalled: true });
    expect(readFileSync(join(cwd, 'infra', 'tables.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/ddb-migrations\/schema\.json\n/);
  });

  it('names a file other than ddb-migrations.yaml in its next-step hint, and that command reads it', async () => {
    const cwd = app();
    const result = await cli(cwd, 'init', '--schema', "infra/my tables.yaml");
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain("edit it, then run npx ddb-migrations generate --schema 'infra/my tables.yaml'\n");
    const generated = await cli(cwd, 'generate', '--schema', 'infra/my tables.yaml');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('(from infra/my tables.yaml)');
  });
});
