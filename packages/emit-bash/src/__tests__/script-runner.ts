/**
 * Runs generated bash scripts for real: written to a folder as `generate` writes them (the resource
 * policy file beside its script), with the chosen AWS CLI first on PATH as `aws`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSchema, type Schema } from '@ddb-migrations/core';
import { localAwsEnvironment } from '@ddb-migrations/test-support';
import { emitBash } from '../index.js';

const run = promisify(execFile);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A folder holding every file emitBash writes for `schema`; returns it and the path of each script by table name. */
export function writeScriptFolder(schema: Schema): { dir: string; scriptOf: (tableName: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'bash-run-'));
  for (const file of emitBash(schema).files) writeFileSync(join(dir, file.path), file.contents, { mode: file.executable ? 0o755 : 0o644 });
  return { dir, scriptOf: (tableName) => join(dir, `${schema.tables.find((table) => table.name === tableName)!.scriptName}.sh`) };
}

/** A schema from YAML text, loaded as a user's ddb-migrations.yaml is. */
export const schemaFrom = (yaml: string): Schema => loadSchema(yaml, 'ddb-migrations.yaml');

/** A folder whose `aws` runs `realAws`, to put first on PATH as a user's shell would find it. */
export function awsOnPath(realAws: string): string {
  const binDir = mkdtempSync(join(tmpdir(), 'aws-bin-'));
  writeFileSync(join(binDir, 'aws'), `#!/bin/sh\nexec "${realAws}" "$@"\n`, { mode: 0o755 });
  return binDir;
}

/** Runs `script` with bash and `aws` from `binDir`, in `cwd` (default: a fresh folder, not the script's). */
export async function runScript(bash: string, binDir: string, script: string, args: string[], cwd = mkdtempSync(join(tmpdir(), 'cwd-'))): Promise<RunResult> {
  try {
    const { stdout, stderr } = await run(bash, [script, ...args], { env: localAwsEnvironment({ PATH: `${binDir}:${process.env.PATH}` }), cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `aws dynamodb describe-table` as JSON. */
export async function describeTable(aws: string, endpoint: string, name: string): Promise<Record<string, any>> {
  const { stdout } = await run(aws, ['dynamodb', 'describe-table', '--table-name', name, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'], {
    env: localAwsEnvironment(),
  });
  return JSON.parse(stdout).Table;
}
