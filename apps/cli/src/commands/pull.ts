import { access } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { loadSchema, SchemaError, toSchemaYaml, type Schema } from '@ddb-migrations/core';
import type { PulledTable, SkippedTable } from '@ddb-migrations/apply';
import { connect, type ConnectionFlags } from '../connection.js';
import { ExitError, EXIT } from '../errors.js';
import type { CommandResult, OutputStreams } from '../output.js';
import { DEFAULT_SCHEMA_FILE } from '../schema-source.js';
import { jsonSchemaReference } from './init.js';
import { writeFilesAtomically } from '../write-files.js';

export interface PullOptions extends ConnectionFlags {
  cwd: string;
  tables?: string[];
  out?: string;
  force?: boolean;
  signal?: AbortSignal;
  streams: OutputStreams;
}

export interface PullData {
  file: string;
  tables: { name: string; notes: string[] }[];
  skipped: SkippedTable[];
}

/** The file's opening comment: what it cannot hold, so nobody reads a missing setting as "off". */
export function pullHeader(jsonSchema: string, tables: PulledTable[], skipped: SkippedTable[]): string[] {
  return [
    `yaml-language-server: $schema=${jsonSchema}`,
    '',
    'Written by `ddb-migrate pull` from the live tables.',
    'DynamoDB does not store non-key attributes or descriptions, so this file has none: add the',
    'attributes your app writes (`attributes:`) and descriptions by hand; `verify` does not compare them.',
    'Script names (`scriptName`, which also names the CloudFormation resource) are the defaults; set yours.',
    ...tables.flatMap(({ table, notes }) => notes.map((note) => `${table.name}: ${note}`)),
    ...skipped.map((table) => `${table.name}: not written; it ${table.reason}`),
  ];
}

/**
 * Reads the live tables (all by default, or each --table) and writes them as a schema file. Refuses
 * to replace an existing file unless `force`; the file is written atomically and only after the
 * text has been read back through the same loader `verify` uses.
 */
export async function pull(options: PullOptions): Promise<CommandResult<PullData>> {
  const target = resolve(options.cwd, options.out ?? DEFAULT_SCHEMA_FILE);
  const display = relative(options.cwd, target) || target;
  if (!options.force && (await exists(target))) {
    throw new ExitError(EXIT.error, `${display} already exists; pass --force to replace it, or --out another file`);
  }
  const { pullTables, describeConnectionError } = await import('@ddb-migrations/apply');
  const connection = await connect(options, options.cwd, options.streams.stderr);
  let result: Awaited<ReturnType<typeof pullTables>>;
  try {
    result = await pullTables(connection.client, { tableNames: options.tables, signal: options.signal });
  } catch (error) {
    throw describeConnectionError(error, connection.endpoint, connection.target.region);
  } finally {
    await connection.close();
  }
  const skippedText = result.skipped.map((table) => `${table.name} ${table.reason}`).join('; ');
  if (result.tables.length === 0) {
    throw new ExitError(EXIT.error, result.skipped.length > 0 ? `no table could be written: ${skippedText}` : 'the endpoint has no tables to pull');
  }
  if (options.tables?.length && result.skipped.length > 0) throw new ExitError(EXIT.error, `cannot pull ${skippedText}`);

  const schema: Schema = { tables: result.tables.map((pulled) => pulled.table) };
  // The same editor schema line `init` writes: the installed CLI package's schema.json, relative to the file.
  const text = toSchemaYaml(schema, { header: pullHeader(jsonSchemaReference(options.cwd, target).jsonSchema, result.tables, result.skipped) });
  try {
    loadSchema(text, display);
  } catch (error) {
    // A live setting our rules refuse (an empty tag value, say): say which, and write nothing.
    if (error instanceof SchemaError) throw new ExitError(EXIT.error, `a live table has a setting the schema cannot hold, nothing written: ${error.message}`);
    throw error;
  }
  await writeFilesAtomically(dirname(target), [{ path: basename(target), contents: text }]);

  const lines = [
    `wrote ${display}: ${schema.tables.map((table) => table.name).join(', ')}`,
    ...result.tables.flatMap(({ table, notes }) => notes.map((note) => `  note: ${table.name}: ${note}`)),
    ...result.skipped.map((table) => `  skipped: ${table.name} ${table.reason}`),
    '  non-key attributes and descriptions are not stored by DynamoDB; add them by hand',
  ];
  return {
    data: { file: display, tables: result.tables.map(({ table, notes }) => ({ name: table.name, notes })), skipped: result.skipped },
    lines,
    exitCode: EXIT.ok,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
