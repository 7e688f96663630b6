import { bashEmitter } from '@ddb-migrations/emit-bash';
import { cloudFormationEmitter } from '@ddb-migrations/emit-cloudformation';
import { iamPolicyEmitter } from '@ddb-migrations/emit-iam-policy';
import { powerShellEmitter } from '@ddb-migrations/emit-powershell';
import { readmeEmitter } from '@ddb-migrations/emit-readme';
import { emitTerraformImports, terraformEmitter } from '@ddb-migrations/emit-terraform';
import { compareOrdinal, type EmitOptions, type EmittedFile, type Emitter, type Schema } from '@ddb-migrations/core';

/** Every target `generate` writes, in one place. */
export const allEmitters = [readmeEmitter, bashEmitter, powerShellEmitter, cloudFormationEmitter, terraformEmitter, iamPolicyEmitter] as const satisfies readonly Emitter[];

/**
 * All files for a schema, sorted by path. Two emitters claiming one path with different contents is a
 * bug; the same file from both (the resource policy both scripts read) is written once.
 */
export function emitAll(schema: Schema, options: EmitOptions & { terraformImport?: boolean } = {}): { files: EmittedFile[]; warnings: string[] } {
  const files = new Map<string, EmittedFile>();
  const warnings: string[] = [];
  const emitters: Emitter[] = [...allEmitters];
  if (options.terraformImport) emitters.push({ name: 'terraform-import', emit: emitTerraformImports });
  for (const emitter of emitters) {
    const result = emitter.emit(schema, options);
    warnings.push(...result.warnings);
    for (const file of result.files) {
      const claimed = files.get(file.path);
      if (claimed && claimed.contents === file.contents && claimed.executable === file.executable) continue;
      if (claimed) throw new Error(`internal error: two emitters write ${file.path}`);
      files.set(file.path, file);
    }
  }
  return { files: [...files.values()].sort((a, b) => compareOrdinal(a.path, b.path)), warnings };
}
