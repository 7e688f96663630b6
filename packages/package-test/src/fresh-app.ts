/** A user's world: processes run as a user would run them, in app folders outside the workspace. */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and never rejects: the test asserts on the exit code and the output. */
export function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolveRun) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? userEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolveRun({ code: -1, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** Throws with the output when a setup step (an install, a pack) fails, so the failure says why. */
export async function mustRun(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.code} in ${options.cwd}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The environment of a developer's terminal: none of the npm_config_* / pnpm variables the test runner
 * inherited from `pnpm test` (they would steer the installs), and no AWS configuration, so nothing can
 * reach real AWS; the AWS-bound commands get the local engine's variables explicitly.
 */
export function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|pnpm_|AWS_|INIT_CWD$|VITEST|NODE_ENV$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

/** A new app folder with this package.json, in the system temp folder (outside the workspace, checked). */
export function freshApp(prefix: string, packageJson: Record<string, unknown>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `${prefix}-`)));
  if (dir.startsWith(`${REPO_ROOT}/`)) throw new Error(`${dir} is inside the workspace; set TMPDIR elsewhere`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module', ...packageJson }, null, 2)}\n`);
  return dir;
}

export const NPM_INSTALL = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
export const PNPM_INSTALL = ['install', '--reporter=append-only', '--config.confirmModulesPurge=false'];
export const YARN_INSTALL = ['install', '--non-interactive', '--no-progress', '--silent'];
