import { readdir } from 'node:fs/promises';
import { resolve, relative } from 'node:path';
import type { CloudFormationFormat } from '@ddb-migrations/core';
import { EXIT } from '../errors.js';
import { emitAll } from '../emitters.js';
import { readSchema } from '../schema-source.js';
import { compareWithDisk, writeFilesAtomically, type FileStatus } from '../write-files.js';
import type { CommandResult } from '../output.js';
import { shellWord } from '../shell-word.js';

export const DEFAULT_OUT_DIR = 'dynamodb-migrations';

export interface GenerateOptions {
  cwd: string;
  schema?: string;
  out?: string;
  check?: boolean;
  /** `--cloudformation-format`: JSON by default; YAML writes cloudformation-template.yaml instead. */
  cloudFormationFormat?: CloudFormationFormat;
  /** Also write imports.tf (Terraform import blocks for adopting existing tables). */
  terraformImport?: boolean;
}

export interface GenerateData {
  source: string;
  outDir: string;
  check: boolean;
  files: { path: string; status: FileStatus }[];
  /** Generated files of another layout (the other CloudFormation format, a different split) left in the folder. */
  stale: string[];
  warnings: string[];
}

/** Names generate writes in some layout: templates in either format, numbered or not, and the policies. */
const LAYOUT_DEPENDENT_NAME = /^(cloudformation-template(-\d+)?\.(json|yaml)|iam-policy(-ddb-migrate)?(-\d+)?\.json)$/;

/**
 * Files an earlier run wrote that this layout does not: left alone (generate never deletes), but named,
 * because the README no longer mentions them and deploying one would deploy an old copy.
 */
async function staleFilesIn(outDir: string, current: Set<string>): Promise<string[]> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  return names.filter((name) => LAYOUT_DEPENDENT_NAME.test(name) && !current.has(name)).sort();
}

/**
 * Renders every artifact in memory first, so a bad schema or an emitter failure writes nothing;
 * then writes atomically, or with `check` only compares and reports.
 */
export async function generate(options: GenerateOptions): Promise<CommandResult<GenerateData>> {
  const { schema, source } = await readSchema(options.cwd, options.schema);
  const { files, warnings } = emitAll(schema, { cloudFormationFormat: options.cloudFormationFormat ?? 'json', terraformImport: options.terraformImport ?? false });
  const outDir = resolve(options.cwd, options.out ?? DEFAULT_OUT_DIR);
  const shownDir = relative(options.cwd, outDir) || '.';
  const check = options.check ?? false;

  const statuses = check
    ? new Map(await Promise.all(files.map(async (file) => [file.path, await compareWithDisk(outDir, file)] as const)))
    : await writeFilesAtomically(outDir, files);
  const stale = await staleFilesIn(outDir, new Set(files.map((file) => file.path)));
  const data: GenerateData = {
    source,
    outDir: shownDir,
    check,
    files: files.map((file) => ({ path: file.path, status: statuses.get(file.path)! })),
    stale,
    warnings,
  };

  const changed = data.files.filter((file) => file.status !== 'unchanged');
  const lines = warnings.map((warning) => `warning: ${warning}`);
  if (check) {
    for (const file of changed) lines.push(`${file.status === 'created' ? 'missing' : 'differs'}: ${shownDir}/${file.path}`);
    for (const name of stale) lines.push(`stale: ${shownDir}/${name} is not generated from ${source}; delete it`);
    lines.push(changed.length === 0
      ? `${shownDir}: all ${files.length} files match ${source}`
      : `${shownDir}: ${changed.length} of ${files.length} files differ from ${source}; run ${rerunCommand(options)}`);
    return { data, lines, exitCode: changed.length === 0 && stale.length === 0 ? EXIT.ok : EXIT.differences };
  }
  for (const name of stale) lines.push(`warning: ${shownDir}/${name} is left from an earlier run and no longer generated; delete it`);
  for (const file of changed) lines.push(`${file.status === 'created' ? 'created' : 'updated'} ${shownDir}/${file.path}`);
  lines.push(`${shownDir}: ${changed.length} written, ${files.length - changed.length} unchanged (from ${source})`);
  return { data, lines, exitCode: EXIT.ok };
}

/** The same generate without --check, as a shell command: the options that chose schema, folder and format included. */
function rerunCommand(options: GenerateOptions): string {
  const flags = [
    ...(options.schema === undefined ? [] : ['--schema', shellWord(options.schema)]),
    ...(options.out === undefined ? [] : ['--out', shellWord(options.out)]),
    ...(options.cloudFormationFormat === 'yaml' ? ['--cloudformation-format', 'yaml'] : []),
    ...(options.terraformImport ? ['--terraform-import'] : []),
  ];
  return ['npx ddb-migrations generate', ...flags].join(' ');
}
