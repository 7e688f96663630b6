import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { compareOrdinal, type Tag } from '@ddb-migrations/core';
import { isNotFound, isUnsupportedOperation } from './errors.js';

/** A setting the endpoint cannot report (dynalite has no continuous backups, for one). */
export const UNSUPPORTED = 'unsupported' as const;
type Maybe<T> = T | typeof UNSUPPORTED;

/** Everything plan and verify compare, read with the four describe calls. */
export interface LiveTable {
  description: TableDescription;
  timeToLive: Maybe<{ enabled: boolean; attribute?: string; status: string }>;
  pointInTimeRecovery: Maybe<boolean>;
  tags: Maybe<Tag[]>;
}

async function orUnsupported<T>(read: () => Promise<T>): Promise<Maybe<T>> {
  try {
    return await read();
  } catch (error) {
    if (isUnsupportedOperation(error)) return UNSUPPORTED;
    throw error;
  }
}

/** Reads a table's whole state, or undefined when it does not exist. Makes no write. */
export async function readLiveTable(client: DynamoDBClient, tableName: string, signal?: AbortSignal): Promise<LiveTable | undefined> {
  const options = { abortSignal: signal };
  let description: TableDescription;
  try {
    description = (await client.send(new DescribeTableCommand({ TableName: tableName }), options)).Table!;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const [timeToLive, pointInTimeRecovery, tags] = await Promise.all([
    orUnsupported(async () => {
      const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }), options)).TimeToLiveDescription;
      const status = ttl?.TimeToLiveStatus ?? 'DISABLED';
      return { enabled: status === 'ENABLED' || status === 'ENABLING', status, ...(ttl?.AttributeName ? { attribute: ttl.AttributeName } : {}) };
    }),
    orUnsupported(async () => {
      const backups = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }), options);
      return backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED';
    }),
    orUnsupported(async () => readAllTags(client, description.TableArn!, signal)),
  ]);
  return { description, timeToLive, pointInTimeRecovery, tags };
}

async function readAllTags(client: DynamoDBClient, arn: string, signal?: AbortSignal): Promise<Tag[]> {
  const tags: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: nextToken }), { abortSignal: signal });
    for (const tag of page.Tags ?? []) tags.push({ key: tag.Key!, value: tag.Value ?? '' });
    nextToken = page.NextToken;
  } while (nextToken);
  return tags.sort((a, b) => compareOrdinal(a.key, b.key));
}
