import { APPLY_CONCURRENCY, type Plan, type Step, type Target } from '@ddb-migrations/apply';
import { mapWithBoundedConcurrency } from '../bounded-concurrency.js';
import { ExitError, EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { createReporter } from '../progress.js';
import { describeTarget, timeoutMs, withAccount, withTables, type TableCommandOptions } from './shared.js';

export interface AppliedTable {
  table: string;
  steps: Step[];
  /** What the live table has beyond the schema (kept; --prune-indexes removes extra indexes). */
  unmanaged: string[];
  notices: string[];
}

/**
 * Index deletes destroy data structures: a terminal user sees them listed and says yes; without a
 * terminal (CI, --json) only --yes confirms them. Declining changes nothing at all.
 */
async function confirmIndexDeletes(plans: Plan[], options: TableCommandOptions): Promise<void> {
  const deletes = plans.flatMap((plan) => plan.changes.flatMap(({ step }) => (step.type === 'delete_index' ? [`${step.index} (table ${step.table})`] : [])));
  if (deletes.length === 0 || options.yes) return;
  const list = deletes.join(', ');
  if (!options.confirm || options.json) {
    throw new ExitError(EXIT.error, `--prune-indexes would delete ${deletes.length === 1 ? 'index' : 'indexes'} ${list}; there is no terminal to ask, so run again with --yes to confirm`, 'CONFIRMATION_NEEDED');
  }
  options.streams.stderr(`--prune-indexes deletes ${deletes.length === 1 ? 'this index and the data it holds' : 'these indexes and the data they hold'}:\n${deletes.map((item) => `  - ${item}\n`).join('')}`);
  if (!(await options.confirm(`Delete ${deletes.length === 1 ? 'it' : `all ${deletes.length}`}?`))) {
    throw new ExitError(EXIT.error, 'nothing changed: the index deletes were not confirmed', 'NOT_CONFIRMED');
  }
}

/** Brings every selected table to the schema. Progress goes to stderr (JSON lines to stdout with --json). */
export async function apply(options: TableCommandOptions): Promise<CommandResult<{ target: Target; tables: AppliedTable[] }>> {
  const { applyTable, planTable, RefusedChangeError } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client, target: connectionTarget }) => {
    // Refusals come before any write, for every table: table 2's refusal must not follow table 1's changes.
    const plans = await mapWithBoundedConcurrency(tables, APPLY_CONCURRENCY, ({ table, name }) =>
      planTable(client, table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false, signal: options.signal }),
    );
    const target = await withAccount(connectionTarget, plans.map((plan) => plan.arn));
    const json = options.json ?? false;
    // Said before the first write, so a wrong profile or region shows before anything changes.
    if (json) options.streams.stdout(`${JSON.stringify({ type: 'target', ...target })}\n`);
    else options.streams.stderr(`${describeTarget(target, options.local ?? false)}\n`);
    const refusals = plans.flatMap((plan) => plan.refusals);
    if (refusals.length > 0) throw new RefusedChangeError(refusals);
    await confirmIndexDeletes(plans, options);
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
    return { data: { target, tables: applied }, lines, exitCode: EXIT.ok };
  });
}
