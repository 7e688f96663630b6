import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { listenOnLoopback } from './loopback.js';

export interface LocalEngine {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * An in-memory dynalite on 127.0.0.1 and a free port chosen by the OS. `createTableMs` is how long
 * tables stay CREATING, so tests exercise the wait loop without waiting long.
 */
export async function startDynalite(options: { createTableMs?: number; updateTableMs?: number } = {}): Promise<LocalEngine> {
  const server: Server = dynalite({ createTableMs: options.createTableMs ?? 200, updateTableMs: options.updateTableMs ?? 200, deleteTableMs: 50 });
  return {
    endpoint: await listenOnLoopback(server),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
