import type {
  CreateTableCommandInput,
  GlobalSecondaryIndex as SdkIndex,
  KeySchemaElement,
  LocalSecondaryIndex as SdkLocalIndex,
  OnDemandThroughput as SdkOnDemandThroughput,
  Projection as SdkProjection,
  WarmThroughput as SdkWarmThroughput,
} from '@aws-sdk/client-dynamodb';
import {
  keyAttributesOf,
  type GlobalSecondaryIndex,
  type JsonObject,
  type KeyAttribute,
  type LocalSecondaryIndex,
  type OnDemandThroughput,
  type Projection,
  type TableSchema,
  type WarmThroughput,
} from './model.js';

/**
 * The one mapping from the model to DynamoDB's API shape. The apply package sends it, emitters render
 * it, and tests compare against it, so a field added here reaches every artifact.
 *
 * TTL, point-in-time recovery (and its period) and contributor insights are not part of CreateTable:
 * they are separate calls after it.
 */
export function toCreateTableInput(table: TableSchema, tableName: string = table.name): CreateTableCommandInput {
  const input: CreateTableCommandInput = {
    TableName: tableName,
    AttributeDefinitions: keyAttributesOf(table).map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema: toKeySchema(table.partitionKey, table.sortKey),
    BillingMode: table.billing.mode,
  };
  if (table.billing.mode === 'PROVISIONED') {
    input.ProvisionedThroughput = {
      ReadCapacityUnits: table.billing.readCapacityUnits,
      WriteCapacityUnits: table.billing.writeCapacityUnits,
    };
  }
  if (table.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = table.globalSecondaryIndexes.map(toGlobalSecondaryIndex);
  }
  if (table.localSecondaryIndexes.length > 0) {
    input.LocalSecondaryIndexes = table.localSecondaryIndexes.map((index) => toLocalSecondaryIndex(index, table.partitionKey));
  }
  if (table.onDemandThroughput) input.OnDemandThroughput = toOnDemandThroughput(table.onDemandThroughput);
  if (table.warmThroughput) input.WarmThroughput = toWarmThroughput(table.warmThroughput);
  if (table.serverSideEncryption.type === 'KMS') {
    input.SSESpecification = { Enabled: true, SSEType: 'KMS' };
    if (table.serverSideEncryption.kmsKeyId) input.SSESpecification.KMSMasterKeyId = table.serverSideEncryption.kmsKeyId;
  }
  if (table.stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream };
  if (table.tableClass !== 'STANDARD') input.TableClass = table.tableClass;
  if (table.deletionProtection) input.DeletionProtectionEnabled = true;
  if (table.tags.length > 0) input.Tags = table.tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
  if (table.resourcePolicy) input.ResourcePolicy = toResourcePolicyJson(table.resourcePolicy);
  return input;
}

export function toKeySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  const keys: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) keys.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return keys;
}

export function toGlobalSecondaryIndex(index: GlobalSecondaryIndex): SdkIndex {
  const sdk: SdkIndex = {
    IndexName: index.name,
    KeySchema: toKeySchema(index.partitionKey, index.sortKey),
    Projection: toProjection(index.projection),
  };
  if (index.capacity) {
    sdk.ProvisionedThroughput = {
      ReadCapacityUnits: index.capacity.readCapacityUnits,
      WriteCapacityUnits: index.capacity.writeCapacityUnits,
    };
  }
  if (index.onDemandThroughput) sdk.OnDemandThroughput = toOnDemandThroughput(index.onDemandThroughput);
  if (index.warmThroughput) sdk.WarmThroughput = toWarmThroughput(index.warmThroughput);
  return sdk;
}

export function toLocalSecondaryIndex(index: LocalSecondaryIndex, tablePartitionKey: KeyAttribute): SdkLocalIndex {
  return { IndexName: index.name, KeySchema: toKeySchema(tablePartitionKey, index.sortKey), Projection: toProjection(index.projection) };
}

export function toProjection(projection: Projection): SdkProjection {
  return projection.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.nonKeyAttributes] }
    : { ProjectionType: projection.type };
}

/** Only the members the schema sets: a missing one is uncapped, which CreateTable expresses by leaving it out. */
export function toOnDemandThroughput(cap: OnDemandThroughput): SdkOnDemandThroughput {
  const sdk: SdkOnDemandThroughput = {};
  if (cap.maxReadRequestUnits !== undefined) sdk.MaxReadRequestUnits = cap.maxReadRequestUnits;
  if (cap.maxWriteRequestUnits !== undefined) sdk.MaxWriteRequestUnits = cap.maxWriteRequestUnits;
  return sdk;
}

export function toWarmThroughput(warm: WarmThroughput): SdkWarmThroughput {
  const sdk: SdkWarmThroughput = {};
  if (warm.readUnitsPerSecond !== undefined) sdk.ReadUnitsPerSecond = warm.readUnitsPerSecond;
  if (warm.writeUnitsPerSecond !== undefined) sdk.WriteUnitsPerSecond = warm.writeUnitsPerSecond;
  return sdk;
}

/**
 * The policy as DynamoDB receives it: compact JSON in the schema's key order, so the scripts' policy
 * file, CloudFormation and `apply` send the same bytes (DynamoDB counts whitespace against 20 KB).
 */
export function toResourcePolicyJson(policy: JsonObject): string {
  return JSON.stringify(policy);
}
