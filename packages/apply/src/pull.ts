/**
 * Live tables -> the schema model, for `ddb-migrate pull`: what `verify` then reports in sync.
 * `toPulledTable` is pure (a described table in, a table schema out); `pullTables` only reads.
 *
 * What DynamoDB cannot tell is left out and said: it stores no non-key attributes and no
 * descriptions. What the endpoint cannot report (TTL or PITR on dynalite, tags on DynamoDB Local) is
 * named in the notes, never filled in with a guess.
 */
import { ListTablesCommand, type AttributeDefinition, type DynamoDBClient, type KeySchemaElement, type TableDescription } from '@aws-sdk/client-dynamodb';
import {
  compareOrdinal,
  defaultScriptName,
  shopifySessionsTable,
  type GlobalSecondaryIndex,
  type KeyAttribute,
  type KeyAttributeType,
  type ServerSideEncryption,
  type StreamViewType,
  type TableClass,
  type TableSchema,
} from '@ddb-migrations/core';
import { ApplyError } from './errors.js';
import { readLiveTable, UNSUPPORTED, type LiveTable } from './live.js';

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

/** Maps one live table to the model, or names what the model cannot hold (local secondary indexes). */
export function toPulledTable(live: LiveTable): PulledTable | SkippedTable {
  const description = live.description;
  const name = description.TableName!;
  const localIndexes = description.LocalSecondaryIndexes ?? [];
  if (localIndexes.length > 0) {
    return { name, reason: `has local secondary indexes (${localIndexes.map((index) => index.IndexName).join(', ')}), which the schema cannot describe` };
  }
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
      const projectionType = index.Projection?.ProjectionType ?? 'ALL';
      const gsi: GlobalSecondaryIndex = {
        name: index.IndexName!,
        partitionKey: indexPartitionKey!,
        projection: projectionType === 'INCLUDE' ? { type: 'INCLUDE', nonKeyAttributes: [...(index.Projection?.NonKeyAttributes ?? [])] } : { type: projectionType },
        contributorInsights: false,
      };
      if (indexSortKey) gsi.sortKey = indexSortKey;
      if (provisioned) {
        gsi.capacity = { readCapacityUnits: index.ProvisionedThroughput?.ReadCapacityUnits ?? 0, writeCapacityUnits: index.ProvisionedThroughput?.WriteCapacityUnits ?? 0 };
      }
      return gsi;
    }),
    localSecondaryIndexes: [],
    attributes: [],
    pointInTimeRecovery: false,
    contributorInsights: false,
    deletionProtection: description.DeletionProtectionEnabled ?? false,
    serverSideEncryption: encryptionOf(description, notes),
    tableClass: (description.TableClassSummary?.TableClass ?? 'STANDARD') as TableClass,
    tags: [],
  };
  if (sortKey) table.sortKey = sortKey;
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
