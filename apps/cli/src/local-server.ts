/**
 * How `ddb-migrate local` and the `--local` flag find each other. A running `local` (data on disk or
 * in memory) records its pid and endpoint in <data folder>/server.json; `--local` uses that server
 * while its process is alive, and otherwise opens the data folder with an engine in its own process.
 * One record per data folder, so two servers never write the same files and `--local` is never
 * ambiguous.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SERVER_FILE = 'server.json';

export interface LocalServerRecord {
  pid: number;
  endpoint: string;
  /** `local --in-memory`: nothing in the data folder but this record. */
  inMemory: boolean;
}

/** The `ddb-migrate local` recorded in this data folder, if its process is alive. */
export function runningLocalServer(dbPath: string): LocalServerRecord | undefined {
  let record: Partial<LocalServerRecord>;
  try {
    record = JSON.parse(readFileSync(join(dbPath, SERVER_FILE), 'utf8')) as Partial<LocalServerRecord>;
  } catch {
    return undefined;
  }
  if (typeof record.pid !== 'number' || typeof record.endpoint !== 'string') return undefined;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's process. Anything else: gone, the record is stale.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid: record.pid, endpoint: record.endpoint, inMemory: record.inMemory === true };
}

/** Records this process as the folder's server; the returned function removes the record if it is still ours. */
export function recordLocalServer(dbPath: string, endpoint: string, inMemory: boolean): () => void {
  const file = join(dbPath, SERVER_FILE);
  writeFileSync(file, `${JSON.stringify({ pid: process.pid, endpoint, inMemory } satisfies LocalServerRecord)}\n`);
  return () => {
    if (runningLocalServer(dbPath)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** What a data folder is called in messages: relative to the working directory when inside it. */
export function shownPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown === '' ? '.' : shown.startsWith('..') ? path : shown;
}

/** The line `--local` prints (on stderr) so a user knows which engine got the writes. */
export function describeLocalConnection(cwd: string, dbPath: string, server: LocalServerRecord | undefined, endpoint: string): string {
  return server
    ? `local: using the running \`ddb-migrate local\` (dynalite) at ${endpoint}, ${server.inMemory ? 'data in memory' : `data in ${shownPath(cwd, dbPath)}`}`
    : `local: using the embedded engine (dynalite) in this process, data in ${shownPath(cwd, dbPath)} (no \`ddb-migrate local\` serves it)`;
}
