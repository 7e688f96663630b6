/**
 * Every member an engine may return in the calls the normalizer reads, and what is done with it. A
 * member missing here fails the read: a new setting (or a new field of an engine) must be compared,
 * or ignored with the reason written down, never dropped silently.
 */

type FieldRule =
  | 'compared'
  | { ignored: string }
  /** A setting the schema does not choose: the engine must report the value every table gets. */
  | { mustBe: unknown; why: string }
  | { fields: KnownFields }
  | { each: KnownFields };
export interface KnownFields {
  [member: string]: FieldRule;
}

const compared = 'compared';
const ignored = (why: string) => ({ ignored: why });
const timestamp = ignored('a timestamp');
const counter = ignored('a size or counter of items');
const identity = ignored('an identity, not a setting');
const keyElements = { each: { AttributeName: compared, KeyType: compared } } as const;
const projection = { fields: { ProjectionType: compared, NonKeyAttributes: compared } } as const;
const provisionedThroughput = {
  fields: { ReadCapacityUnits: compared, WriteCapacityUnits: compared, NumberOfDecreasesToday: counter, LastIncreaseDateTime: timestamp, LastDecreaseDateTime: timestamp },
} as const;
const onDemandThroughput = { fields: { MaxReadRequestUnits: compared, MaxWriteRequestUnits: compared } } as const;
// The status is UPDATING only while DynamoDB raises the values, which apply waits out.
const warmThroughput = { fields: { ReadUnitsPerSecond: compared, WriteUnitsPerSecond: compared, Status: ignored('transient, while DynamoDB warms the table') } } as const;

export const TABLE_FIELDS: KnownFields = {
  TableName: compared,
  TableStatus: compared,
  KeySchema: keyElements,
  AttributeDefinitions: { each: { AttributeName: compared, AttributeType: compared } },
  BillingModeSummary: { fields: { BillingMode: compared, LastUpdateToPayPerRequestDateTime: timestamp } },
  ProvisionedThroughput: provisionedThroughput,
  OnDemandThroughput: onDemandThroughput,
  WarmThroughput: warmThroughput,
  GlobalSecondaryIndexes: {
    each: {
      IndexName: compared,
      KeySchema: keyElements,
      Projection: projection,
      IndexStatus: compared,
      ProvisionedThroughput: provisionedThroughput,
      OnDemandThroughput: onDemandThroughput,
      WarmThroughput: warmThroughput,
      Backfilling: ignored('transient, while an index is CREATING'),
      IndexArn: identity,
      IndexSizeBytes: counter,
      ItemCount: counter,
    },
  },
  LocalSecondaryIndexes: {
    each: { IndexName: compared, KeySchema: keyElements, Projection: projection, IndexArn: identity, IndexSizeBytes: counter, ItemCount: counter },
  },
  StreamSpecification: { fields: { StreamEnabled: compared, StreamViewType: compared } },
  LatestStreamArn: ignored('the identity of the stream StreamSpecification describes'),
  LatestStreamLabel: ignored('the identity of the stream StreamSpecification describes'),
  SSEDescription: { fields: { Status: compared, SSEType: compared, KMSMasterKeyArn: compared, InaccessibleEncryptionDateTime: timestamp } },
  TableClassSummary: { fields: { TableClass: compared, LastUpdateDateTime: timestamp } },
  DeletionProtectionEnabled: compared,
  CreationDateTime: timestamp,
  TableArn: identity,
  TableId: identity,
  TableSizeBytes: counter,
  ItemCount: counter,
};

export const TIME_TO_LIVE_FIELDS: KnownFields = { TimeToLiveStatus: compared, AttributeName: compared };

export const CONTINUOUS_BACKUPS_FIELDS: KnownFields = {
  ContinuousBackupsStatus: ignored('follows PointInTimeRecoveryStatus (and is ENABLED on every real table)'),
  PointInTimeRecoveryDescription: {
    fields: { PointInTimeRecoveryStatus: compared, RecoveryPeriodInDays: compared, EarliestRestorableDateTime: timestamp, LatestRestorableDateTime: timestamp },
  },
};

export const CONTRIBUTOR_INSIGHTS_FIELDS: KnownFields = {
  TableName: identity,
  IndexName: identity,
  ContributorInsightsStatus: compared,
  ContributorInsightsRuleList: ignored('the CloudWatch rule names DynamoDB derives from the table and index names'),
  LastUpdateDateTime: timestamp,
  FailureException: ignored('the reason of a FAILED status, which is compared'),
  ContributorInsightsMode: { mustBe: 'ACCESSED_AND_THROTTLED_KEYS', why: "the schema has no mode (THROTTLED_KEYS is out of scope), so it must be DynamoDB's default" },
};

export const RESOURCE_POLICY_FIELDS: KnownFields = {
  Policy: compared,
  RevisionId: ignored('changes with every PutResourcePolicy'),
};

/** The members of `value` (at `path`) that `known` does not list, and mustBe members at another value. */
export function unknownFields(value: unknown, known: KnownFields, path: string): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([member, field]) => {
    const rule = known[member];
    const at = `${path}.${member}`;
    if (field === undefined) return [];
    if (rule === undefined) return [at];
    if (rule === compared || 'ignored' in rule) return [];
    if ('mustBe' in rule) return field === rule.mustBe ? [] : [`${at} = ${JSON.stringify(field)} (${rule.why})`];
    if ('fields' in rule) return unknownFields(field, rule.fields, at);
    return Array.isArray(field) ? field.flatMap((item, i) => unknownFields(item, rule.each, `${at}[${i}]`)) : [at];
  });
}

export function assertKnownFields(value: unknown, known: KnownFields, path: string): void {
  const unknown = unknownFields(value, known, path);
  if (unknown.length > 0) {
    throw new Error(
      `the engine returned ${unknown.join(', ')}, which normalize.ts does not know: compare it in NormalizedTable, or list it in known-fields.ts as ignored with the reason`,
    );
  }
}
