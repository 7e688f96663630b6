import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitError, EXIT } from '../errors.js';
import { recordLocalServer, runningLocalServer, shownPath } from '../local-server.js';
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

/**
 * The variables a Shopify app (and the AWS CLI v2.13+, and the SDKs) read to talk to this engine.
 * AWS_DEFAULT_REGION as well as AWS_REGION: the AWS CLI v1 reads only the former, and without it the
 * generated README's `aws dynamodb ...` commands stop at "You must specify a region".
 */
export function appEnvironment(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}

/**
 * What to copy: one `export` line for a shell (every variable, so the dummy credentials come along
 * and nothing reaches for ~/.aws), the same as `.env` lines, and a `--local` command that finds this
 * server by itself (with --db-path when the folder is not the default).
 */
export function copyableLines(env: Record<string, string>, dbPathFlag: string | undefined): string[] {
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return [
    'In a shell (for your app, the AWS CLI v2.13+ or any AWS SDK):',
    `  export ${pairs.join(' ')}`,
    '',
    "Or in your app's .env file:",
    ...pairs.map((pair) => `  ${pair}`),
    '',
    `In another terminal, npx ddb-migrations apply --local${dbPathFlag === undefined ? '' : ` --db-path ${dbPathFlag}`} (and plan, verify) uses this server.`,
  ];
}

/** Serves the embedded engine until the signal aborts; records itself so `--local` commands use it. */
export async function local(options: LocalOptions): Promise<number> {
  const { startLocalEngine, LOCAL_CREDENTIALS, LOCAL_REGION } = await import('@ddb-migrations/apply');
  const dbPath = resolve(options.cwd, options.dbPath ?? '.ddb-local');
  const shown = shownPath(options.cwd, dbPath);
  const running = runningLocalServer(dbPath);
  if (running) throw new ExitError(EXIT.error, `a local engine (pid ${running.pid}) already serves ${shown} at ${running.endpoint}; use it, or stop it first`);
  // Even in memory the folder holds the server record, which is how `--local` finds this server.
  mkdirSync(dbPath, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  let engine;
  try {
    engine = await startLocalEngine({ host, port, dbPath, inMemory: options.inMemory ?? false, onWait: (message) => options.streams.stderr(`${message}\n`) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ExitError(EXIT.error, `port ${port} on ${host} is in use; choose another with --port`);
    throw error;
  }
  const removeRecord = recordLocalServer(dbPath, engine.endpoint, options.inMemory ?? false);
  try {
    const env = appEnvironment(engine.endpoint, LOCAL_REGION, LOCAL_CREDENTIALS);
    const dbPathFlag = resolve(options.cwd, '.ddb-local') === dbPath ? undefined : options.dbPath;
    if (options.json) {
      options.streams.stdout(`${JSON.stringify({ engine: 'dynalite', endpoint: engine.endpoint, inMemory: options.inMemory ?? false, dataPath: options.inMemory ? null : dbPath, env })}\n`);
    } else {
      options.streams.stdout(
        [
          `DynamoDB-compatible engine (dynalite) listening on ${engine.endpoint}, ${options.inMemory ? 'data in memory' : `data in ${shown}`}. Ctrl+C stops it.`,
          '',
          ...copyableLines(env, dbPathFlag),
          '',
        ].join('\n'),
      );
    }
    options.onReady?.(engine.endpoint);
    await new Promise<void>((resolveStop) => {
      if (options.signal.aborted) resolveStop();
      options.signal.addEventListener('abort', () => resolveStop(), { once: true });
    });
  } finally {
    removeRecord();
    await engine.close();
  }
  return EXIT.ok;
}
