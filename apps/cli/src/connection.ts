import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Target } from '@ddb-migrations/apply';
import { describeLocalConnection, runningLocalServer } from './local-server.js';

export interface ConnectionFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  dbPath?: string;
}

export interface Connection {
  client: DynamoDBClient;
  endpoint: string | undefined;
  /** Where the commands write; the account is filled in once a table's ARN is read. */
  target: Target;
  close(): Promise<void>;
}

/**
 * The AWS SDK warns on every process that Node 20 support ends; say it once per machine instead.
 * Must run before the SDK is imported.
 */
function quietNodeVersionWarning(stderr: (text: string) => void): void {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const marker = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ddb-migrations', 'node-version-warned');
  if (existsSync(marker)) return;
  stderr(`note: AWS SDK releases after January 2027 need Node 22; this is Node ${process.versions.node} (said once)\n`);
  try {
    mkdirSync(join(marker, '..'), { recursive: true });
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  } catch {
    // A read-only home only means the note shows again.
  }
}

export async function connect(flags: ConnectionFlags, cwd: string, stderr: (text: string) => void): Promise<Connection> {
  quietNodeVersionWarning(stderr);
  const apply = await import('@ddb-migrations/apply');
  if (!flags.local) {
    const client = apply.createDynamoDbClient({ region: flags.region, profile: flags.profile, endpoint: flags.endpointUrl });
    const endpoint = apply.resolveEndpoint({ endpoint: flags.endpointUrl });
    try {
      const target = await apply.resolveTarget(client, { profile: flags.profile, endpoint });
      return { client, endpoint, target, close: async () => client.destroy() };
    } catch (error) {
      client.destroy();
      throw error;
    }
  }
  const dbPath = resolve(cwd, flags.dbPath ?? '.ddb-local');
  const running = runningLocalServer(dbPath);
  // Two commands on one folder take turns: the second waits for the first to finish with it.
  const engine = running ? undefined : await apply.startLocalEngine({ dbPath, port: 0, onWait: (message) => stderr(`${message}\n`) });
  const endpoint = running?.endpoint ?? engine!.endpoint;
  stderr(`${describeLocalConnection(cwd, dbPath, running, endpoint)}\n`);
  const client = apply.createDynamoDbClient({ endpoint, region: apply.LOCAL_REGION, credentials: { ...apply.LOCAL_CREDENTIALS } });
  return {
    client,
    endpoint,
    target: { endpoint, region: apply.LOCAL_REGION },
    close: async () => {
      client.destroy();
      await engine?.close();
    },
  };
}
