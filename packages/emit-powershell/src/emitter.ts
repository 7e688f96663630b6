import { assertPortableText, toCreateTableScript, toScriptView, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { createTablePs1 } from './generated/templates.js';
import { powerShellQuoting } from './quote.js';

/** Renders one table's script. Exported for tests that render a single table. */
export function toPowerShellScript(table: TableSchema): string {
  return createTablePs1(toScriptView(toCreateTableScript(table), powerShellQuoting));
}

/** One script per table: `<scriptName>.ps1`. */
export function emitPowerShell(schema: Schema): EmitResult {
  return {
    files: schema.tables.map((table) => assertPortableText({ path: `${table.scriptName}.ps1`, contents: toPowerShellScript(table) })),
    warnings: [],
  };
}

export const powerShellEmitter: Emitter = { name: 'powershell', emit: emitPowerShell };
