import { readFile } from 'node:fs/promises';
import { resolve, relative } from 'node:path';
import { canonicalSchema, loadSchema, type Schema } from '@ddb-migrations/core';
import { ExitError, EXIT } from './errors.js';

export const DEFAULT_SCHEMA_FILE = 'ddb-migrations.yaml';

/**
 * `--schema FILE`, else `ddb-migrations.yaml` in the working directory, else the built-in
 * shopify_sessions schema. Errors name the file as the user wrote it (relative to cwd).
 */
export async function readSchema(cwd: string, schemaFile?: string): Promise<{ schema: Schema; source: string }> {
  const path = resolve(cwd, schemaFile ?? DEFAULT_SCHEMA_FILE);
  const display = relative(cwd, path) || path;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && schemaFile === undefined) return { schema: canonicalSchema, source: 'built-in shopify_sessions schema' };
    if (code === 'ENOENT') throw new ExitError(EXIT.error, `${display}: schema file not found`);
    if (code === 'EISDIR') throw new ExitError(EXIT.error, `${display}: is a folder, not a schema file`);
    throw new ExitError(EXIT.error, `${display}: cannot read schema file (${code ?? String(error)})`);
  }
  return { schema: loadSchema(bytes, display), source: display };
}
