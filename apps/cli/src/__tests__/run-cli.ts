import { spawn } from 'node:child_process';
import { DDB_MIGRATE_BIN, localAwsEnvironment } from '@ddb-migrations/test-support';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the shipped CLI file as a user's shell would, with no AWS settings of this machine's. */
export function runCli(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn('node', [DDB_MIGRATE_BIN, ...args], { cwd, env: localAwsEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
