import { assertPortableText, toCreateTableScript, toResourcePolicyFile, toScriptView, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { createTablePs1 } from './generated/templates.js';
import { powerShellQuoting } from './quote.js';

/** Renders one table's script. Exported for tests that render a single table. */
export function toPowerShellScript(table: TableSchema): string {
  return createTablePs1(toScriptView(toCreateTableScript(table), powerShellQuoting));
}

/**
 * One script per table: `<scriptName>.ps1`, and beside it the resource policy it passes to
 * create-table (`<scriptName>.resource-policy.json`, the same file the bash script reads).
 */
export function emitPowerShell(schema: Schema): EmitResult {
  return {
    files: schema.tables.flatMap((table) => {
      const policy = toResourcePolicyFile(table);
      return [assertPortableText({ path: `${table.scriptName}.ps1`, contents: toPowerShellScript(table) }), ...(policy ? [assertPortableText(policy)] : [])];
    }),
    warnings: [],
  };
}

export const powerShellEmitter: Emitter = { name: 'powershell', emit: emitPowerShell };
