import type { Verification } from '@ddb-migrations/apply';
import { EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { withTables, type TableCommandOptions } from './shared.js';

/** Compares each live table with the schema: exit 0 in sync, 2 with every difference named. */
export async function verify(options: TableCommandOptions): Promise<CommandResult<{ tables: Verification[] }>> {
  const { verifyTable } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client }) => {
    const results: Verification[] = [];
    for (const { table, name } of tables) results.push(await verifyTable(client, table, { tableName: name, signal: options.signal }));
    const lines = results.flatMap((result) => [
      result.differences.length === 0 ? `${result.table}: in sync` : `${result.table}: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}`,
      ...result.differences.map((difference) => `  - ${difference}`),
      ...result.notices.map((notice) => `  note: ${notice}`),
    ]);
    const drift = results.some((result) => result.differences.length > 0);
    return { data: { tables: results }, lines, exitCode: drift ? EXIT.differences : EXIT.ok };
  });
}
