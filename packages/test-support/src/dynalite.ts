import { startLocalEngine, type LocalEngine } from '@ddb-migrations/local-engine';

export type { LocalEngine };

/**
 * The product's embedded engine (the same start-up as `ddb-migrate local`), in memory on 127.0.0.1
 * at a free port chosen by the OS. `createTableMs` is how long tables stay CREATING, so tests
 * exercise the wait loop without waiting long.
 */
export function startDynalite(options: { createTableMs?: number; updateTableMs?: number } = {}): Promise<LocalEngine> {
  return startLocalEngine({
    inMemory: true,
    host: '127.0.0.1',
    port: 0,
    createTableMs: options.createTableMs ?? 200,
    updateTableMs: options.updateTableMs ?? 200,
    deleteTableMs: 50,
  });
}
