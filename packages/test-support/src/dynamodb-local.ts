import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { findTool } from './tools.js';

/** DynamoDB Local 3.x's entry point (2.x and older used com.amazonaws.services.dynamodbv2.local.main.ServerRunner). */
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';
const NATIVE_LIBRARY = 'libsqlite4java-linux-amd64.so';
const READY_DEADLINE_MS = 30_000;
const KILL_GRACE_MS = 3_000;
const MAX_OUTPUT_CHARS = 16_000;

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** PID of the java process. */
  pid: number;
  /** SIGTERM, SIGKILL after 3 s; resolves once the process has exited. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** `-inMemory` (default true); false keeps the database in a temporary folder removed on close. */
  inMemory?: boolean;
  /**
   * `-sharedDb` (default true): one database for every access key and region. Without it DynamoDB
   * Local keeps a separate set of tables per access key + region pair.
   */
  sharedDb?: boolean;
  /** `-delayTransientStatuses`: hold CREATING/DELETING index statuses for a while, like the real service. */
  delayTransientStatuses?: boolean;
}

/** The install folder of scripts/install-dynamodb-local.sh (same default and override). */
export function dynamoDbLocalHome(): string {
  return process.env.DDB_LOCAL_HOME || join(homedir(), '.cache', 'ddb-migrations', 'dynamodb-local');
}

function isInstalled(home: string): boolean {
  return (
    existsSync(join(home, '.installed')) &&
    existsSync(join(home, 'lib', 'DynamoDBLocal.jar')) &&
    existsSync(join(home, 'native', NATIVE_LIBRARY))
  );
}

/**
 * The DynamoDB Local install folder, when it and `java` are present. Missing under CI=true is a
 * failure (.ci/run must run scripts/install-dynamodb-local.sh); elsewhere the caller should skip its
 * tests: a loud warning is printed and undefined returned.
 */
export function findDynamoDbLocal(): string | undefined {
  const home = dynamoDbLocalHome();
  if (!isInstalled(home)) {
    const message = `DynamoDB Local is not installed in ${home} (run scripts/install-dynamodb-local.sh)`;
    if (process.env.CI === 'true') {
      throw new Error(`${message}; CI=true, so this is a failure: .ci/run must run scripts/install-dynamodb-local.sh`);
    }
    console.warn(`\n*** SKIPPED: ${message}. Tests that need DynamoDB Local did not run. ***\n`);
    return undefined;
  }
  if (!findTool('java (Java 17+, for DynamoDB Local)', ['java'])) return undefined;
  return home;
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Children still running (with their cleanup), killed when this process exits normally or by process.exit(). */
const running = new Map<ChildProcess, () => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, cleanup] of running) {
      try {
        child.kill('SIGKILL');
        cleanup();
      } catch {
        // already gone
      }
    }
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (!exited(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, KILL_GRACE_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, 60_000);
    }
  }
  running.delete(child);
}

class EarlyExit extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

async function launch(home: string, options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const port = await freePort();
  const dbPath = options.inMemory === false ? mkdtempSync(join(tmpdir(), 'dynamodb-local-')) : undefined;
  const java = [
    'java',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xshare:auto',
    `-Djava.library.path=${join(home, 'native')}`,
    '-cp',
    join(home, 'lib', '*'),
    MAIN_CLASS,
    '-port',
    String(port),
    '-disableTelemetry',
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
    ...(options.delayTransientStatuses ? ['-delayTransientStatuses'] : []),
  ];
  // setpriv --pdeathsig: the kernel kills java when this process (thread) dies, even by SIGKILL.
  // setpriv execs java, so the PID is java's.
  const usePdeathsig = existsSync('/usr/bin/setpriv');
  const [command, ...args] = usePdeathsig ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--', ...java] : java;
  const child = spawn(command!, args, { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  const cleanup = () => {
    if (dbPath) rmSync(dbPath, { recursive: true, force: true });
  };
  installExitHook();
  running.set(child, cleanup);

  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });

  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(new EarlyExit(`could not run java: ${error.message}`, false)));
      child.once('exit', (code, signal) => {
        reject(
          new EarlyExit(
            `DynamoDB Local exited before answering (code ${code}, signal ${signal}):\n${output}`,
            /BindException|Address already in use/.test(output),
          ),
        );
      });
      const deadline = Date.now() + READY_DEADLINE_MS;
      const poll = async (): Promise<void> => {
        while (!exited(child)) {
          try {
            await client.send(new ListTablesCommand({ Limit: 1 }));
            resolve();
            return;
          } catch (error) {
            if (Date.now() > deadline) {
              reject(new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_DEADLINE_MS / 1000} s (${String(error)}):\n${output}`));
              return;
            }
            await sleep(50);
          }
        }
      };
      void poll();
    });
  } catch (error) {
    await stop(child);
    cleanup();
    throw error;
  } finally {
    client.destroy();
  }
  child.stdout!.off('data', collect);
  child.stderr!.off('data', collect);
  child.stdout!.resume();
  child.stderr!.resume();

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    pid: child.pid!,
    close: () => (closing ??= stop(child).then(cleanup)),
  };
}

/**
 * Starts DynamoDB Local (installed by scripts/install-dynamodb-local.sh) on a free port and resolves
 * once it answers ListTables. Throws when it is not installed: call findDynamoDbLocal() first to
 * skip. DynamoDB Local has no host option: it listens on all interfaces, not only 127.0.0.1.
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const home = dynamoDbLocalHome();
  if (!isInstalled(home)) throw new Error(`DynamoDB Local is not installed in ${home}: run scripts/install-dynamodb-local.sh`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(home, options);
    } catch (error) {
      // Another process took the port between freePort() and java binding it: pick another.
      if (error instanceof EarlyExit && error.portInUse && attempt < 3) continue;
      throw error;
    }
  }
}

/** The installed DynamoDB Local version (from the install marker), or undefined. */
export function dynamoDbLocalVersion(): string | undefined {
  const marker = join(dynamoDbLocalHome(), '.installed');
  return existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
}
