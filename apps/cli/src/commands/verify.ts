import type { Target, Verification } from '@ddb-migrations/apply';
import { EXIT } from '../errors.js';
import type { CommandResult } from '../output.js';
import { withAccount, withTables, type TableCommandOptions } from './shared.js';

/** Compares each live table with the schema: exit 0 in sync, 2 with every difference named, refusals marked. */
export async function verify(options: TableCommandOptions): Promise<CommandResult<{ target: Target; tables: Verification[] }>> {
  const { verifyTable } = await import('@ddb-migrations/apply');
  return withTables(options, async (tables, { client, target }) => {
    const results: Verification[] = [];
    for (const { table, name } of tables) results.push(await verifyTable(client, table, { tableName: name, signal: options.signal }));
    const lines = results.flatMap((result) => {
      const refused = new Set(result.refused);
      const header =
        result.differences.length === 0
          ? `${result.table}: in sync`
          : `${result.table}: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}${refused.size > 0 ? `, ${refused.size} of them refused by apply` : ''}`;
      return [
        header,
        ...result.differences.map((difference) => (refused.has(difference) ? `  ! refused: ${difference}` : `  - ${difference}`)),
        ...result.notices.map((notice) => `  note: ${notice}`),
      ];
    });
    const drift = results.some((result) => result.differences.length > 0);
    return { data: { target: await withAccount(target, results.map((result) => result.arn)), tables: results }, lines, exitCode: drift ? EXIT.differences : EXIT.ok };
  });
}
