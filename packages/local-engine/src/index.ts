/**
 * The one start-up of the embedded engine, for `ddb-migrate local`, `--local` and every test that
 * needs a DynamoDB-compatible endpoint. A package of its own so that `apply` (which serves it) and
 * `test-support` (which the apply tests use) can both depend on it without depending on each other.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

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
  const server: Server = dynalite({
    ...(options.inMemory ? {} : { path: options.dbPath ?? '.ddb-local' }),
    createTableMs: options.createTableMs ?? 500,
    updateTableMs: options.updateTableMs ?? 500,
    deleteTableMs: options.deleteTableMs ?? 500,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${shownHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
