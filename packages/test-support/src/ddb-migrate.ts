/** Where the built `ddb-migrate` (of the ddb-migrations package) is, and a quiet environment to run it in, for every suite that spawns it. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliPackageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'cli');

/**
 * The file the ddb-migrations package's `ddb-migrate` bin names (the bundle), so tests run what users install.
 * Built by `pnpm turbo run build`, which every test task depends on.
 */
export const DDB_MIGRATE_BIN = join(
  cliPackageDir,
  (JSON.parse(readFileSync(join(cliPackageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['ddb-migrate']!,
);

/**
 * An XDG cache folder (in `dir`, or a new temporary one) where ddb-migrate's once-per-machine
 * Node-version note was already shown, so no run prints it or writes its marker.
 */
export function quietDdbMigrateCache(dir?: string): string {
  const cache = dir ?? mkdtempSync(join(tmpdir(), 'ddb-cache-'));
  mkdirSync(join(cache, 'ddb-migrations'), { recursive: true });
  writeFileSync(join(cache, 'ddb-migrations', 'node-version-warned'), '');
  return cache;
}
