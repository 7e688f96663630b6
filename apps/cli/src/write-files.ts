import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EmittedFile } from '@ddb-migrations/core';

export type FileStatus = 'unchanged' | 'created' | 'updated';

/** What is on disk for a generated file: missing, different, or identical (content and mode). */
export async function compareWithDisk(dir: string, file: EmittedFile): Promise<FileStatus> {
  const path = join(dir, file.path);
  let current: Buffer;
  try {
    current = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'created';
    // A folder in the way is reported by writeFilesAtomically before anything is replaced.
    if (code === 'EISDIR') return 'updated';
    throw error;
  }
  if (!current.equals(Buffer.from(file.contents, 'utf8'))) return 'updated';
  if (file.executable && process.platform !== 'win32' && ((await stat(path)).mode & 0o111) === 0) return 'updated';
  return 'unchanged';
}

/**
 * Writes every changed file to a temporary sibling and flushes it, checks that each target can be
 * replaced, and only then renames them into place. Any failure before the renames leaves every previous
 * file untouched; a run killed during the renames leaves each file either old or new, never half-written.
 * Identical files are not touched.
 */
export async function writeFilesAtomically(dir: string, files: EmittedFile[]): Promise<Map<string, FileStatus>> {
  const statuses = new Map<string, FileStatus>();
  for (const file of files) statuses.set(file.path, await compareWithDisk(dir, file));
  const changed = files.filter((file) => statuses.get(file.path) !== 'unchanged');
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const file of changed) {
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      staged.push({ temporary, target });
      const handle = await open(temporary, 'wx', file.executable ? 0o755 : 0o644);
      try {
        await handle.writeFile(file.contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (file.executable) await chmod(temporary, 0o755);
    }
    for (const { target } of staged) await assertReplaceable(target);
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  const replaced: string[] = [];
  try {
    for (const { temporary, target } of staged) {
      await rename(temporary, target);
      replaced.push(target);
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    const done = replaced.length > 0 ? ` (already replaced: ${replaced.join(', ')})` : '';
    throw new Error(`${(error as Error).message}${done}`);
  }
  return statuses;
}

async function assertReplaceable(target: string): Promise<void> {
  try {
    const stats = await lstat(target);
    if (!stats.isFile()) throw new Error(`cannot write ${target}: it exists and is not a regular file`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
