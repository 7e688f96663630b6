import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
    return { client, endpoint: apply.resolveEndpoint({ endpoint: flags.endpointUrl }), close: async () => client.destroy() };
  }
  const dbPath = resolve(cwd, flags.dbPath ?? '.ddb-local');
  const running = runningLocalServer(dbPath);
  const engine = running ? undefined : await apply.startLocalEngine({ dbPath, port: 0 });
  const endpoint = running?.endpoint ?? engine!.endpoint;
  stderr(`${describeLocalConnection(cwd, dbPath, running, endpoint)}\n`);
  const client = apply.createDynamoDbClient({ endpoint, region: apply.LOCAL_REGION, credentials: { ...apply.LOCAL_CREDENTIALS } });
  return {
    client,
    endpoint,
    close: async () => {
      client.destroy();
      await engine?.close();
    },
  };
}
