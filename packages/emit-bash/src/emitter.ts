import { assertPortableText, toCreateTableScript, toResourcePolicyFile, toScriptView, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { createTableSh } from './generated/templates.js';
import { bashQuoting } from './quote.js';

/** Renders one table's script. Exported for tests that render a single table. */
export function toBashScript(table: TableSchema): string {
  return createTableSh(toScriptView(toCreateTableScript(table), bashQuoting));
}

/**
 * One executable script per table: `<scriptName>.sh`, and beside it the resource policy it passes to
 * create-table (`<scriptName>.resource-policy.json`, the same file the PowerShell script reads).
 */
export function emitBash(schema: Schema): EmitResult {
  return {
    files: schema.tables.flatMap((table) => {
      const policy = toResourcePolicyFile(table);
      return [
        assertPortableText({ path: `${table.scriptName}.sh`, contents: toBashScript(table), executable: true }),
        ...(policy ? [assertPortableText(policy)] : []),
      ];
    }),
    warnings: [],
  };
}

export const bashEmitter: Emitter = { name: 'bash', emit: emitBash };
