/**
 * One process at a time per data folder. dynalite's store (LevelDB) locks the folder too, but it
 * reports a second opener only later, as "Database is closed" thrown from inside a request; taking
 * our own lock first turns that into a wait, and then into one clear message.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'ddb-migrate.lock';

export class DataFolderBusyError extends Error {
  readonly code = 'DATA_FOLDER_BUSY';
  constructor(
    readonly dbPath: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dbPath} is in use by another process (pid ${pid}); run \`ddb-migrate local\` once to share it, or choose another with --db-path`);
  }
}

interface LockOptions {
  timeoutMs: number;
  onWait?: (message: string) => void;
}

/** Resolves with the release function once this process holds the folder; waits while another live one does. */
export async function lockDataFolder(dbPath: string, { timeoutMs, onWait }: LockOptions): Promise<() => void> {
  const folder = resolve(dbPath);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const holder = tryCreate(file);
    if (holder === undefined) return () => removeIfOurs(file);
    if (!isAlive(holder)) {
      // Left by a process that was killed: nobody holds the folder.
      removeIfHeldBy(file, holder);
      continue;
    }
    if (Date.now() >= deadline) throw new DataFolderBusyError(folder, holder);
    if (!told) onWait?.(`waiting for the data folder ${folder}: in use by pid ${holder}`);
    told = true;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Creates the lock file with our pid; returns the pid of the holder when it exists already. */
function tryCreate(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readHolder(file) ?? 0;
  }
  writeSync(fd, `${process.pid}\n`);
  closeSync(fd);
  return undefined;
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  // 0: the file exists but its pid is not written yet (the holder is between open and write).
  if (pid === 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfHeldBy(file: string, pid: number): void {
  if (readHolder(file) !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Another process removed it first; the next try decides.
  }
}

function removeIfOurs(file: string): void {
  removeIfHeldBy(file, process.pid);
}
