/** A sessions table on a local engine for the pruner's tests, created the way apply creates it. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable, toCreateTableInput } from '@ddb-migrations/core';

export const localClientConfig = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });

export const localClient = (endpoint: string) => new DynamoDBClient(localClientConfig(endpoint));

let counter = 0;

/** Creates the canonical sessions table under a fresh name and waits until it and its index are ACTIVE. */
export async function createSessionsTable(client: DynamoDBClient, prefix = 'sessions'): Promise<string> {
  const name = `${prefix}_${process.pid}_${++counter}`;
  await client.send(new CreateTableCommand(toCreateTableInput(shopifySessionsTable, name)));
  for (;;) {
    const table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
    if (table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return name;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
