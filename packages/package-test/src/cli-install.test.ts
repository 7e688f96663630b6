/**
 * The CLI tarball alone, installed into a fresh app with npm, pnpm and yarn (everything else from the
 * registry), runs the main job from node_modules/.bin; with npm, beside the real Shopify session
 * adapter, which stores and loads a session through `ddb-migrate local`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTool, quietDdbMigrateCache } from '@ddb-migrations/test-support';
import { NPM_INSTALL, PNPM_INSTALL, YARN_INSTALL, freshApp, mustRun, run, userEnvironment } from './fresh-app.js';

const tarballs = inject('tarballs');
const cliTarball = tarballs['ddb-migrations']!;
const { version } = JSON.parse(readFileSync(new URL('../../../apps/cli/package.json', import.meta.url), 'utf8')) as { version: string };

/** The Shopify packages at the ranges this repository's own adapter tests use (test-support's). */
const testSupport = JSON.parse(readFileSync(new URL('../../test-support/package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const SHOPIFY_PACKAGES = Object.fromEntries(Object.entries(testSupport.dependencies).filter(([name]) => name.startsWith('@shopify/')));

/** Yarn is optional on a developer's machine (a loud SKIPPED) and required under CI=true (install-test-tools.sh). */
const yarn = findTool('yarn');
const managers = yarn ? (['npm', 'pnpm', 'yarn'] as const) : (['npm', 'pnpm'] as const);
type Manager = 'npm' | 'pnpm' | 'yarn';
const cliOnly = (manager: Manager) => freshApp(`ddb-${manager}-app`, { name: `fresh-${manager}-app`, devDependencies: { 'ddb-migrations': `file:${cliTarball}` } });
const apps: Record<Manager, string> = {
  npm: freshApp('ddb-npm-app', { name: 'fresh-npm-app', devDependencies: { 'ddb-migrations': `file:${cliTarball}` }, dependencies: SHOPIFY_PACKAGES }),
  pnpm: cliOnly('pnpm'),
  yarn: cliOnly('yarn'),
};
const INSTALL = { npm: NPM_INSTALL, pnpm: PNPM_INSTALL, yarn: YARN_INSTALL };

beforeAll(async () => {
  await Promise.all(managers.map((manager) => mustRun(manager === 'yarn' ? yarn! : manager, INSTALL[manager], { cwd: apps[manager] })));
});
afterAll(() => {
  for (const dir of Object.values(apps)) rmSync(dir, { recursive: true, force: true });
});

/** ddb-migrate's once-per-machine Node-version note goes to a scratch cache, not the user's ~/.cache. */
const cliEnvironment = userEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache() });
const ddbMigrate = (manager: Manager, ...args: string[]) => run(join(apps[manager], 'node_modules', '.bin', 'ddb-migrate'), args, { cwd: apps[manager], env: cliEnvironment });

/** Starts `ddb-migrate local --json` from the app's bin and resolves with what it printed. */
async function startLocal(manager: Manager, ...args: string[]): Promise<{ server: ChildProcessWithoutNullStreams; endpoint: string; env: Record<string, string> }> {
  const server = spawn(join(apps[manager], 'node_modules', '.bin', 'ddb-migrate'), ['local', '--port', '0', '--json', ...args], { cwd: apps[manager], env: cliEnvironment });
  const ready = await new Promise<{ endpoint: string; env: Record<string, string> }>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { endpoint: string; env: Record<string, string> });
    });
    server.on('exit', (code) => reject(new Error(`ddb-migrate local exited ${code}`)));
  });
  return { server, ...ready };
}

async function stopLocal(server: ChildProcessWithoutNullStreams): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGINT');
  await new Promise((resolve) => server.on('close', resolve));
}

describe.each(managers)('the CLI tarball installed alone with %s', (manager) => {
  it('brings only its run-time dependencies: no @ddb-migrations package, the JSON Schema at the documented path', () => {
    const modules = join(apps[manager], 'node_modules');
    expect(existsSync(join(modules, '@ddb-migrations'))).toBe(false);
    if (manager === 'pnpm') expect(readdirSync(join(modules, '.pnpm')).filter((entry) => entry.startsWith('@ddb-migrations'))).toEqual([]);
    expect((JSON.parse(readFileSync(join(modules, 'ddb-migrations', 'schema.json'), 'utf8')) as { title: string }).title).toBe('ddb-migrations.yaml');
  });

  it('runs the main job from node_modules/.bin: --version, init, generate, generate --check, plan/apply/verify --local', async () => {
    expect(await ddbMigrate(manager, '--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
    // The README's form: `npx ddb-migrations` runs the installed package's one bin (--no: never fetch it;
    // `--` because npx answers a bare --version itself).
    if (manager === 'npm') expect(await run('npx', ['--no', '--', 'ddb-migrations', '--version'], { cwd: apps.npm, env: cliEnvironment })).toMatchObject({ code: 0, stdout: `${version}\n` });

    const init = await ddbMigrate(manager, 'init', '--json');
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({ file: 'ddb-migrations.yaml', jsonSchema: './node_modules/ddb-migrations/schema.json', jsonSchemaInstalled: true });
    expect((await ddbMigrate(manager, 'init')).code).toBe(1);

    const generate = await ddbMigrate(manager, 'generate');
    expect(generate.code, generate.stderr).toBe(0);
    expect(generate.stdout).toContain('7 written, 0 unchanged (from ddb-migrations.yaml)');
    expect(await ddbMigrate(manager, 'generate', '--check')).toMatchObject({ code: 0 });

    // npm and yarn: no server, the engine runs in-process on .ddb-local/. pnpm: a running `local --in-memory`.
    const local = manager === 'pnpm' ? await startLocal(manager, '--in-memory') : undefined;
    try {
      const uses = local ? `using the running \`ddb-migrate local\` (dynalite) at ${local.endpoint}, data in memory` : 'using the embedded engine (dynalite) in this process';
      const plan = await ddbMigrate(manager, 'plan', '--local');
      expect(plan.code, plan.stderr).toBe(2);
      expect(plan.stdout).toContain('shopify_sessions: 1 step');
      expect(plan.stderr).toContain(uses);
      const apply = await ddbMigrate(manager, 'apply', '--local');
      expect(apply.code, apply.stderr).toBe(0);
      const verify = await ddbMigrate(manager, 'verify', '--local');
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toContain('shopify_sessions: in sync');
    } finally {
      if (local) await stopLocal(local.server);
    }
  });
});

describe('beside the Shopify session adapter (npm app)', () => {
  it('the adapter stores, finds and loads a session in the table apply made, through `ddb-migrate local`', async () => {
    // The table from the main-job test lives in .ddb-local/; make sure of it whatever ran first.
    expect((await ddbMigrate('npm', 'apply', '--local')).code).toBe(0);
    const local = await startLocal('npm');
    try {
      writeFileSync(
        join(apps.npm, 'sessions.mjs'),
        `import { Session } from '@shopify/shopify-api';
import { DynamoDBSessionStorage } from '@shopify/shopify-app-session-storage-dynamodb';
const storage = new DynamoDBSessionStorage(); // shopify_sessions / shop_index; the AWS SDK reads the variables local printed
const session = new Session({ id: 'offline_fresh.myshopify.com', shop: 'fresh.myshopify.com', state: 'nonce', isOnline: false, scope: 'read_products', accessToken: 'shpat_fresh' });
if (!(await storage.storeSession(session))) throw new Error('storeSession returned false');
const loaded = await storage.loadSession(session.id);
const found = await storage.findSessionsByShop(session.shop);
console.log(JSON.stringify({ loaded: loaded?.toObject(), found: found.map((item) => item.id) }));
`,
      );
      const result = await run('node', ['sessions.mjs'], { cwd: apps.npm, env: userEnvironment(local.env) });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        loaded: expect.objectContaining({ id: 'offline_fresh.myshopify.com', shop: 'fresh.myshopify.com', accessToken: 'shpat_fresh', isOnline: false }),
        found: ['offline_fresh.myshopify.com'],
      });
    } finally {
      await stopLocal(local.server);
    }
  });
});
