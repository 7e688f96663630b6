import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SERVER_FILE, runningLocalServer } from '../connection.js';
import { ExitError, EXIT } from '../errors.js';
import type { OutputStreams } from '../output.js';

export interface LocalOptions {
  cwd: string;
  host?: string;
  port?: number;
  dbPath?: string;
  inMemory?: boolean;
  json?: boolean;
  streams: OutputStreams;
  /** Aborted on Ctrl+C (or by a test) to stop serving. */
  signal: AbortSignal;
  /** Called once the engine listens, with its endpoint (tests use it). */
  onReady?: (endpoint: string) => void;
}

/** The variables a Shopify app (and the AWS CLI v2.13+, and the SDKs) read to talk to this engine. */
export function appEnvironment(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  return { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
}

/** Serves the embedded engine until the signal aborts; records itself so `--local` commands use it. */
export async function local(options: LocalOptions): Promise<number> {
  const { startLocalEngine, LOCAL_CREDENTIALS, LOCAL_REGION } = await import('@ddb-migrations/apply');
  const dbPath = resolve(options.cwd, options.dbPath ?? '.ddb-local');
  if (!options.inMemory) {
    const running = runningLocalServer(dbPath);
    if (running) throw new ExitError(EXIT.error, `a local engine already serves ${relative(options.cwd, dbPath) || dbPath} at ${running}`);
    mkdirSync(dbPath, { recursive: true });
  }
  let engine;
  try {
    engine = await startLocalEngine({ host: options.host ?? '127.0.0.1', port: options.port ?? 8000, dbPath, inMemory: options.inMemory ?? false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ExitError(EXIT.error, `port ${options.port ?? 8000} on ${options.host ?? '127.0.0.1'} is in use; choose another with --port`);
    }
    throw error;
  }
  const serverFile = join(dbPath, SERVER_FILE);
  if (!options.inMemory) writeFileSync(serverFile, `${JSON.stringify({ pid: process.pid, endpoint: engine.endpoint })}\n`);
  const env = appEnvironment(engine.endpoint, LOCAL_REGION, LOCAL_CREDENTIALS);
  if (options.json) {
    options.streams.stdout(`${JSON.stringify({ endpoint: engine.endpoint, dataPath: options.inMemory ? null : dbPath, env })}\n`);
  } else {
    options.streams.stdout(
      [
        `DynamoDB-compatible engine (dynalite) listening on ${engine.endpoint}, ${options.inMemory ? 'data in memory' : `data in ${relative(options.cwd, dbPath) || dbPath}`}`,
        '',
        'Point a Shopify app (or any AWS SDK or CLI) at it with:',
        ...Object.entries(env).map(([name, value]) => `  export ${name}=${value}`),
        '',
        // --local finds this server through server.json, which only an on-disk engine writes.
        `In another terminal: ddb-migrate apply ${options.inMemory || options.dbPath !== undefined && resolve(options.cwd, options.dbPath) !== resolve(options.cwd, '.ddb-local') ? `--endpoint-url ${engine.endpoint}` : '--local'}. Ctrl+C stops it.`,
        '',
      ].join('\n'),
    );
  }
  options.onReady?.(engine.endpoint);
  await new Promise<void>((resolveStop) => {
    if (options.signal.aborted) resolveStop();
    options.signal.addEventListener('abort', () => resolveStop(), { once: true });
  });
  await engine.close();
  if (!options.inMemory) rmSync(serverFile, { force: true });
  return EXIT.ok;
}
