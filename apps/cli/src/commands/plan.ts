import type { Plan, Step, Target } from '@ddb-migrations/apply';
import { EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { describeTarget, withAccount, withTables, type TableCommandOptions } from './shared.js';

export interface PlannedTable {
  table: string;
  exists: boolean;
  /** Exactly what `apply` runs first, in order; with any refusal, apply runs none of them. */
  steps: Step[];
  refusals: string[];
  unmanaged: string[];
  notices: string[];
}

export function toPlannedTable(plan: Plan): PlannedTable {
  return { table: plan.table, exists: plan.exists, steps: plan.changes.map((change) => change.step), refusals: plan.refusals, unmanaged: plan.unmanaged, notices: plan.notices };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Lines for people: every refusal (marked) and every step of every table, never only the first problem. */
export function describePlannedTables(planned: PlannedTable[], describeStep: (step: Step) => string): string[] {
  const lines: string[] = [];
  for (const table of planned) {
    if (table.refusals.length > 0) {
      const others = table.steps.length > 0 ? ` and ${count(table.steps.length, 'other step')}` : '';
      lines.push(`${table.table}: ${count(table.refusals.length, 'refused change')}${others}; apply changes nothing until the refused ones are resolved`);
    } else if (table.steps.length === 0) lines.push(`${table.table}: in sync, nothing to do`);
    else lines.push(`${table.table}: ${count(table.steps.length, 'step')}`);
    lines.push(
      ...table.refusals.map((refusal) => `  ! refused: ${refusal}`),
      ...table.steps.map((step) => `  + ${describeStep(step)}`),
      ...table.unmanaged.map((item) => `  ~ ${item}`),
      ...table.notices.map((notice) => `  note: ${notice}`),
    );
  }
  return lines;
}

/** Reads every table and prints the steps apply would run. Exit 2 when there are any, 1 on a refusal. */
export async function plan(options: TableCommandOptions): Promise<CommandResult<{ target: Target; tables: PlannedTable[] }>> {
  const { planTable, describeStep } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client, target: connectionTarget }) => {
    const plans: Plan[] = [];
    for (const { table, name } of tables) {
      plans.push(await planTable(client, table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false, signal: options.signal }));
    }
    const target = await withAccount(connectionTarget, plans.map((table) => table.arn));
    if (!options.json) options.streams.stderr(`${describeTarget(target, options.local ?? false)}\n`);
    const planned = plans.map(toPlannedTable);
    const refused = planned.some((table) => table.refusals.length > 0);
    const pending = planned.some((table) => table.steps.length > 0);
    return { data: { target, tables: planned }, lines: describePlannedTables(planned, describeStep), exitCode: refused ? EXIT.error : pending ? EXIT.differences : EXIT.ok };
  });
}
