import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DDB_MIGRATE_BIN, localAwsEnvironment } from '@ddb-migrations/test-support';

const bin = DDB_MIGRATE_BIN;

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { cwd, env: localAwsEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ddb-migrate local and --local', () => {
  it('applies and verifies in-process with no server, keeping data in .ddb-local/', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    expect((await run(['apply', '--local'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, '.ddb-local'))).toBe(true);
    // A new process sees the table: the data outlived the first one.
    const verify = await run(['verify', '--local'], cwd);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('shopify_sessions: in sync');
  });

  it('serves the engine, prints what an app needs, and --local uses the running server', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const server = spawn('node', [bin, 'local', '--port', '0', '--json'], { cwd, env: localAwsEnvironment() });
    try {
      const ready = await new Promise<{ endpoint: string; env: Record<string, string> }>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
        });
        server.on('exit', (code) => reject(new Error(`local exited ${code}`)));
      });
      expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.env).toEqual({ AWS_ENDPOINT_URL_DYNAMODB: ready.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
      expect(JSON.parse(readFileSync(join(cwd, '.ddb-local', 'server.json'), 'utf8')).endpoint).toBe(ready.endpoint);
      expect((await run(['apply', '--local'], cwd)).code).toBe(0);
      // The same table through the explicit endpoint: --local talked to the server.
      expect((await run(['verify', '--endpoint-url', ready.endpoint], cwd)).code).toBe(0);
    } finally {
      server.kill('SIGINT');
      await new Promise((resolve) => server.on('close', resolve));
    }
    expect(existsSync(join(cwd, '.ddb-local', 'server.json'))).toBe(false);
  });
});
