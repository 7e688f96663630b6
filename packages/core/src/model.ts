/**
 * The canonical, validated model of a DynamoDB table. Every emitter and the apply package read this
 * shape and nothing else, so a feature exists for all of them once it exists here.
 */

/** Types DynamoDB accepts for key attributes. */
export type KeyAttributeType = 'S' | 'N' | 'B';

/** Types a documented (non-key) attribute can hold, as DynamoDB's data type descriptors. */
export type AttributeType = KeyAttributeType | 'BOOL' | 'M' | 'L' | 'SS' | 'NS' | 'BS' | 'NULL';

export interface KeyAttribute {
  name: string;
  type: KeyAttributeType;
}

export interface DocumentedAttribute {
  name: string;
  type: AttributeType;
  description?: string;
}

export interface ProvisionedCapacity {
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

export type Billing =
  | { mode: 'PAY_PER_REQUEST' }
  | ({ mode: 'PROVISIONED' } & ProvisionedCapacity);

export type Projection =
  | { type: 'ALL' }
  | { type: 'KEYS_ONLY' }
  | { type: 'INCLUDE'; nonKeyAttributes: string[] };

/**
 * The cost guard rail of an on-demand table or index (`OnDemandThroughput`). A missing member is
 * uncapped; removing a cap that is live is sent to DynamoDB as -1.
 */
export interface OnDemandThroughput {
  maxReadRequestUnits?: number;
  maxWriteRequestUnits?: number;
}

/**
 * Pre-warmed throughput (`WarmThroughput`). Increase-only and raised by DynamoDB on its own, so a
 * live value at or above the schema's is in sync. At least one member is set.
 */
export interface WarmThroughput {
  readUnitsPerSecond?: number;
  writeUnitsPerSecond?: number;
}

export interface GlobalSecondaryIndex {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: Projection;
  /** Required when the table bills PROVISIONED; forbidden otherwise. */
  capacity?: ProvisionedCapacity;
  /** Only when the table bills PAY_PER_REQUEST. */
  onDemandThroughput?: OnDemandThroughput;
  warmThroughput?: WarmThroughput;
  contributorInsights: boolean;
}

/**
 * A local secondary index: the table's partition key with another sort key. DynamoDB takes these
 * only in CreateTable, so `apply` refuses any later change to them.
 */
export interface LocalSecondaryIndex {
  name: string;
  sortKey: KeyAttribute;
  projection: Projection;
}

/** A JSON value, as a resource-based policy document holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type ServerSideEncryption = { type: 'AWS_OWNED' } | { type: 'KMS'; kmsKeyId?: string };

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';

export interface Tag {
  key: string;
  value: string;
}

export interface TableSchema {
  name: string;
  /** Base name of the per-table scripts, e.g. `create-sessions-table`. */
  scriptName: string;
  description?: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  billing: Billing;
  globalSecondaryIndexes: GlobalSecondaryIndex[];
  localSecondaryIndexes: LocalSecondaryIndex[];
  /** Only when billing is PAY_PER_REQUEST. */
  onDemandThroughput?: OnDemandThroughput;
  warmThroughput?: WarmThroughput;
  attributes: DocumentedAttribute[];
  /** Name of the Number attribute DynamoDB expires items by, when TTL is on. */
  timeToLiveAttribute?: string;
  pointInTimeRecovery: boolean;
  /**
   * Days of continuous backups kept (1-35), only with `pointInTimeRecovery`. Absent means DynamoDB's
   * default of 35, and the artifacts then do not name it, so they still run on a CLI that predates it.
   */
  recoveryPeriodInDays?: number;
  contributorInsights: boolean;
  /** The resource-based policy document (`PutResourcePolicy`), as written in the schema. */
  resourcePolicy?: JsonObject;
  deletionProtection: boolean;
  serverSideEncryption: ServerSideEncryption;
  tableClass: TableClass;
  stream?: StreamViewType;
  /** Sorted by key, so every rendering of the same schema is byte-identical. */
  tags: Tag[];
}

export interface Schema {
  tables: TableSchema[];
}

/** Code-point order: the same on every machine and locale, so generated files never reorder. */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every attribute that appears in a key of the table or of one of its indexes, sorted by name. */
export function keyAttributesOf(table: TableSchema): KeyAttribute[] {
  const byName = new Map<string, KeyAttribute>();
  const keys = [table.partitionKey, table.sortKey];
  for (const index of table.globalSecondaryIndexes) keys.push(index.partitionKey, index.sortKey);
  for (const index of table.localSecondaryIndexes) keys.push(index.sortKey);
  for (const key of keys) if (key && !byName.has(key.name)) byName.set(key.name, key);
  return [...byName.values()].sort((a, b) => compareOrdinal(a.name, b.name));
}
