import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../dist/bin.js', import.meta.url).pathname;
const HEAVY = /@aws-sdk|@smithy|ajv\/dist\/(compile|core)|handlebars\/dist\/cjs\/handlebars\.js|handlebars\/compiler|dynalite/;

/** Runs the CLI with a module-resolution hook and returns every module URL it resolved. */
function resolvedModules(args: string[]): { urls: string[]; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'ddb-startup-'));
  writeFileSync(join(dir, 'hook.mjs'), `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('RESOLVED ' + r.url + '\\n'); return r; }\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});\n`);
  const result = spawnSync('node', ['--import', join(dir, 'register.mjs'), bin, ...args], { cwd: dir, encoding: 'utf8' });
  const urls = result.stderr.split('\n').filter((line) => line.startsWith('RESOLVED ')).map((line) => line.slice('RESOLVED '.length));
  return { urls, status: result.status };
}

describe('start-up stays light', () => {
  it('generate loads no AWS SDK, no schema compiler, no template compiler, no engine', () => {
    const { urls, status } = resolvedModules(['generate']);
    expect(status).toBe(0);
    expect(urls.some((url) => url.includes('@ddb-migrations/emit-bash') || url.includes('emit-bash/dist'))).toBe(true);
    expect(urls.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it('the hook sees the SDK when a command does load it (control)', () => {
    const { urls } = resolvedModules(['plan', '--local']);
    expect(urls.some((url) => url.includes('@aws-sdk/client-dynamodb'))).toBe(true);
  });
});
