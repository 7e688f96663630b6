import type { CreateTableCommandInput, GlobalSecondaryIndex as SdkIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { keyAttributesOf, type GlobalSecondaryIndex, type KeyAttribute, type TableSchema } from './model.js';

/**
 * The one mapping from the model to DynamoDB's API shape. The apply package sends it, emitters render
 * it, and tests compare against it, so a field added here reaches every artifact.
 *
 * TTL and point-in-time recovery are not part of CreateTable: they are separate calls after it.
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
  if (table.serverSideEncryption.type === 'KMS') {
    input.SSESpecification = { Enabled: true, SSEType: 'KMS' };
    if (table.serverSideEncryption.kmsKeyId) input.SSESpecification.KMSMasterKeyId = table.serverSideEncryption.kmsKeyId;
  }
  if (table.stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream };
  if (table.tableClass !== 'STANDARD') input.TableClass = table.tableClass;
  if (table.deletionProtection) input.DeletionProtectionEnabled = true;
  if (table.tags.length > 0) input.Tags = table.tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
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
    Projection:
      index.projection.type === 'INCLUDE'
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] }
        : { ProjectionType: index.projection.type },
  };
  if (index.capacity) {
    sdk.ProvisionedThroughput = {
      ReadCapacityUnits: index.capacity.readCapacityUnits,
      WriteCapacityUnits: index.capacity.writeCapacityUnits,
    };
  }
  return sdk;
}
