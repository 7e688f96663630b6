import { existsSync } from 'node:fs';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { canonicalSchema, toSchemaYaml } from '@ddb-migrations/core';
import { ExitError, EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { DEFAULT_SCHEMA_FILE } from '../schema-source.js';
import { shellWord } from '../shell-word.js';

/** Where the installed CLI package keeps the editor JSON Schema, from an app's folder. */
export const INSTALLED_JSON_SCHEMA = join('node_modules', 'ddb-migrations', 'schema.json');

export interface InitOptions {
  cwd: string;
  /** The file to write (default ddb-migrations.yaml). */
  schema?: string;
}

export interface InitData {
  file: string;
  /** The `$schema` reference written on the yaml-language-server line, relative to the file. */
  jsonSchema: string;
  /** Whether that JSON Schema exists yet (it does once `ddb-migrations` is installed in the app). */
  jsonSchemaInstalled: boolean;
}

/**
 * Writes the built-in schema as an editable file. Never replaces anything: the file is written to a
 * temporary sibling and hard-linked into place, which fails if the name exists, so even two racing
 * runs cannot overwrite each other or leave a half-written file under the real name.
 */
export async function init(options: InitOptions): Promise<CommandResult<InitData>> {
  const path = resolve(options.cwd, options.schema ?? DEFAULT_SCHEMA_FILE);
  const shown = relative(options.cwd, path) || path;
  if (existsSync(path)) throw new ExitError(EXIT.error, `${shown} already exists; init never overwrites it (edit it, or delete it first)`);
  const { jsonSchema, installed, target } = jsonSchemaReference(options.cwd, path);
  const text = toSchemaYaml(canonicalSchema, {
    header: [
      `yaml-language-server: $schema=${jsonSchema}`,
      '',
      'DynamoDB tables kept in code by ddb-migrations. Edit, then run `ddb-migrate generate` and `ddb-migrate plan`.',
      'This is the shopify_sessions table @shopify/shopify-app-session-storage-dynamodb needs; add more tables below.',
    ],
  });

  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ExitError(EXIT.error, `${shown} already exists; init never overwrites it`);
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }

  // generate reads ./ddb-migrations.yaml by itself; any other file must be named, or the hint would
  // lead to the built-in schema instead of the one just written.
  const schemaFlag = path === resolve(options.cwd, DEFAULT_SCHEMA_FILE) ? '' : ` --schema ${shellWord(toPosix(shown))}`;
  const lines = [`created ${shown} (the built-in shopify_sessions table); edit it, then run npx ddb-migrations generate${schemaFlag}`];
  if (!installed) lines.push(`note: ${toPosix(relative(options.cwd, target))} is not there yet; \`npm i -D ddb-migrations\` gives your editor the schema checks`);
  return { data: { file: shown, jsonSchema, jsonSchemaInstalled: installed !== undefined }, lines, exitCode: EXIT.ok };
}

/** The `$schema` reference for a schema file at `path`: the installed package's schema.json, relative to the file. */
export function jsonSchemaReference(cwd: string, path: string): { jsonSchema: string; installed: string | undefined; target: string } {
  const installed = findInstalledJsonSchema(dirname(path));
  const target = installed ?? join(cwd, INSTALLED_JSON_SCHEMA);
  const reference = toPosix(relative(dirname(path), target));
  return { jsonSchema: reference.startsWith('.') ? reference : `./${reference}`, installed, target };
}

/** The nearest node_modules/ddb-migrations/schema.json from `dir` up, as Node resolves packages (a monorepo may hoist it). */
function findInstalledJsonSchema(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, INSTALLED_JSON_SCHEMA);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

const toPosix = (path: string) => path.split(sep).join('/');
