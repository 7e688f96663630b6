/**
 * The two fixtures (the built-in shopify_sessions schema and test-support's rich.yaml), and the
 * artifacts `ddb-migrate generate` writes for them, per engine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { canonicalSchema, loadSchema, type Schema } from '@ddb-migrations/core';
import { DDB_MIGRATE_BIN, fixturePath } from '@ddb-migrations/test-support';
import { removalOf, type RemovableFeature } from './engines.js';

const execFileAsync = promisify(execFile);

export interface Fixture {
  name: string;
  /** Undefined: the CLI's built-in schema (no ddb-migrations.yaml in the working folder). */
  schemaFile?: string;
  /** Tables shaped for the Shopify session adapter (key `id`, GSI `shop_index`). */
  sessionTables: string[];
}

export const FIXTURES: Fixture[] = [
  { name: 'canonical', sessionTables: ['shopify_sessions'] },
  { name: 'rich', schemaFile: fixturePath('rich.yaml'), sessionTables: ['app_sessions'] },
];

/** Runs `ddb-migrate` (the built CLI) and returns its stdout; throws with its output on a non-zero exit. */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [DDB_MIGRATE_BIN, ...args], { cwd: options.cwd, env: options.env ?? process.env });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`ddb-migrate ${args.join(' ')} failed: ${failed.stderr || failed.message}\n${failed.stdout ?? ''}`);
  }
}

export interface PreparedFixture {
  /** Working folder: holds ddb-migrations.yaml (unless built-in) and `artifacts/`. */
  dir: string;
  artifacts: string;
  schema: Schema;
}

/**
 * Writes the fixture's schema without the features the engine lacks, then runs the real
 * `ddb-migrate generate` on it, so every path below uses exactly what a user would commit.
 */
export async function prepareFixture(fixture: Fixture, remove: RemovableFeature[]): Promise<PreparedFixture> {
  const dir = mkdtempSync(join(tmpdir(), `conformance-${fixture.name}-`));
  let schema = canonicalSchema;
  if (fixture.schemaFile) {
    const document = parseDocument(readFileSync(fixture.schemaFile, 'utf8'));
    for (const table of (document.get('tables') as YAMLSeq<YAMLMap>).items) {
      const indexes = (table.get('globalSecondaryIndexes') as YAMLSeq<YAMLMap> | undefined)?.items ?? [];
      for (const feature of remove) {
        const removal = removalOf(feature);
        for (const key of removal.tableKeys ?? [feature]) table.delete(key);
        for (const key of removal.indexKeys ?? []) for (const index of indexes) index.delete(key);
      }
    }
    const text = document.toString();
    writeFileSync(join(dir, 'ddb-migrations.yaml'), text);
    schema = loadSchema(Buffer.from(text), 'ddb-migrations.yaml');
  }
  await runCli(['generate', '--out', 'artifacts'], { cwd: dir });
  return { dir, artifacts: join(dir, 'artifacts'), schema };
}
