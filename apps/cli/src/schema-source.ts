import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { canonicalSchema, loadSchema, MAX_SCHEMA_BYTES, SchemaError, type Schema } from '@ddb-migrations/core';
import { ExitError, EXIT } from './errors.js';

export const DEFAULT_SCHEMA_FILE = 'ddb-migrations.yaml';

/**
 * `--schema FILE`, else `ddb-migrations.yaml` in the working directory, else the built-in
 * shopify_sessions schema. Errors name the file as the user wrote it (relative to cwd, or absolute).
 */
export async function readSchema(cwd: string, schemaFile?: string): Promise<{ schema: Schema; source: string }> {
  const path = resolve(cwd, schemaFile ?? DEFAULT_SCHEMA_FILE);
  // An absolute path stays as typed (`/dev/zero`, not `../../dev/zero`).
  const display = schemaFile !== undefined && isAbsolute(schemaFile) ? schemaFile : relative(cwd, path) || path;
  let bytes: Buffer;
  try {
    bytes = await readBounded(path, display);
  } catch (error) {
    if (error instanceof SchemaError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && schemaFile === undefined) return { schema: canonicalSchema, source: 'built-in shopify_sessions schema' };
    if (code === 'ENOENT') throw new ExitError(EXIT.error, `${display}: schema file not found`);
    if (code === 'EISDIR') throw new ExitError(EXIT.error, `${display}: is a folder, not a schema file`);
    throw new ExitError(EXIT.error, `${display}: cannot read schema file (${code ?? String(error)})`);
  }
  return { schema: loadSchema(bytes, display), source: display };
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The file's bytes, reading no more than MAX_SCHEMA_BYTES + 1 of them: a regular file is refused by
 * its size before any read, and a FIFO, a device (`/dev/zero`) or a file that grows while read is
 * refused as soon as it passes the limit, so memory stays bounded whatever the path names.
 */
async function readBounded(path: string, display: string): Promise<Buffer> {
  const tooLarge = (what: string) => new SchemaError(`schema file is ${what}; the limit is ${MAX_SCHEMA_BYTES}`, { file: display, line: 1, column: 1 });
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stats.isFile() && stats.size > MAX_SCHEMA_BYTES) throw tooLarge(`${stats.size} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, MAX_SCHEMA_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_SCHEMA_BYTES) throw tooLarge(`more than ${MAX_SCHEMA_BYTES} bytes (reading stopped there)`);
    }
  } finally {
    await handle.close();
  }
}
