import { APPLY_CONCURRENCY, type Step } from '@ddb-migrations/apply';
import { mapWithBoundedConcurrency } from '../bounded-concurrency.js';
import { EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { createReporter } from '../progress.js';
import { timeoutMs, withTables, type TableCommandOptions } from './shared.js';

export interface AppliedTable {
  table: string;
  steps: Step[];
  /** What the live table has beyond the schema (kept; --prune-indexes removes extra indexes). */
  unmanaged: string[];
  notices: string[];
}

/** Brings every selected table to the schema. Progress goes to stderr (JSON lines to stdout with --json). */
export async function apply(options: TableCommandOptions): Promise<CommandResult<{ tables: AppliedTable[] }>> {
  const { applyTable, planTable, RefusedChangeError } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client }) => {
    // Refusals come before any write, for every table: table 2's refusal must not follow table 1's changes.
    const plans = await mapWithBoundedConcurrency(tables, APPLY_CONCURRENCY, ({ table, name }) =>
      planTable(client, table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false, signal: options.signal }),
    );
    const refusals = plans.flatMap((plan) => plan.refusals);
    if (refusals.length > 0) throw new RefusedChangeError(refusals);
    const json = options.json ?? false;
    const reporter = createReporter(
      { json, tty: options.tty ?? false, color: options.color ?? false },
      json ? options.streams.stdout : options.streams.stderr,
      process.stderr,
    );
    let applied: AppliedTable[];
    try {
      // Progress lines of tables in flight interleave (each names its table); the summary below keeps schema order.
      applied = await mapWithBoundedConcurrency(tables, APPLY_CONCURRENCY, async ({ table, name }): Promise<AppliedTable> => {
        const result = await applyTable(client, table, {
          tableName: name,
          pruneIndexes: options.pruneIndexes ?? false,
          timeoutMs: timeoutMs(options),
          signal: options.signal,
          onEvent: (event) => reporter.event(event),
        });
        return { table: name, steps: result.executed, unmanaged: result.plan.unmanaged, notices: result.plan.notices };
      });
    } finally {
      reporter.stop();
    }
    const lines = applied.flatMap((table) => [
      table.steps.length === 0 ? `${table.table}: already in sync, nothing changed` : `${table.table}: done, ${table.steps.length} step${table.steps.length === 1 ? '' : 's'} applied`,
      ...table.unmanaged.map((item) => `  ~ ${item}`),
      ...table.notices.map((notice) => `  note: ${notice}`),
    ]);
    return { data: { tables: applied }, lines, exitCode: EXIT.ok };
  });
}
