/**
 * One comparable shape for "the table a path created": what DescribeTable, DescribeTimeToLive,
 * DescribeContinuousBackups and ListTagsOfResource report, without timestamps, ARNs, sizes and
 * counters, with engine defaults made explicit (no BillingModeSummary means PROVISIONED, no
 * TableClassSummary means STANDARD) and unordered lists sorted.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { compareOrdinal, type GlobalSecondaryIndex, type KeyAttribute, type TableSchema } from '@ddb-migrations/core';

/** A field the engine does not implement (it answered UnknownOperationException or similar). */
export const UNSUPPORTED = 'unsupported by this engine';

export interface Capacity {
  read: number;
  write: number;
}

export interface NormalizedIndex {
  name: string;
  keySchema: string[];
  projection: string;
  capacity: Capacity | null;
  status: string;
}

export interface NormalizedTable {
  name: string;
  status: string;
  keySchema: string[];
  attributeDefinitions: string[];
  billingMode: string;
  capacity: Capacity | null;
  globalSecondaryIndexes: NormalizedIndex[];
  stream: string | null;
  encryption: string;
  tableClass: string;
  deletionProtection: boolean;
  timeToLive: string | null | typeof UNSUPPORTED;
  pointInTimeRecovery: boolean | typeof UNSUPPORTED;
  tags: Record<string, string> | typeof UNSUPPORTED;
}

export type NormalizedField = keyof NormalizedTable;

const sorted = (values: string[]) => [...values].sort(compareOrdinal);
const keyList = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  (keys ?? []).map((key) => `${key.AttributeName} ${key.KeyType}`);
const projectionOf = (type: string | undefined, nonKey: string[] | undefined) =>
  type === 'INCLUDE' ? `INCLUDE ${sorted(nonKey ?? []).join(',')}` : String(type);

/** Provisioned capacity, or null for on-demand (engines report 0/0 there). */
function capacityOf(billingMode: string, throughput: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined): Capacity | null {
  if (billingMode !== 'PROVISIONED') return null;
  return { read: throughput?.ReadCapacityUnits ?? 0, write: throughput?.WriteCapacityUnits ?? 0 };
}

/** "KMS alias/x", "KMS" (AWS managed key) or "AWS_OWNED" (no SSEDescription). */
function encryptionOf(table: TableDescription): string {
  const sse = table.SSEDescription;
  if (!sse || sse.Status === 'DISABLED') return 'AWS_OWNED';
  return sse.KMSMasterKeyArn ? `${sse.SSEType} ${sse.KMSMasterKeyArn}` : String(sse.SSEType);
}

/** Runs an optional describe call; an engine that lacks the operation yields UNSUPPORTED. */
async function optional<T>(read: () => Promise<T>): Promise<T | typeof UNSUPPORTED> {
  try {
    return await read();
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const message = (error as { message?: string }).message ?? '';
    if (name === 'UnknownOperationException' || /not (currently )?supported/i.test(message)) return UNSUPPORTED;
    throw error;
  }
}

/**
 * What the normalizer does with each member an engine returns. A member missing here fails the read:
 * a new setting (or a new field of an engine) must be compared, or ignored with the reason written
 * down, never dropped silently.
 */
type FieldRule =
  | 'compared'
  | { ignored: string }
  | { absentOrEmpty: string }
  /** A setting the schema cannot express yet: the engine must report the value every table gets. */
  | { mustBe: unknown; why: string }
  | { fields: KnownFields }
  | { each: KnownFields };
interface KnownFields {
  [member: string]: FieldRule;
}

const compared = 'compared';
const ignored = (why: string) => ({ ignored: why });
const timestamp = ignored('a timestamp');
const counter = ignored('a size or counter of items');
const keyElements = { each: { AttributeName: compared, KeyType: compared } } as const;
const provisionedThroughput = {
  fields: { ReadCapacityUnits: compared, WriteCapacityUnits: compared, NumberOfDecreasesToday: counter, LastIncreaseDateTime: timestamp, LastDecreaseDateTime: timestamp },
} as const;
const notYetModeled = ignored('the schema has no warm throughput yet (issue 14); moto reports its defaults for every table');

const TABLE_FIELDS: KnownFields = {
  TableName: compared,
  TableStatus: compared,
  KeySchema: keyElements,
  AttributeDefinitions: { each: { AttributeName: compared, AttributeType: compared } },
  BillingModeSummary: { fields: { BillingMode: compared, LastUpdateToPayPerRequestDateTime: timestamp } },
  ProvisionedThroughput: provisionedThroughput,
  GlobalSecondaryIndexes: {
    each: {
      IndexName: compared,
      KeySchema: keyElements,
      Projection: { fields: { ProjectionType: compared, NonKeyAttributes: compared } },
      IndexStatus: compared,
      ProvisionedThroughput: provisionedThroughput,
      Backfilling: ignored('transient, while an index is CREATING'),
      IndexArn: ignored('an identity, not a setting'),
      IndexSizeBytes: counter,
      ItemCount: counter,
      WarmThroughput: notYetModeled,
    },
  },
  LocalSecondaryIndexes: { absentOrEmpty: 'the schema cannot declare local secondary indexes yet' },
  StreamSpecification: { fields: { StreamEnabled: compared, StreamViewType: compared } },
  LatestStreamArn: ignored('the identity of the stream StreamSpecification describes'),
  LatestStreamLabel: ignored('the identity of the stream StreamSpecification describes'),
  SSEDescription: { fields: { Status: compared, SSEType: compared, KMSMasterKeyArn: compared, InaccessibleEncryptionDateTime: timestamp } },
  TableClassSummary: { fields: { TableClass: compared, LastUpdateDateTime: timestamp } },
  DeletionProtectionEnabled: compared,
  WarmThroughput: notYetModeled,
  CreationDateTime: timestamp,
  TableArn: ignored('an identity, not a setting'),
  TableId: ignored('an identity, not a setting'),
  TableSizeBytes: counter,
  ItemCount: counter,
};

const TIME_TO_LIVE_FIELDS: KnownFields = { TimeToLiveStatus: compared, AttributeName: compared };
const CONTINUOUS_BACKUPS_FIELDS: KnownFields = {
  ContinuousBackupsStatus: ignored('follows PointInTimeRecoveryStatus (and is ENABLED on every real table)'),
  PointInTimeRecoveryDescription: {
    fields: {
      PointInTimeRecoveryStatus: compared,
      EarliestRestorableDateTime: timestamp,
      LatestRestorableDateTime: timestamp,
      RecoveryPeriodInDays: { mustBe: 35, why: "the schema has no recovery period yet (issue 14), so it must be DynamoDB's default of 35 days" },
    },
  },
};

/** The members of `value` (at `path`) that `known` does not list, and empty-only members that are not empty. */
export function unknownFields(value: unknown, known: KnownFields, path: string): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([member, field]) => {
    const rule = known[member];
    const at = `${path}.${member}`;
    if (field === undefined) return [];
    if (rule === undefined) return [at];
    if (rule === compared || 'ignored' in rule) return [];
    if ('mustBe' in rule) return field === rule.mustBe ? [] : [`${at} = ${JSON.stringify(field)} (${rule.why})`];
    if ('absentOrEmpty' in rule) return Array.isArray(field) && field.length === 0 ? [] : [`${at} (${rule.absentOrEmpty})`];
    if ('fields' in rule) return unknownFields(field, rule.fields, at);
    return Array.isArray(field) ? field.flatMap((item, i) => unknownFields(item, rule.each, `${at}[${i}]`)) : [at];
  });
}

function assertKnownFields(value: unknown, known: KnownFields, path: string): void {
  const unknown = unknownFields(value, known, path);
  if (unknown.length > 0) {
    throw new Error(
      `the engine returned ${unknown.join(', ')}, which normalize.ts does not know: compare it in NormalizedTable, or list it in its known fields as ignored with the reason`,
    );
  }
}

/** Reads and normalizes one live table. */
export async function readNormalizedTable(client: DynamoDBClient, tableName: string): Promise<NormalizedTable> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!table) throw new Error(`DescribeTable ${tableName} returned no table`);
  assertKnownFields(table, TABLE_FIELDS, 'Table');
  const billingMode = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const timeToLive = await optional(async () => {
    const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    assertKnownFields(ttl, TIME_TO_LIVE_FIELDS, 'TimeToLiveDescription');
    return ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING' ? (ttl.AttributeName ?? null) : null;
  });
  const pointInTimeRecovery = await optional(async () => {
    const { ContinuousBackupsDescription: backups } = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }));
    assertKnownFields(backups, CONTINUOUS_BACKUPS_FIELDS, 'ContinuousBackupsDescription');
    return backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED';
  });
  const tags = await optional(async () => {
    const { Tags } = await client.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }));
    return Object.fromEntries((Tags ?? []).map((tag) => [tag.Key!, tag.Value!]).sort(([a], [b]) => compareOrdinal(a!, b!)));
  });
  return {
    name: String(table.TableName),
    status: String(table.TableStatus),
    keySchema: keyList(table.KeySchema),
    attributeDefinitions: sorted((table.AttributeDefinitions ?? []).map((a) => `${a.AttributeName} ${a.AttributeType}`)),
    billingMode,
    capacity: capacityOf(billingMode, table.ProvisionedThroughput),
    globalSecondaryIndexes: (table.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: String(index.IndexName),
        keySchema: keyList(index.KeySchema),
        projection: projectionOf(index.Projection?.ProjectionType, index.Projection?.NonKeyAttributes),
        capacity: capacityOf(billingMode, index.ProvisionedThroughput),
        status: String(index.IndexStatus),
      }))
      .sort((a, b) => compareOrdinal(a.name, b.name)),
    stream: table.StreamSpecification?.StreamEnabled ? String(table.StreamSpecification.StreamViewType) : null,
    encryption: encryptionOf(table),
    tableClass: table.TableClassSummary?.TableClass ?? 'STANDARD',
    deletionProtection: table.DeletionProtectionEnabled ?? false,
    timeToLive,
    pointInTimeRecovery,
    tags,
  };
}

const keyNames = (partition: KeyAttribute, sort: KeyAttribute | undefined) =>
  [`${partition.name} HASH`, ...(sort ? [`${sort.name} RANGE`] : [])];

function expectedIndex(index: GlobalSecondaryIndex, billingMode: string): NormalizedIndex {
  const projection = index.projection.type === 'INCLUDE' ? projectionOf('INCLUDE', index.projection.nonKeyAttributes) : index.projection.type;
  const capacity = index.capacity ? { read: index.capacity.readCapacityUnits, write: index.capacity.writeCapacityUnits } : null;
  return { name: index.name, keySchema: keyNames(index.partitionKey, index.sortKey), projection, capacity: billingMode === 'PROVISIONED' ? capacity : null, status: 'ACTIVE' };
}

/**
 * What a table created from the schema should look like, derived from the model directly (not from
 * toCreateTableInput, so a mapping bug shared by every path still shows up here).
 */
export function expectedTable(table: TableSchema): NormalizedTable {
  const billingMode = table.billing.mode;
  const keys = [table.partitionKey, table.sortKey, ...table.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  const definitions = new Set(keys.filter((key): key is KeyAttribute => key !== undefined).map((key) => `${key.name} ${key.type}`));
  const sse = table.serverSideEncryption;
  return {
    name: table.name,
    status: 'ACTIVE',
    keySchema: keyNames(table.partitionKey, table.sortKey),
    attributeDefinitions: sorted([...definitions]),
    billingMode,
    capacity: table.billing.mode === 'PROVISIONED' ? { read: table.billing.readCapacityUnits, write: table.billing.writeCapacityUnits } : null,
    globalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => expectedIndex(index, billingMode)).sort((a, b) => compareOrdinal(a.name, b.name)),
    stream: table.stream ?? null,
    encryption: sse.type === 'AWS_OWNED' ? 'AWS_OWNED' : sse.kmsKeyId ? `KMS ${sse.kmsKeyId}` : 'KMS',
    tableClass: table.tableClass,
    deletionProtection: table.deletionProtection,
    timeToLive: table.timeToLiveAttribute ?? null,
    pointInTimeRecovery: table.pointInTimeRecovery,
    tags: Object.fromEntries(table.tags.map((tag) => [tag.key, tag.value]).sort(([a], [b]) => compareOrdinal(a!, b!))),
  };
}

/** One field where two normalized tables disagree. */
export interface FieldDifference {
  field: NormalizedField;
  expected: unknown;
  actual: unknown;
}

/** The fields (outside `ignore`) where `actual` differs from `expected`. */
export function differences(expected: NormalizedTable, actual: NormalizedTable, ignore: readonly NormalizedField[] = []): FieldDifference[] {
  return (Object.keys(expected) as NormalizedField[])
    .filter((field) => !ignore.includes(field))
    .filter((field) => JSON.stringify(expected[field]) !== JSON.stringify(actual[field]))
    .map((field) => ({ field, expected: expected[field], actual: actual[field] }));
}
