import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
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
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'created';
    throw error;
  }
  if (!current.equals(Buffer.from(file.contents, 'utf8'))) return 'updated';
  if (file.executable && process.platform !== 'win32' && ((await stat(path)).mode & 0o111) === 0) return 'updated';
  return 'unchanged';
}

/**
 * Writes each file to a temporary sibling, flushes it, then renames it over the target: a reader or a
 * killed run sees the old file or the new one, never half of one. Identical files are not touched.
 */
export async function writeFilesAtomically(dir: string, files: EmittedFile[]): Promise<Map<string, FileStatus>> {
  const statuses = new Map<string, FileStatus>();
  for (const file of files) statuses.set(file.path, await compareWithDisk(dir, file));
  for (const file of files) {
    if (statuses.get(file.path) === 'unchanged') continue;
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx', file.executable ? 0o755 : 0o644);
      try {
        await handle.writeFile(file.contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (file.executable) await chmod(temporary, 0o755);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
  return statuses;
}
