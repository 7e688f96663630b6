/**
 * The one start-up of the embedded engine, for `ddb-migrate local`, `--local` and every test that
 * needs a DynamoDB-compatible endpoint. A package of its own so that `apply` (which serves it) and
 * `test-support` (which the apply tests use) can both depend on it without depending on each other.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { lockDataFolder } from './data-folder-lock.js';

export interface LocalEngineOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where data is kept between runs; ignored with inMemory. */
  dbPath?: string;
  inMemory?: boolean;
  /** How long a new table stays CREATING; DynamoDB takes seconds, dynalite defaults to 500 ms. */
  createTableMs?: number;
  updateTableMs?: number;
  deleteTableMs?: number;
  /**
   * How long to wait for another process that serves the same dbPath to stop (default 60 s). The
   * store can be opened by one process at a time; a second one would fail mid-request.
   */
  lockTimeoutMs?: number;
  /** Told once when the data folder is in use and the start waits for it. */
  onWait?: (message: string) => void;
}

export interface LocalEngine {
  endpoint: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Credentials the embedded engine accepts; it checks none. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

/** Serves dynalite in this process, persisting to dbPath unless inMemory. */
export async function startLocalEngine(options: LocalEngineOptions = {}): Promise<LocalEngine> {
  const host = options.host ?? '127.0.0.1';
  // Imported here, not at the top: dynalite and its storage layers are ~80 modules that `apply`
  // against a real endpoint never uses, and they cost every such run ~50 ms of start-up.
  const { default: dynalite } = await import('dynalite');
  const unlock = options.inMemory
    ? () => {}
    : await lockDataFolder(options.dbPath ?? '.ddb-local', { timeoutMs: options.lockTimeoutMs ?? 60_000, onWait: options.onWait });
  const server: Server = dynalite({
    ...(options.inMemory ? {} : { path: options.dbPath ?? '.ddb-local' }),
    createTableMs: options.createTableMs ?? 500,
    updateTableMs: options.updateTableMs ?? 500,
    deleteTableMs: options.deleteTableMs ?? 500,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    unlock();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${shownHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          unlock();
          resolve();
        });
      }),
  };
}

export { DataFolderBusyError, LOCK_FILE } from './data-folder-lock.js';
