import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.js';
import { startLocalEngine } from '@ddb-migrations/apply';
import { DDB_MIGRATE_BIN, findTool, localAwsEnvironment } from '@ddb-migrations/test-support';

const bin = DDB_MIGRATE_BIN;
const execFileAsync = promisify(execFile);

/** Starts `ddb-migrate local` and resolves with the child and everything it printed up to its last line. */
async function serve(cwd: string, args: string[]): Promise<{ server: ChildProcessWithoutNullStreams; output: string }> {
  const server = spawn('node', [bin, 'local', '--port', '0', ...args], { cwd, env: localAwsEnvironment() });
  const output = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      if (args.includes('--json') ? out.includes('\n') : out.includes('uses this server.\n')) resolve(out);
    });
    server.on('exit', (code) => reject(new Error(`local exited ${code}: ${out}`)));
  });
  return { server, output };
}

async function stop(server: ChildProcessWithoutNullStreams): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGINT');
  await new Promise((resolve) => server.on('close', resolve));
}

/** Lists the tables with the AWS SDK in a process whose only AWS configuration is what `setup` gives it. */
const LIST_TABLES = `const { DynamoDBClient, ListTablesCommand } = require(${JSON.stringify(require.resolve('@aws-sdk/client-dynamodb'))});
new DynamoDBClient({}).send(new ListTablesCommand({})).then((out) => console.log(JSON.stringify(out.TableNames)), (error) => { console.error(error.name); process.exit(1); });`;
/**
 * Every AWS CLI a user may have: the one on PATH (here a v1, which reads AWS_DEFAULT_REGION but not
 * AWS_REGION) and Debian's v2. A missing one is a loud SKIPPED (a failure under CI=true).
 */
const awsClis = [...new Set([findTool('aws (AWS CLI)', ['aws']), ...(existsSync('/usr/bin/aws') ? ['/usr/bin/aws'] : [])])].filter((cli) => cli !== undefined);
const noAwsEnvironment = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_') && !['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'].includes(key)) delete env[key];
  return env;
};

describe('ddb-migrate local and --local', () => {
  it('applies and verifies in-process with no server, keeping data in .ddb-local/, and says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const apply = await run(['apply', '--local'], cwd);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain('local: using the embedded engine (dynalite) in this process, data in .ddb-local (no `ddb-migrate local` serves it)\n');
    expect(existsSync(join(cwd, '.ddb-local'))).toBe(true);
    // A new process sees the table: the data outlived the first one.
    const verify = await run(['verify', '--local'], cwd);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('shopify_sessions: in sync');
  });

  it('two --local commands at once on one folder take turns: both succeed, neither crashes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const runs = await Promise.all([run(['apply', '--local'], cwd), run(['apply', '--local'], cwd)]);
    for (const result of runs) expect(result.code, result.stderr).toBe(0);
    expect(runs.map((result) => result.stderr).join('')).not.toMatch(/Database is closed|\n\s+at /);
    const verify = await run(['verify', '--local'], cwd);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('a --local command waits, and says so, while another process holds the data folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    // This test process holds the folder for the first 1.5 s of the command's life.
    const holder = await startLocalEngine({ dbPath: join(cwd, '.ddb-local'), port: 0 });
    const released = new Promise((done) => setTimeout(done, 1500)).then(() => holder.close());
    const apply = await run(['apply', '--local'], cwd);
    await released;
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toMatch(new RegExp(`^waiting for the data folder .*\\.ddb-local: in use by pid ${process.pid}\n`));
  });

  it('serves the engine on disk, prints what an app needs, and --local uses the running server', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const { server, output } = await serve(cwd, ['--json']);
    try {
      const ready = JSON.parse(output.split('\n')[0]!) as { endpoint: string; env: Record<string, string>; engine: string; inMemory: boolean };
      expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready).toMatchObject({ engine: 'dynalite', inMemory: false });
      expect(ready.env).toEqual({ AWS_ENDPOINT_URL_DYNAMODB: ready.endpoint, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
      expect(JSON.parse(readFileSync(join(cwd, '.ddb-local', 'server.json'), 'utf8'))).toMatchObject({ endpoint: ready.endpoint, inMemory: false });
      const apply = await run(['apply', '--local'], cwd);
      expect(apply.code).toBe(0);
      expect(apply.stderr).toContain(`local: using the running \`ddb-migrate local\` (dynalite) at ${ready.endpoint}, data in .ddb-local\n`);
      // The same table through the explicit endpoint: --local talked to the server.
      expect((await run(['verify', '--endpoint-url', ready.endpoint], cwd)).code).toBe(0);
      // A second server on the same folder is refused (it would write the same files).
      const second = await run(['local', '--port', '0', '--in-memory'], cwd);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^ddb-migrate: a local engine \(pid \d+\) already serves \.ddb-local at http:\/\/127\.0\.0\.1:\d+; use it, or stop it first\n$/);
    } finally {
      await stop(server);
    }
    expect(existsSync(join(cwd, '.ddb-local', 'server.json'))).toBe(false);
  });

  it('--in-memory: --local finds it too, and the printed export line and .env lines work when copied as they are', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const { server, output } = await serve(cwd, ['--in-memory']);
    try {
      const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+), data in memory\./.exec(output)![1]!;
      const apply = await run(['apply', '--local'], cwd);
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stderr).toContain(`local: using the running \`ddb-migrate local\` (dynalite) at ${endpoint}, data in memory\n`);
      expect(output).toContain('In another terminal, npx ddb-migrations apply --local (and plan, verify) uses this server.');

      // Copy-paste, as a user would: no AWS variables or files except what `local` printed.
      const exportLine = output.split('\n').find((line) => line.trimStart().startsWith('export '))!.trim();
      const shell = await execFileAsync('bash', ['-c', `${exportLine}\nnode -e "$0"`, LIST_TABLES], { cwd, env: noAwsEnvironment() });
      expect(JSON.parse(shell.stdout)).toEqual(['shopify_sessions']);
      // The generated README's `aws dynamodb describe-table`, with the endpoint passed explicitly (older
      // CLIs ignore AWS_ENDPOINT_URL_DYNAMODB): region and credentials come from the export line alone.
      for (const aws of awsClis) {
        const described = await execFileAsync('bash', ['-c', `${exportLine}\n"$0" dynamodb describe-table --table-name shopify_sessions --endpoint-url "$AWS_ENDPOINT_URL_DYNAMODB" --query Table.TableStatus --output text`, aws], { cwd, env: noAwsEnvironment() });
        expect(described.stdout.trim(), aws).toBe('ACTIVE');
      }
      const envLines = output.split("Or in your app's .env file:\n")[1]!.split('\n\n')[0]!.split('\n').map((line) => line.trim());
      writeFileSync(join(cwd, '.env'), `${envLines.join('\n')}\n`);
      const dotenv = await execFileAsync('node', ['--env-file=.env', '-e', LIST_TABLES], { cwd, env: noAwsEnvironment() });
      expect(JSON.parse(dotenv.stdout)).toEqual(['shopify_sessions']);
    } finally {
      await stop(server);
    }
    // Nothing but the (now removed) record was kept: in memory means no table files.
    expect(existsSync(join(cwd, '.ddb-local', 'server.json'))).toBe(false);
  });
});
