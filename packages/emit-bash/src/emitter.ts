import { assertPortableText, toCreateTableScript, toScriptView, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { createTableSh } from './generated/templates.js';
import { bashQuoting } from './quote.js';

/** Renders one table's script. Exported for tests that render a single table. */
export function toBashScript(table: TableSchema): string {
  return createTableSh(toScriptView(toCreateTableScript(table), bashQuoting));
}

/** One executable script per table: `<scriptName>.sh`. */
export function emitBash(schema: Schema): EmitResult {
  return {
    files: schema.tables.map((table) =>
      assertPortableText({ path: `${table.scriptName}.sh`, contents: toBashScript(table), executable: true }),
    ),
    warnings: [],
  };
}

export const bashEmitter: Emitter = { name: 'bash', emit: emitBash };
