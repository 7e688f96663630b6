/** Runs the built `ddb-migrate` as a user would: a separate process, its own environment. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DDB_MIGRATE_BIN as cliBin, localAwsEnvironment, quietDdbMigrateCache } from '@ddb-migrations/test-support';

export { cliBin };

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit. */
  seconds: number;
}

const cache = quietDdbMigrateCache();

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Variables to take out of the test environment (e.g. AWS_REGION, to test a missing region). */
  unset?: string[];
  /** Node flags before the CLI, e.g. a --require preload. */
  nodeArgs?: string[];
}

export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = localAwsEnvironment({ XDG_CACHE_HOME: cache, ...options.env });
    for (const name of options.unset ?? []) delete env[name];
    const started = Date.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cliBin, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Every file below `dir` with its mode and SHA-256, to show a folder is byte-identical afterwards. */
export function snapshotFolder(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stats = statSync(path);
      if (stats.isDirectory()) walk(path);
      else snapshot[relative(dir, path)] = `${(stats.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(dir);
  return snapshot;
}

/** A stack frame line as Node prints it. */
export const STACK_FRAME = /^\s+at .+/m;
