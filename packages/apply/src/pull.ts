/**
 * Live tables -> the schema model, for `ddb-migrate pull`: what `verify` then reports in sync.
 * `toPulledTable` is pure (a described table in, a table schema out); `pullTables` only reads.
 *
 * What DynamoDB cannot tell is left out and said: it stores no non-key attributes and no
 * descriptions. What the endpoint cannot report (TTL or PITR on dynalite, tags on DynamoDB Local,
 * contributor insights and resource policies on both) is named in the notes, never filled in with a guess.
 */
import { ListTablesCommand, type AttributeDefinition, type DynamoDBClient, type KeySchemaElement, type Projection as SdkProjection, type TableDescription } from '@aws-sdk/client-dynamodb';
import {
  compareOrdinal,
  defaultScriptName,
  shopifySessionsTable,
  type GlobalSecondaryIndex,
  type KeyAttribute,
  type KeyAttributeType,
  type OnDemandThroughput,
  type Projection,
  type ServerSideEncryption,
  type StreamViewType,
  type TableClass,
  type TableSchema,
} from '@ddb-migrations/core';
import { ApplyError } from './errors.js';
import { liveOnDemandThroughput, liveWarmThroughput, readLiveTable, UNSUPPORTED, type LiveTable } from './live.js';
import { warmText } from './steps.js';

export interface PulledTable {
  table: TableSchema;
  /** What the file cannot say about this table, one line each: unsupported reads, AWS-owned tags. */
  notes: string[];
}

/** A live table the model cannot describe; pull leaves it out and says why. */
export interface SkippedTable {
  name: string;
  reason: string;
}

export interface PullResult {
  tables: PulledTable[];
  skipped: SkippedTable[];
}

/** Maps one live table to the model, or names what the model cannot hold (nothing DynamoDB reports today). */
export function toPulledTable(live: LiveTable): PulledTable | SkippedTable {
  const description = live.description;
  const name = description.TableName!;
  const notes: string[] = [];
  const keyOf = keyReader(name, description.AttributeDefinitions ?? []);
  const [partitionKey, sortKey] = keyOf(description.KeySchema);
  const provisioned = (description.BillingModeSummary?.BillingMode ?? 'PROVISIONED') === 'PROVISIONED';
  const table: TableSchema = {
    name,
    // Script names are the schema's, not DynamoDB's; the built-in table keeps the seed's create-sessions-table.
    scriptName: name === shopifySessionsTable.name ? shopifySessionsTable.scriptName : defaultScriptName(name),
    partitionKey: partitionKey!,
    billing: provisioned
      ? { mode: 'PROVISIONED', readCapacityUnits: description.ProvisionedThroughput?.ReadCapacityUnits ?? 0, writeCapacityUnits: description.ProvisionedThroughput?.WriteCapacityUnits ?? 0 }
      : { mode: 'PAY_PER_REQUEST' },
    globalSecondaryIndexes: (description.GlobalSecondaryIndexes ?? []).map((index) => {
      const [indexPartitionKey, indexSortKey] = keyOf(index.KeySchema);
      const gsi: GlobalSecondaryIndex = {
        name: index.IndexName!,
        partitionKey: indexPartitionKey!,
        projection: projectionOf(index.Projection),
        contributorInsights: insightsOn(live, index.IndexName!),
      };
      if (indexSortKey) gsi.sortKey = indexSortKey;
      if (provisioned) {
        gsi.capacity = { readCapacityUnits: index.ProvisionedThroughput?.ReadCapacityUnits ?? 0, writeCapacityUnits: index.ProvisionedThroughput?.WriteCapacityUnits ?? 0 };
      } else {
        const caps = capsOf(index);
        if (caps) gsi.onDemandThroughput = caps;
      }
      warmNote(index, `index ${index.IndexName} `, notes);
      return gsi;
    }),
    localSecondaryIndexes: (description.LocalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName!,
      sortKey: keyOf(index.KeySchema)[1]!,
      projection: projectionOf(index.Projection),
    })),
    attributes: [],
    pointInTimeRecovery: false,
    contributorInsights: insightsOn(live),
    deletionProtection: description.DeletionProtectionEnabled ?? false,
    serverSideEncryption: encryptionOf(description, notes),
    tableClass: (description.TableClassSummary?.TableClass ?? 'STANDARD') as TableClass,
    tags: [],
  };
  if (sortKey) table.sortKey = sortKey;
  if (!provisioned) {
    const caps = capsOf(description);
    if (caps) table.onDemandThroughput = caps;
  }
  warmNote(description, '', notes);
  if (description.StreamSpecification?.StreamEnabled && description.StreamSpecification.StreamViewType) {
    table.stream = description.StreamSpecification.StreamViewType as StreamViewType;
  }

  if (live.timeToLive === UNSUPPORTED) {
    notes.push('TTL: this endpoint cannot report it (DescribeTimeToLive unsupported); left out');
  } else if (live.timeToLive.enabled && live.timeToLive.attribute) {
    table.timeToLiveAttribute = live.timeToLive.attribute;
    // The schema requires a TTL attribute to be documented; DynamoDB only expires items whose value is a Number.
    table.attributes.push({ name: live.timeToLive.attribute, type: 'N' });
  }
  if (live.pointInTimeRecovery === UNSUPPORTED) notes.push('point-in-time recovery: this endpoint cannot report it (DescribeContinuousBackups unsupported); left out');
  else table.pointInTimeRecovery = live.pointInTimeRecovery;
  // Absent means DynamoDB's 35 days, so a 35-day table pulls without the key (and old CLIs still read it).
  if (table.pointInTimeRecovery && live.recoveryPeriodInDays !== undefined && live.recoveryPeriodInDays !== 35) table.recoveryPeriodInDays = live.recoveryPeriodInDays;
  if (live.contributorInsights === UNSUPPORTED) notes.push('contributor insights: this endpoint cannot report it (DescribeContributorInsights unsupported); left out');
  if (live.resourcePolicy === UNSUPPORTED) notes.push('resource-based policy: this endpoint cannot report it (GetResourcePolicy unsupported); left out');
  else if (live.resourcePolicy) table.resourcePolicy = live.resourcePolicy;
  if (live.tags === UNSUPPORTED) {
    notes.push('tags: this endpoint cannot report them (ListTagsOfResource unsupported); left out');
  } else {
    const owned = live.tags.filter((tag) => tag.key.startsWith('aws:'));
    if (owned.length > 0) notes.push(`tags: ${owned.map((tag) => tag.key).join(', ')} belong to AWS and are not part of a schema`);
    table.tags = live.tags.filter((tag) => !tag.key.startsWith('aws:')).sort((a, b) => compareOrdinal(a.key, b.key));
  }
  if (description.TableStatus && description.TableStatus !== 'ACTIVE') notes.push(`status: the table was ${description.TableStatus} when read`);
  return { table, notes };
}

function projectionOf(projection: SdkProjection | undefined): Projection {
  const type = projection?.ProjectionType ?? 'ALL';
  return type === 'INCLUDE' ? { type: 'INCLUDE', nonKeyAttributes: [...(projection?.NonKeyAttributes ?? [])] } : { type };
}

/** On while ENABLED or ENABLING; off where the endpoint cannot report it (a note says so). */
function insightsOn(live: LiveTable, index?: string): boolean {
  if (live.contributorInsights === UNSUPPORTED) return false;
  const status = index ? live.contributorInsights.indexes[index] : live.contributorInsights.table;
  return status === 'ENABLED' || status === 'ENABLING';
}

function capsOf(of: Parameters<typeof liveOnDemandThroughput>[0]): OnDemandThroughput | undefined {
  const caps = liveOnDemandThroughput(of);
  return Object.keys(caps).length > 0 ? caps : undefined;
}

/**
 * Warm throughput is not written: DynamoDB raises it on its own as traffic grows, and in a schema it
 * is a paid pre-warmed floor that a new table would get. The note gives the live value to copy.
 */
function warmNote(of: Parameters<typeof liveWarmThroughput>[0], label: string, notes: string[]): void {
  const warm = liveWarmThroughput(of);
  if (warm === UNSUPPORTED) return;
  notes.push(`${label}warm throughput: live ${warmText(warm)}; left out (DynamoDB raises it on its own; add warmThroughput to pre-warm a new table)`);
}

export const isSkipped = (pulled: PulledTable | SkippedTable): pulled is SkippedTable => 'reason' in pulled;

function keyReader(table: string, definitions: AttributeDefinition[]) {
  const types = new Map(definitions.map((definition) => [definition.AttributeName!, definition.AttributeType as KeyAttributeType]));
  const attribute = (element: KeySchemaElement | undefined): KeyAttribute | undefined => {
    if (!element) return undefined;
    const type = types.get(element.AttributeName!);
    if (!type) throw new Error(`table ${table}: key attribute ${element.AttributeName} has no attribute definition in DescribeTable`);
    return { name: element.AttributeName!, type };
  };
  return (keys: KeySchemaElement[] | undefined): [KeyAttribute | undefined, KeyAttribute | undefined] => [
    attribute(keys?.find((key) => key.KeyType === 'HASH')),
    attribute(keys?.find((key) => key.KeyType === 'RANGE')),
  ];
}

function encryptionOf(description: TableDescription, notes: string[]): ServerSideEncryption {
  const sse = description.SSEDescription;
  const kms = (sse?.Status === 'ENABLED' || sse?.Status === 'ENABLING') && sse.SSEType === 'KMS';
  if (!kms) return { type: 'AWS_OWNED' };
  if (!sse.KMSMasterKeyArn) return { type: 'KMS' };
  // DynamoDB reports the key's ARN, never the alias a template may have named it by.
  notes.push(`encryption: KMS key named by the ARN DynamoDB reports (${sse.KMSMasterKeyArn}); an alias you used is not recoverable`);
  return { type: 'KMS', kmsKeyId: sse.KMSMasterKeyArn };
}

/** Every table's name, following ListTables pages. */
export async function listAllTables(client: DynamoDBClient, signal?: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }), { abortSignal: signal });
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  return names.sort(compareOrdinal);
}

/**
 * Reads the named tables (all of them by default) and maps each to the model. A named table that
 * does not exist is an error; makes no write.
 */
export async function pullTables(client: DynamoDBClient, options: { tableNames?: string[]; signal?: AbortSignal } = {}): Promise<PullResult> {
  const names = options.tableNames && options.tableNames.length > 0 ? [...new Set(options.tableNames)] : await listAllTables(client, options.signal);
  const result: PullResult = { tables: [], skipped: [] };
  for (const name of names) {
    const live = await readLiveTable(client, name, options.signal);
    if (!live) throw new ApplyError(`table ${name} does not exist`, 1, 'NOT_FOUND');
    const pulled = toPulledTable(live);
    if (isSkipped(pulled)) result.skipped.push(pulled);
    else result.tables.push(pulled);
  }
  return result;
}
