import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynalite } from '@ddb-migrations/test-support';

export interface BenchEngine {
  endpoint: string;
  /** How long every new table stays CREATING: the same for every contender. */
  createTableMs: number;
  /** Throws unless the table and all its indexes are ACTIVE: a contender's "done" is checked, not trusted. */
  assertActive(table: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * dynalite in this process, in memory, on 127.0.0.1 and a port the OS picks: nothing leaves the
 * machine. The bench process is idle while a contender runs, so the engine answers promptly.
 */
export async function startBenchEngine(createTableMs: number): Promise<BenchEngine> {
  const engine = await startDynalite({ createTableMs, updateTableMs: createTableMs });
  const { endpoint } = engine;
  // The SDK warns on Node 20 that later releases need Node 22: noise in the bench's log, not a finding.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  return {
    endpoint,
    createTableMs,
    async assertActive(table) {
      const description = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
      const statuses = [description.TableStatus, ...(description.GlobalSecondaryIndexes ?? []).map((index) => index.IndexStatus)];
      if (statuses.some((status) => status !== 'ACTIVE')) throw new Error(`table ${table} is not ACTIVE: ${statuses.join(', ')}`);
    },
    close: () => {
      client.destroy();
      return engine.close();
    },
  };
}
