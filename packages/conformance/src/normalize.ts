/**
 * One comparable shape for "the table a path created": what DescribeTable, DescribeTimeToLive,
 * DescribeContinuousBackups, ListTagsOfResource, DescribeContributorInsights and GetResourcePolicy
 * report, without timestamps, ARNs, sizes and counters, with engine defaults made explicit (no
 * BillingModeSummary means PROVISIONED, no TableClassSummary means STANDARD, no recovery period means
 * 35 days, a cap of -1 means uncapped) and unordered lists sorted.
 */
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
import { compareOrdinal, type GlobalSecondaryIndex, type KeyAttribute, type OnDemandThroughput, type Projection, type TableSchema, type WarmThroughput } from '@ddb-migrations/core';
import { assertKnownFields, CONTINUOUS_BACKUPS_FIELDS, CONTRIBUTOR_INSIGHTS_FIELDS, RESOURCE_POLICY_FIELDS, TABLE_FIELDS, TIME_TO_LIVE_FIELDS } from './known-fields.js';

/** A field the engine does not implement (it answered UnknownOperationException or similar). */
export const UNSUPPORTED = 'unsupported by this engine';

/** DynamoDB's recovery period when none is set. */
export const DEFAULT_RECOVERY_PERIOD_IN_DAYS = 35;

export interface Capacity {
  read: number;
  write: number;
}

/** An on-demand cap; null members are uncapped (absent, or -1 as DynamoDB may report it). */
export interface OnDemandCap {
  maxRead: number | null;
  maxWrite: number | null;
}

/** Warm throughput as given (schema) or reported (engine); a live value at or above the schema's is in sync. */
export interface Warm {
  read: number | null;
  write: number | null;
}

export interface NormalizedIndex {
  name: string;
  keySchema: string[];
  projection: string;
  capacity: Capacity | null;
  onDemandThroughput: OnDemandCap | null;
  warmThroughput: Warm | null;
  status: string;
}

export interface NormalizedLocalIndex {
  name: string;
  keySchema: string[];
  projection: string;
}

/** ContributorInsightsStatus of the table and of each global index (by name); DISABLED when never set. */
export interface ContributorInsights {
  table: string;
  indexes: Record<string, string>;
}

export interface NormalizedTable {
  name: string;
  status: string;
  keySchema: string[];
  attributeDefinitions: string[];
  billingMode: string;
  capacity: Capacity | null;
  onDemandThroughput: OnDemandCap | null;
  warmThroughput: Warm | null;
  globalSecondaryIndexes: NormalizedIndex[];
  localSecondaryIndexes: NormalizedLocalIndex[];
  stream: string | null;
  encryption: string;
  tableClass: string;
  deletionProtection: boolean;
  timeToLive: string | null | typeof UNSUPPORTED;
  pointInTimeRecovery: boolean | typeof UNSUPPORTED;
  /** Null while point-in-time recovery is off. */
  recoveryPeriodInDays: number | null | typeof UNSUPPORTED;
  contributorInsights: ContributorInsights | typeof UNSUPPORTED;
  /** The policy document as canonical JSON (keys sorted), so a re-serialised policy compares equal. */
  resourcePolicy: string | null | typeof UNSUPPORTED;
  tags: Record<string, string> | typeof UNSUPPORTED;
}

export type NormalizedField = keyof NormalizedTable;

/** The fields read by a call of their own, which an engine may lack. */
export type SeparatelyReadField = Extract<NormalizedField, 'timeToLive' | 'pointInTimeRecovery' | 'recoveryPeriodInDays' | 'contributorInsights' | 'resourcePolicy' | 'tags'>;

const sorted = (values: string[]) => [...values].sort(compareOrdinal);
const byName = <T extends { name: string }>(a: T, b: T) => compareOrdinal(a.name, b.name);
const keyList = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  (keys ?? []).map((key) => `${key.AttributeName} ${key.KeyType}`);
const projectionOf = (type: string | undefined, nonKey: string[] | undefined) =>
  type === 'INCLUDE' ? `INCLUDE ${sorted(nonKey ?? []).join(',')}` : String(type);
const modelProjection = (projection: Projection) =>
  projection.type === 'INCLUDE' ? projectionOf('INCLUDE', projection.nonKeyAttributes) : projection.type;

/** Provisioned capacity, or null for on-demand (engines report 0/0 there). */
function capacityOf(billingMode: string, throughput: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined): Capacity | null {
  if (billingMode !== 'PROVISIONED') return null;
  return { read: throughput?.ReadCapacityUnits ?? 0, write: throughput?.WriteCapacityUnits ?? 0 };
}

function onDemandCap(maxRead: number | undefined, maxWrite: number | undefined): OnDemandCap | null {
  const member = (value: number | undefined) => (value === undefined || value === -1 ? null : value);
  const cap = { maxRead: member(maxRead), maxWrite: member(maxWrite) };
  return cap.maxRead === null && cap.maxWrite === null ? null : cap;
}

const liveCap = (cap: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number } | undefined) => onDemandCap(cap?.MaxReadRequestUnits, cap?.MaxWriteRequestUnits);
const modelCap = (cap: OnDemandThroughput | undefined) => onDemandCap(cap?.maxReadRequestUnits, cap?.maxWriteRequestUnits);
const liveWarm = (warm: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number } | undefined): Warm | null =>
  warm ? { read: warm.ReadUnitsPerSecond ?? null, write: warm.WriteUnitsPerSecond ?? null } : null;
const modelWarm = (warm: WarmThroughput | undefined): Warm | null =>
  warm ? { read: warm.readUnitsPerSecond ?? null, write: warm.writeUnitsPerSecond ?? null } : null;

/** "KMS alias/x", "KMS" (AWS managed key) or "AWS_OWNED" (no SSEDescription). */
function encryptionOf(table: TableDescription): string {
  const sse = table.SSEDescription;
  if (!sse || sse.Status === 'DISABLED') return 'AWS_OWNED';
  return sse.KMSMasterKeyArn ? `${sse.SSEType} ${sse.KMSMasterKeyArn}` : String(sse.SSEType);
}

/** JSON with every object's keys sorted, so two serialisations of one document are equal strings. */
export function canonicalJson(value: unknown): string {
  const order = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(order)
      : item !== null && typeof item === 'object'
        ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => compareOrdinal(a, b)).map(([key, member]) => [key, order(member)]))
        : item;
  return JSON.stringify(order(value));
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

export interface ReadOptions {
  /**
   * Fields not to read, reported as UNSUPPORTED: an engine whose answer to the call is not a clean
   * refusal (moto answers DescribeContributorInsights with an HTTP 500 page). engines.ts lists why,
   * and the engine's gap test proves the call still fails.
   */
  skip?: readonly SeparatelyReadField[];
}

/** Reads and normalizes one live table. */
export async function readNormalizedTable(client: DynamoDBClient, tableName: string, options: ReadOptions = {}): Promise<NormalizedTable> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!table) throw new Error(`DescribeTable ${tableName} returned no table`);
  assertKnownFields(table, TABLE_FIELDS, 'Table');
  const skip = new Set(options.skip ?? []);
  const read = <T>(field: SeparatelyReadField, call: () => Promise<T>): Promise<T | typeof UNSUPPORTED> =>
    skip.has(field) ? Promise.resolve<typeof UNSUPPORTED>(UNSUPPORTED) : optional(call);
  const billingMode = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const globalIndexes = table.GlobalSecondaryIndexes ?? [];

  const timeToLive = await read('timeToLive', async () => {
    const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    assertKnownFields(ttl, TIME_TO_LIVE_FIELDS, 'TimeToLiveDescription');
    return ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING' ? (ttl.AttributeName ?? null) : null;
  });
  const backups = await read('pointInTimeRecovery', async () => {
    const { ContinuousBackupsDescription: description } = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }));
    assertKnownFields(description, CONTINUOUS_BACKUPS_FIELDS, 'ContinuousBackupsDescription');
    const pitr = description?.PointInTimeRecoveryDescription;
    const enabled = pitr?.PointInTimeRecoveryStatus === 'ENABLED';
    return { enabled, period: enabled ? (pitr?.RecoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_IN_DAYS) : null };
  });
  const contributorInsights = await read('contributorInsights', async () => {
    const statusOf = async (indexName?: string) => {
      const answer = await client.send(new DescribeContributorInsightsCommand({ TableName: tableName, IndexName: indexName }));
      const { $metadata: _metadata, ...members } = answer;
      assertKnownFields(members, CONTRIBUTOR_INSIGHTS_FIELDS, indexName ? `ContributorInsights(${indexName})` : 'ContributorInsights');
      return answer.ContributorInsightsStatus ?? 'DISABLED';
    };
    const names = sorted(globalIndexes.map((index) => String(index.IndexName)));
    const indexes: Record<string, string> = {};
    for (const name of names) indexes[name] = await statusOf(name);
    return { table: await statusOf(), indexes };
  });
  const resourcePolicy = await read('resourcePolicy', async () => {
    try {
      const answer = await client.send(new GetResourcePolicyCommand({ ResourceArn: table.TableArn }));
      const { $metadata: _metadata, ...members } = answer;
      assertKnownFields(members, RESOURCE_POLICY_FIELDS, 'ResourcePolicy');
      return answer.Policy === undefined ? null : canonicalJson(JSON.parse(answer.Policy));
    } catch (error) {
      if ((error as { name?: string }).name === 'PolicyNotFoundException') return null;
      throw error;
    }
  });
  const tags = await read('tags', async () => {
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
    onDemandThroughput: liveCap(table.OnDemandThroughput),
    warmThroughput: liveWarm(table.WarmThroughput),
    globalSecondaryIndexes: globalIndexes
      .map((index) => ({
        name: String(index.IndexName),
        keySchema: keyList(index.KeySchema),
        projection: projectionOf(index.Projection?.ProjectionType, index.Projection?.NonKeyAttributes),
        capacity: capacityOf(billingMode, index.ProvisionedThroughput),
        onDemandThroughput: liveCap(index.OnDemandThroughput),
        warmThroughput: liveWarm(index.WarmThroughput),
        status: String(index.IndexStatus),
      }))
      .sort(byName),
    localSecondaryIndexes: (table.LocalSecondaryIndexes ?? [])
      .map((index) => ({
        name: String(index.IndexName),
        keySchema: keyList(index.KeySchema),
        projection: projectionOf(index.Projection?.ProjectionType, index.Projection?.NonKeyAttributes),
      }))
      .sort(byName),
    stream: table.StreamSpecification?.StreamEnabled ? String(table.StreamSpecification.StreamViewType) : null,
    encryption: encryptionOf(table),
    tableClass: table.TableClassSummary?.TableClass ?? 'STANDARD',
    deletionProtection: table.DeletionProtectionEnabled ?? false,
    timeToLive,
    pointInTimeRecovery: backups === UNSUPPORTED ? UNSUPPORTED : backups.enabled,
    recoveryPeriodInDays: backups === UNSUPPORTED ? UNSUPPORTED : backups.period,
    contributorInsights,
    resourcePolicy,
    tags,
  };
}

const keyNames = (partition: KeyAttribute, sort: KeyAttribute | undefined) =>
  [`${partition.name} HASH`, ...(sort ? [`${sort.name} RANGE`] : [])];
const insightsStatus = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');

function expectedIndex(index: GlobalSecondaryIndex, billingMode: string): NormalizedIndex {
  const capacity = index.capacity ? { read: index.capacity.readCapacityUnits, write: index.capacity.writeCapacityUnits } : null;
  return {
    name: index.name,
    keySchema: keyNames(index.partitionKey, index.sortKey),
    projection: modelProjection(index.projection),
    capacity: billingMode === 'PROVISIONED' ? capacity : null,
    onDemandThroughput: billingMode === 'PAY_PER_REQUEST' ? modelCap(index.onDemandThroughput) : null,
    warmThroughput: modelWarm(index.warmThroughput),
    status: 'ACTIVE',
  };
}

/**
 * What a table created from the schema should look like, derived from the model directly (not from
 * toCreateTableInput, so a mapping bug shared by every path still shows up here).
 */
export function expectedTable(table: TableSchema): NormalizedTable {
  const billingMode = table.billing.mode;
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...table.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ...table.localSecondaryIndexes.map((index) => index.sortKey),
  ];
  const definitions = new Set(keys.filter((key): key is KeyAttribute => key !== undefined).map((key) => `${key.name} ${key.type}`));
  const sse = table.serverSideEncryption;
  const indexInsights: Record<string, string> = {};
  for (const index of [...table.globalSecondaryIndexes].sort(byName)) indexInsights[index.name] = insightsStatus(index.contributorInsights);
  return {
    name: table.name,
    status: 'ACTIVE',
    keySchema: keyNames(table.partitionKey, table.sortKey),
    attributeDefinitions: sorted([...definitions]),
    billingMode,
    capacity: table.billing.mode === 'PROVISIONED' ? { read: table.billing.readCapacityUnits, write: table.billing.writeCapacityUnits } : null,
    onDemandThroughput: billingMode === 'PAY_PER_REQUEST' ? modelCap(table.onDemandThroughput) : null,
    warmThroughput: modelWarm(table.warmThroughput),
    globalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => expectedIndex(index, billingMode)).sort(byName),
    localSecondaryIndexes: table.localSecondaryIndexes
      .map((index) => ({ name: index.name, keySchema: keyNames(table.partitionKey, index.sortKey), projection: modelProjection(index.projection) }))
      .sort(byName),
    stream: table.stream ?? null,
    encryption: sse.type === 'AWS_OWNED' ? 'AWS_OWNED' : sse.kmsKeyId ? `KMS ${sse.kmsKeyId}` : 'KMS',
    tableClass: table.tableClass,
    deletionProtection: table.deletionProtection,
    timeToLive: table.timeToLiveAttribute ?? null,
    pointInTimeRecovery: table.pointInTimeRecovery,
    recoveryPeriodInDays: table.pointInTimeRecovery ? (table.recoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_IN_DAYS) : null,
    contributorInsights: { table: insightsStatus(table.contributorInsights), indexes: indexInsights },
    resourcePolicy: table.resourcePolicy ? canonicalJson(table.resourcePolicy) : null,
    tags: Object.fromEntries(table.tags.map((tag) => [tag.key, tag.value]).sort(([a], [b]) => compareOrdinal(a!, b!))),
  };
}

/**
 * `table` as if the schema had not named `settings` (what a path ran without): only settings whose
 * absence accepts any live value can be left out this way, so any other name is refused.
 */
export function withoutSettings(table: NormalizedTable, settings: readonly string[]): NormalizedTable {
  let result = table;
  for (const setting of settings) {
    if (setting !== 'warmThroughput') throw new Error(`withoutSettings: cannot leave out ${setting}; compare it, or remove it from the schema for the path`);
    result = { ...result, warmThroughput: null, globalSecondaryIndexes: result.globalSecondaryIndexes.map((index) => ({ ...index, warmThroughput: null })) };
  }
  return result;
}

/** One field where two normalized tables disagree. */
export interface FieldDifference {
  field: NormalizedField;
  expected: unknown;
  actual: unknown;
}

/**
 * Warm throughput is increase-only and raised by DynamoDB on its own: a live value at or above the
 * expected one is in sync, and an expected null (the schema names none) accepts whatever is live.
 */
export function warmSatisfies(expected: Warm | null, actual: Warm | null): boolean {
  if (expected === null) return true;
  const atLeast = (want: number | null, have: number | null | undefined) => want === null || (have != null && have >= want);
  return atLeast(expected.read, actual?.read) && atLeast(expected.write, actual?.write);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function indexesAgree(expected: NormalizedIndex[], actual: NormalizedIndex[]): boolean {
  if (expected.length !== actual.length) return false;
  return expected.every((index, i) => {
    const live = actual[i]!;
    return warmSatisfies(index.warmThroughput, live.warmThroughput) && same({ ...index, warmThroughput: null }, { ...live, warmThroughput: null });
  });
}

function fieldAgrees(field: NormalizedField, expected: NormalizedTable, actual: NormalizedTable): boolean {
  if (field === 'warmThroughput') return warmSatisfies(expected.warmThroughput, actual.warmThroughput);
  if (field === 'globalSecondaryIndexes') return indexesAgree(expected.globalSecondaryIndexes, actual.globalSecondaryIndexes);
  return same(expected[field], actual[field]);
}

/** The fields (outside `ignore`) where `actual` differs from `expected`. */
export function differences(expected: NormalizedTable, actual: NormalizedTable, ignore: readonly NormalizedField[] = []): FieldDifference[] {
  return (Object.keys(expected) as NormalizedField[])
    .filter((field) => !ignore.includes(field))
    .filter((field) => !fieldAgrees(field, expected, actual))
    .map((field) => ({ field, expected: expected[field], actual: actual[field] }));
}
