/**
 * Packs every public workspace package once, with `pnpm pack` (what `pnpm publish` uploads: workspace:
 * ranges replaced by real versions), and hands the tarball paths to the test files.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, mustRun } from './fresh-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name -> absolute path of its packed tarball. */
    tarballs: Record<string, string>;
  }
}

/** Every workspace package that is not private: what a release publishes. */
export function publicPackages(): { name: string; version: string; dir: string }[] {
  return ['apps', 'packages'].flatMap((parent) =>
    readdirSync(join(REPO_ROOT, parent)).flatMap((entry) => {
      const dir = join(REPO_ROOT, parent, entry);
      let manifest: { name: string; version: string; private?: boolean };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof manifest;
      } catch {
        return [];
      }
      return manifest.private ? [] : [{ name: manifest.name, version: manifest.version, dir }];
    }),
  );
}

export default async function setup(project: TestProject): Promise<() => void> {
  const destination = mkdtempSync(join(tmpdir(), 'ddb-tarballs-'));
  const tarballs: Record<string, string> = {};
  await Promise.all(
    publicPackages().map(async ({ name, version, dir }) => {
      await mustRun('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, env: process.env });
      tarballs[name] = join(destination, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
    }),
  );
  project.provide('tarballs', tarballs);
  return () => rmSync(destination, { recursive: true, force: true });
}
