import {
  DescribeContinuousBackupsCommand,
  DescribeContributorInsightsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetResourcePolicyCommand,
  ListTagsOfResourceCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { compareOrdinal, type JsonObject, type Tag } from '@ddb-migrations/core';
import { UnexpectedAnswerError } from './answer-check.js';
import { isNotFound, isUnsupportedOperation } from './errors.js';

/** A setting the endpoint cannot report (dynalite has no continuous backups, for one). */
export const UNSUPPORTED = 'unsupported' as const;
export type Maybe<T> = T | typeof UNSUPPORTED;

/** ENABLING | ENABLED | DISABLING | DISABLED | FAILED, as DescribeContributorInsights reports it. */
export type ContributorInsightsStatus = string;

/** Everything plan and verify compare, read with DescribeTable and the describe calls of the post-create settings. */
export interface LiveTable {
  description: TableDescription;
  timeToLive: Maybe<{ enabled: boolean; attribute?: string; status: string }>;
  pointInTimeRecovery: Maybe<boolean>;
  /** Days of continuous backups kept, when PITR is on and the endpoint reports the period. */
  recoveryPeriodInDays?: number;
  tags: Maybe<Tag[]>;
  /** The table's contributor insights status and each global secondary index's, by index name. */
  contributorInsights: Maybe<{ table: ContributorInsightsStatus; indexes: Record<string, ContributorInsightsStatus> }>;
  /** The resource-based policy, parsed; undefined when the table has none. */
  resourcePolicy: Maybe<JsonObject | undefined>;
}

/** A live on-demand cap: -1 (DynamoDB's "no maximum") and an absent member both read as uncapped. */
export interface LiveOnDemandThroughput {
  maxReadRequestUnits?: number;
  maxWriteRequestUnits?: number;
}

/** What DescribeTable reports for a table or an index: the caps, absent when uncapped. */
export function liveOnDemandThroughput(of: { OnDemandThroughput?: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number } }): LiveOnDemandThroughput {
  const capped = (units: number | undefined) => (units !== undefined && units > 0 ? units : undefined);
  const read = capped(of.OnDemandThroughput?.MaxReadRequestUnits);
  const write = capped(of.OnDemandThroughput?.MaxWriteRequestUnits);
  return { ...(read !== undefined ? { maxReadRequestUnits: read } : {}), ...(write !== undefined ? { maxWriteRequestUnits: write } : {}) };
}

export interface LiveWarmThroughput {
  readUnitsPerSecond?: number;
  writeUnitsPerSecond?: number;
  /** ACTIVE, or UPDATING while DynamoDB raises it. */
  status: string;
}

/**
 * DynamoDB reports warm throughput for every table and index (its defaults when none was asked for),
 * so an answer without it comes from an engine that does not know the setting (dynalite, DynamoDB Local).
 */
export function liveWarmThroughput(of: {
  WarmThroughput?: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number; Status?: string };
}): Maybe<LiveWarmThroughput> {
  const warm = of.WarmThroughput;
  if (!warm) return UNSUPPORTED;
  return {
    ...(warm.ReadUnitsPerSecond !== undefined ? { readUnitsPerSecond: warm.ReadUnitsPerSecond } : {}),
    ...(warm.WriteUnitsPerSecond !== undefined ? { writeUnitsPerSecond: warm.WriteUnitsPerSecond } : {}),
    status: warm.Status ?? 'ACTIVE',
  };
}

/**
 * An operation the endpoint lacks. moto answers one it has not implemented (DescribeContributorInsights)
 * with an HTTP 500 HTML page; DynamoDB's own errors are always JSON, so such a page is not an outage of it.
 */
export function isMissingOperation(error: unknown): boolean {
  if (isUnsupportedOperation(error)) return true;
  return error instanceof UnexpectedAnswerError && error.status === 500 && error.contentType === 'text/html';
}

/** Per client, the operations its endpoint answered as missing: asked once, so a plan's rounds do not repeat the failing (and retried) call. */
const missingOperations = new WeakMap<DynamoDBClient, Set<string>>();

async function orUnsupported<T>(client: DynamoDBClient, operation: string, read: () => Promise<T>): Promise<Maybe<T>> {
  const missing = missingOperations.get(client);
  if (missing?.has(operation)) return UNSUPPORTED;
  try {
    return await read();
  } catch (error) {
    if (!isMissingOperation(error)) throw error;
    if (missing) missing.add(operation);
    else missingOperations.set(client, new Set([operation]));
    return UNSUPPORTED;
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
  const [timeToLive, backups, tags, contributorInsights, resourcePolicy] = await Promise.all([
    orUnsupported(client, 'DescribeTimeToLive', async () => {
      const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }), options)).TimeToLiveDescription;
      const status = ttl?.TimeToLiveStatus ?? 'DISABLED';
      return { enabled: status === 'ENABLED' || status === 'ENABLING', status, ...(ttl?.AttributeName ? { attribute: ttl.AttributeName } : {}) };
    }),
    orUnsupported(client, 'DescribeContinuousBackups', async () => {
      const backups = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }), options);
      return backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    }),
    orUnsupported(client, 'ListTagsOfResource', async () => readAllTags(client, description.TableArn!, signal)),
    orUnsupported(client, 'DescribeContributorInsights', async () => readContributorInsights(client, description, signal)),
    orUnsupported(client, 'GetResourcePolicy', async () => readResourcePolicy(client, description.TableArn!, signal)),
  ]);
  const pointInTimeRecovery = backups === UNSUPPORTED ? UNSUPPORTED : backups?.PointInTimeRecoveryStatus === 'ENABLED';
  const live: LiveTable = { description, timeToLive, pointInTimeRecovery, tags, contributorInsights, resourcePolicy };
  if (backups !== UNSUPPORTED && pointInTimeRecovery && backups?.RecoveryPeriodInDays !== undefined) live.recoveryPeriodInDays = backups.RecoveryPeriodInDays;
  return live;
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

/** One DescribeContributorInsights for the table and one per global secondary index. */
export async function readContributorInsightsStatus(client: DynamoDBClient, table: string, index: string | undefined, signal?: AbortSignal): Promise<ContributorInsightsStatus> {
  try {
    const output = await client.send(new DescribeContributorInsightsCommand({ TableName: table, ...(index ? { IndexName: index } : {}) }), { abortSignal: signal });
    return output.ContributorInsightsStatus ?? 'DISABLED';
  } catch (error) {
    // An index still being created (or a table just created) may not be known to contributor insights yet: it has none.
    if (isNotFound(error)) return 'DISABLED';
    throw error;
  }
}

async function readContributorInsights(client: DynamoDBClient, description: TableDescription, signal?: AbortSignal) {
  const table = description.TableName!;
  const names = (description.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName!);
  const [tableStatus, ...indexStatuses] = await Promise.all([
    readContributorInsightsStatus(client, table, undefined, signal),
    ...names.map((name) => readContributorInsightsStatus(client, table, name, signal)),
  ]);
  return { table: tableStatus!, indexes: Object.fromEntries(names.map((name, i) => [name, indexStatuses[i]!])) };
}

/** The table's policy, parsed; undefined when it has none (PolicyNotFoundException, or ResourceNotFoundException right after a create). */
export async function readResourcePolicy(client: DynamoDBClient, arn: string, signal?: AbortSignal): Promise<JsonObject | undefined> {
  try {
    const output = await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }), { abortSignal: signal });
    return output.Policy ? (JSON.parse(output.Policy) as JsonObject) : undefined;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PolicyNotFoundException' || isNotFound(error)) return undefined;
    throw error;
  }
}
