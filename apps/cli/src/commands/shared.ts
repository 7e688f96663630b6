import type { Target } from '@ddb-migrations/apply';
import { TABLE_NAME_PATTERN, TABLE_NAME_RULE, type Schema, type TableSchema } from '@ddb-migrations/core';
import { connect, type Connection, type ConnectionFlags } from '../connection.js';
import { ExitError, EXIT } from '../errors.js';
import type { OutputStreams } from '../output.js';
import { readSchema } from '../schema-source.js';

export interface TableCommandOptions extends ConnectionFlags {
  cwd: string;
  schema?: string;
  table?: string;
  json?: boolean;
  timeoutSeconds?: number;
  pruneIndexes?: boolean;
  /** Confirms what --prune-indexes deletes without asking. */
  yes?: boolean;
  /** Asks a yes/no question on the terminal; absent without one. */
  confirm?: (question: string) => Promise<boolean>;
  signal?: AbortSignal;
  streams: OutputStreams;
  tty?: boolean;
  color?: boolean;
}

export interface SelectedTable {
  table: TableSchema;
  /** The live table's name: the schema's, or --table for a one-table schema. */
  name: string;
}

/**
 * `--table NAME` picks that table from the schema; for a one-table schema an unknown NAME means
 * "this schema, under that name", as the scripts' --table-name does.
 */
export function selectTables(schema: Schema, tableFlag: string | undefined): SelectedTable[] {
  if (tableFlag === undefined) return schema.tables.map((table) => ({ table, name: table.name }));
  const match = schema.tables.find((table) => table.name === tableFlag);
  if (match) return [{ table: match, name: match.name }];
  if (schema.tables.length === 1) {
    if (!TABLE_NAME_PATTERN.test(tableFlag)) {
      throw new ExitError(EXIT.error, `invalid --table "${tableFlag}": use ${TABLE_NAME_RULE}`);
    }
    return [{ table: schema.tables[0]!, name: tableFlag }];
  }
  throw new ExitError(EXIT.error, `--table ${tableFlag}: no such table in the schema (${schema.tables.map((table) => table.name).join(', ')})`);
}

/** Loads the schema, connects, runs, and always closes the client and any embedded engine. */
export async function withTables<T>(options: TableCommandOptions, run: (tables: SelectedTable[], connection: Connection) => Promise<T>): Promise<T> {
  const { schema } = await readSchema(options.cwd, options.schema);
  const tables = selectTables(schema, options.table);
  const connection = await connect(options, options.cwd, options.streams.stderr);
  try {
    return await run(tables, connection);
  } catch (error) {
    const { describeConnectionError } = await import('@ddb-migrations/apply');
    throw describeConnectionError(error, connection.endpoint, connection.target.region);
  } finally {
    await connection.close();
  }
}

export const timeoutMs = (options: TableCommandOptions) => (options.timeoutSeconds ?? 600) * 1000;

/** The target with the account of the first table that has an ARN (tables in one call share one account). */
export async function withAccount(target: Target, arns: (string | undefined)[]): Promise<Target> {
  const { accountOf } = await import('@ddb-migrations/apply');
  const account = arns.map(accountOf).find((found) => found !== undefined);
  return account ? { ...target, account } : target;
}

/** "target: ENDPOINT (region R, profile P, account A)": said before plan's steps and before apply's first write. */
export function describeTarget(target: Target, local: boolean): string {
  const details = [
    local ? 'embedded local engine' : undefined,
    `region ${target.region}`,
    target.profile ? `profile ${target.profile}` : undefined,
    `account ${target.account ?? 'unknown until a table exists'}`,
  ].filter(Boolean);
  return `target: ${target.endpoint} (${details.join(', ')})`;
}
