import { resolve, relative } from 'node:path';
import { EXIT } from '../errors.js';
import { emitAll } from '../emitters.js';
import { readSchema } from '../schema-source.js';
import { compareWithDisk, writeFilesAtomically, type FileStatus } from '../write-files.js';
import type { CommandResult } from '../output.js';

export const DEFAULT_OUT_DIR = 'dynamodb-migrations';

export interface GenerateOptions {
  cwd: string;
  schema?: string;
  out?: string;
  check?: boolean;
  /** Also write imports.tf (Terraform import blocks for adopting existing tables). */
  terraformImport?: boolean;
}

export interface GenerateData {
  source: string;
  outDir: string;
  check: boolean;
  files: { path: string; status: FileStatus }[];
  warnings: string[];
}

/**
 * Renders every artifact in memory first, so a bad schema or an emitter failure writes nothing;
 * then writes atomically, or with `check` only compares and reports.
 */
export async function generate(options: GenerateOptions): Promise<CommandResult<GenerateData>> {
  const { schema, source } = await readSchema(options.cwd, options.schema);
  const { files, warnings } = emitAll(schema, { terraformImport: options.terraformImport ?? false });
  const outDir = resolve(options.cwd, options.out ?? DEFAULT_OUT_DIR);
  const shownDir = relative(options.cwd, outDir) || '.';
  const check = options.check ?? false;

  const statuses = check
    ? new Map(await Promise.all(files.map(async (file) => [file.path, await compareWithDisk(outDir, file)] as const)))
    : await writeFilesAtomically(outDir, files);
  const data: GenerateData = {
    source,
    outDir: shownDir,
    check,
    files: files.map((file) => ({ path: file.path, status: statuses.get(file.path)! })),
    warnings,
  };

  const changed = data.files.filter((file) => file.status !== 'unchanged');
  const lines = warnings.map((warning) => `warning: ${warning}`);
  if (check) {
    for (const file of changed) lines.push(`${file.status === 'created' ? 'missing' : 'differs'}: ${shownDir}/${file.path}`);
    lines.push(changed.length === 0
      ? `${shownDir}: all ${files.length} files match ${source}`
      : `${shownDir}: ${changed.length} of ${files.length} files differ from ${source}; run ddb-migrate generate`);
    return { data, lines, exitCode: changed.length === 0 ? EXIT.ok : EXIT.differences };
  }
  for (const file of changed) lines.push(`${file.status === 'created' ? 'created' : 'updated'} ${shownDir}/${file.path}`);
  lines.push(`${shownDir}: ${changed.length} written, ${files.length - changed.length} unchanged (from ${source})`);
  return { data, lines, exitCode: EXIT.ok };
}
