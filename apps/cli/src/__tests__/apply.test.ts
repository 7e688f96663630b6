import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DDB_MIGRATE_BIN, localAwsEnvironment, quietDdbMigrateCache, startDynalite, type LocalEngine } from '@ddb-migrations/test-support';

const bin = DDB_MIGRATE_BIN;

const cache = quietDdbMigrateCache();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'ddb-cli-')), env: localAwsEnvironment({ XDG_CACHE_HOME: cache }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('plan, apply, verify against an endpoint', () => {
  let engine: LocalEngine;
  let slow: LocalEngine;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 300 });
    slow = await startDynalite({ createTableMs: 8_000 });
  });
  afterAll(async () => {
    await engine?.close();
    await slow?.close();
  });

  it('plan exits 2 with the steps, apply runs exactly them, then plan and verify exit 0', async () => {
    const endpoint = ['--endpoint-url', engine.endpoint, '--table', 'cli_sessions'];
    const plan = await cli(['plan', ...endpoint, '--json']);
    expect(plan.code).toBe(2);
    const planned = JSON.parse(plan.stdout).tables[0].steps;
    expect(planned.map((step: { type: string }) => step.type)).toEqual(['create_table']);

    const applied = await cli(['apply', ...endpoint, '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    const lines = applied.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((event) => event.type === 'step').map((event) => event.step)).toEqual(planned);
    expect(lines.some((event) => event.type === 'wait')).toBe(true);

    const again = await cli(['plan', ...endpoint]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('cli_sessions: in sync, nothing to do');
    const verify = await cli(['verify', ...endpoint]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('cli_sessions: in sync');
    expect(verify.stdout).toContain('note: point-in-time recovery: not supported by this endpoint');
  });

  it('verify exits 2 naming the table when it is missing; a second apply changes nothing', async () => {
    const endpoint = ['--endpoint-url', engine.endpoint, '--table', 'verify_sessions'];
    const missing = await cli(['verify', ...endpoint]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stdout).toContain('- table verify_sessions does not exist');
    expect((await cli(['apply', ...endpoint])).code).toBe(0);
    const second = await cli(['apply', ...endpoint]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('verify_sessions: already in sync, nothing changed');
  });

  it('two concurrent apply processes both exit 0 and leave one table', async () => {
    const endpoint = ['--endpoint-url', engine.endpoint, '--table', 'raced_sessions'];
    const [first, second] = await Promise.all([cli(['apply', ...endpoint]), cli(['apply', ...endpoint])]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    expect((await cli(['verify', ...endpoint])).code).toBe(0);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while waiting exits %i, and a rerun finishes the job', async (signal, expected) => {
    const table = `${signal.toLowerCase()}_sessions`;
    const endpoint = ['--endpoint-url', slow.endpoint, '--table', table];
    let sent = false;
    const interrupted = await cli(['apply', ...endpoint], {
      onStderr: (stderr, child) => {
        if (!sent && stderr.includes(`waiting for ${table}`)) {
          sent = true;
          child.kill(signal);
        }
      },
    });
    expect(sent).toBe(true);
    expect(interrupted.code).toBe(expected);
    expect(interrupted.stderr).toContain('interrupted; run the same command again to finish');
    const rerun = await cli(['apply', ...endpoint, '--timeout', '60']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).not.toContain('create table');
    expect((await cli(['verify', ...endpoint])).code).toBe(0);
  }, 90_000);

  it('gives up after --timeout with one line and exit 1', async () => {
    const result = await cli(['apply', '--endpoint-url', slow.endpoint, '--table', 'slow_sessions', '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ddb-migrate: timed out after 1s waiting for slow_sessions to be ACTIVE \(table CREATING; indexes shop_index CREATING\); run the command again to continue$/m);
  });

  it('reports a refused connection in one line naming the endpoint, exit 1, no stack', async () => {
    const result = await cli(['plan', '--endpoint-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('ddb-migrate: cannot reach http://127.0.0.1:9: connection refused');
  });

  it('refuses a changed key before any call', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-cli-'));
    writeFileSync(join(cwd, 'ddb-migrations.yaml'), 'tables:\n  - name: cli_sessions\n    partitionKey: { name: sessionId, type: S }\n');
    const result = await cli(['apply', '--endpoint-url', engine.endpoint], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has key id \(HASH\) but the schema says sessionId \(HASH\): DynamoDB cannot change a key in place/);
  });
});
