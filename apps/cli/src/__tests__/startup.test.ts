import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DDB_MIGRATE_BIN, quietDdbMigrateCache } from '@ddb-migrations/test-support';

const packageJson = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
};
const bundle = readFileSync(DDB_MIGRATE_BIN, 'utf8');
const bundleInputs = Object.keys(
  (JSON.parse(readFileSync(DDB_MIGRATE_BIN.replace(/\.cjs$/, '.meta.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
);
/** Loaded at run time only by the commands that need them (plan/apply/verify/local, or a schema file). */
const HEAVY_AT_RUN_TIME = /node_modules\/(@aws-sdk|@smithy|dynalite|yaml|fastest-levenshtein)\//;
/** Must never be in the bundle: the templates and the schema validator are compiled at build time. */
const COMPILERS = /handlebars\/dist\/cjs\/(handlebars\.js|handlebars\/compiler)|ajv\/dist\/(compile|core)/;

/** Runs the built CLI with a preload that records every CommonJS file it loaded (the bundle is one). */
function loadedFiles(args: string[], cwd = mkdtempSync(join(tmpdir(), 'ddb-startup-'))): { files: string[]; status: number | null } {
  const record = join(cwd, 'record-loaded.cjs');
  writeFileSync(record, `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`);
  const result = spawnSync(process.execPath, ['--require', record, DDB_MIGRATE_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: quietDdbMigrateCache() },
  });
  const line = result.stderr.split('\n').find((text) => text.startsWith('LOADED '));
  if (!line) throw new Error(`no record of loaded files; stderr:\n${result.stderr}`);
  return { files: (JSON.parse(line.slice('LOADED '.length)) as string[]).filter((file) => file !== record), status: result.status };
}

describe('the shipped CLI is one bundle, and start-up stays light', () => {
  it('bin is the bundle, the only code the package ships (beside the editor JSON Schema)', () => {
    // No "./": npm rewrites such a bin path and warns that it "was invalid and removed".
    expect(Object.values(packageJson.bin)).toEqual(['dist/ddb-migrate.cjs']);
    expect(packageJson.files).toEqual(['dist/ddb-migrate.cjs', 'schema.json']);
    expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('generate loads the bundle and its package.json (the version), nothing else: no AWS SDK, no engine, no YAML parser', () => {
    const { files, status } = loadedFiles(['generate']);
    expect(status).toBe(0);
    expect(files).toEqual([DDB_MIGRATE_BIN, fileURLToPath(new URL('../../package.json', import.meta.url))]);
  });

  it('the record sees the SDK when a command does load it (control)', () => {
    const { files } = loadedFiles(['plan', '--local']);
    expect(files.some((file) => file.includes('@aws-sdk/client-dynamodb'))).toBe(true);
  });

  it('the bundle holds no template or schema compiler, and keeps the heavy packages external', () => {
    expect(bundleInputs.filter((input) => COMPILERS.test(input) || HEAVY_AT_RUN_TIME.test(input))).toEqual([]);
    // Control: the emitters and the Handlebars runtime are in it.
    expect(bundleInputs.some((input) => input.includes('emit-bash/dist/'))).toBe(true);
    expect(bundleInputs.some((input) => /handlebars\/dist\/cjs\/handlebars\.runtime\.js/.test(input))).toBe(true);
  });

  it('every package the bundle requires at run time is a dependency of the ddb-migrations package', () => {
    // esbuild renames a local `require` (core's createRequire) to require2 and keeps import() of externals.
    const required = new Set([...bundle.matchAll(/\b(?:require\d*|import)\("([^"]+)"\)/g)].map((match) => match[1]!));
    const packages = [...required].filter((name) => !name.startsWith('node:') && !builtinModules.includes(name) && !name.startsWith('.'));
    expect(packages.sort()).toEqual(['@aws-sdk/client-dynamodb', 'dynalite', 'fastest-levenshtein', 'yaml']);
    for (const name of packages) expect(packageJson.dependencies, name).toHaveProperty([name]);
  });
});
