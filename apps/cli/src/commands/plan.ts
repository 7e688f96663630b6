import type { Plan, Step } from '@ddb-migrations/apply';
import { EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { withTables, type TableCommandOptions } from './shared.js';

export interface PlannedTable {
  table: string;
  exists: boolean;
  /** Exactly what `apply` runs first, in order. */
  steps: Step[];
  refusals: string[];
  unmanaged: string[];
  notices: string[];
}

export function toPlannedTable(plan: Plan): PlannedTable {
  return { table: plan.table, exists: plan.exists, steps: plan.changes.map((change) => change.step), refusals: plan.refusals, unmanaged: plan.unmanaged, notices: plan.notices };
}

/** Reads every table and prints the steps apply would run. Exit 2 when there are any, 1 on a refusal. */
export async function plan(options: TableCommandOptions): Promise<CommandResult<{ tables: PlannedTable[] }>> {
  const { planTable, describeStep } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client }) => {
    const planned: PlannedTable[] = [];
    for (const { table, name } of tables) {
      planned.push(toPlannedTable(await planTable(client, table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false, signal: options.signal })));
    }
    const lines: string[] = [];
    for (const table of planned) {
      if (table.refusals.length > 0) lines.push(`${table.table}: refused`, ...table.refusals.map((refusal) => `  ! ${refusal}`));
      else if (table.steps.length === 0) lines.push(`${table.table}: in sync, nothing to do`);
      else lines.push(`${table.table}: ${table.steps.length} step${table.steps.length === 1 ? '' : 's'}`, ...table.steps.map((step) => `  + ${describeStep(step)}`));
      lines.push(...table.unmanaged.map((item) => `  ~ ${item}`), ...table.notices.map((notice) => `  note: ${notice}`));
    }
    const refused = planned.some((table) => table.refusals.length > 0);
    const pending = planned.some((table) => table.steps.length > 0);
    return { data: { tables: planned }, lines, exitCode: refused ? EXIT.error : pending ? EXIT.differences : EXIT.ok };
  });
}
