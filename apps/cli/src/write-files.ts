import { chmod, lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EmittedFile } from '@ddb-migrations/core';
import { mapWithBoundedConcurrency } from './bounded-concurrency.js';

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
 * Files compared, staged and checked at once. Each step is a few file-system calls that wait on Node's
 * thread pool; one at a time, 500 tables' 1,004 files spent most of `generate` idle between calls
 * (BENCHMARKS.md, "Scale"). Bounded so a large schema never holds more than this many descriptors open.
 */
const FILE_CONCURRENCY = 16;

/**
 * Writes every changed file to a temporary sibling and flushes it, checks that each target can be
 * replaced, and only then renames them into place. Any failure before the renames leaves every previous
 * file untouched; a run killed during the renames leaves each file either old or new, never half-written.
 * Identical files are not touched.
 */
export async function writeFilesAtomically(dir: string, files: EmittedFile[]): Promise<Map<string, FileStatus>> {
  await removeStaleTemporaries(dir, files);
  const statuses = new Map<string, FileStatus>();
  const compared = await mapWithBoundedConcurrency(files, FILE_CONCURRENCY, (file) => compareWithDisk(dir, file));
  files.forEach((file, index) => statuses.set(file.path, compared[index]!));
  const changed = files.filter((file) => statuses.get(file.path) !== 'unchanged');
  const staged: { temporary: string; target: string }[] = [];
  try {
    // Renames below go in this (file) order: staged in parallel, pushed in the order they start.
    await mapWithBoundedConcurrency(changed, FILE_CONCURRENCY, async (file) => {
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.${randomHex8()}.tmp`;
      staged.push({ temporary, target });
      const handle = await open(temporary, 'wx', file.executable ? 0o755 : 0o644);
      try {
        await handle.writeFile(file.contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (file.executable) await chmod(temporary, 0o755);
    });
    await mapWithBoundedConcurrency(staged, FILE_CONCURRENCY, ({ target }) => assertReplaceable(target));
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

/**
 * Eight hex digits to keep one process's temporaries apart. Not node:crypto: loading it costs every
 * `generate` ~3 ms of start-up (BENCHMARKS.md), and uniqueness needs no secrecy; open(..., 'wx') refuses
 * to reuse a name anyway.
 */
const randomHex8 = () => Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0');

async function assertReplaceable(target: string): Promise<void> {
  try {
    const stats = await lstat(target);
    if (!stats.isFile()) throw new Error(`cannot write ${target}: it exists and is not a regular file`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** `<file>.<pid>.<8 hex>.tmp`, as written above. */
const TEMPORARY = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A run killed before its renames (SIGKILL, power loss) leaves its temporaries behind. Remove those
 * of the files about to be written whose writer is gone; a concurrent run's are left alone.
 */
async function removeStaleTemporaries(dir: string, files: EmittedFile[]): Promise<void> {
  const targets = new Set(files.map((file) => join(dir, file.path)));
  for (const folder of new Set([...targets].map((target) => dirname(target)))) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (match && targets.has(join(folder, match[1]!)) && !isRunning(Number(match[2]))) await rm(join(folder, name), { force: true });
    }
  }
}
