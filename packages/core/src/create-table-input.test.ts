/**
 * `toCreateTableInput`: the one mapping from the model to DynamoDB's CreateTable request.
 */
import { readFileSync } from 'node:fs';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { shopifySessionsTable } from './canonical.js';
import { toCreateTableInput, toGlobalSecondaryIndex, toKeySchema } from './create-table-input.js';
import { loadSchema } from './load.js';
import type { TableSchema } from './model.js';

const rich = loadSchema(readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url)), 'rich.yaml');
const orders = rich.tables[0]!;
const events = rich.tables[1]!;

describe('the canonical shopify_sessions table', () => {
  it('maps to exactly the expected CreateTable input and nothing else', () => {
    expect(toCreateTableInput(shopifySessionsTable)).toStrictEqual<CreateTableCommandInput>({
      TableName: 'shopify_sessions',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'shop', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'shop_index',
          KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('takes an override table name, e.g. for a prefixed environment', () => {
    const input = toCreateTableInput(shopifySessionsTable, 'staging_shopify_sessions');
    expect(input.TableName).toBe('staging_shopify_sessions');
    expect({ ...input, TableName: 'shopify_sessions' }).toStrictEqual(toCreateTableInput(shopifySessionsTable));
  });

  it('does not define documented non-key attributes (DynamoDB refuses unused definitions)', () => {
    expect(toCreateTableInput(shopifySessionsTable).AttributeDefinitions!.map((d) => d.AttributeName)).toEqual(['id', 'shop']);
  });
});

describe('the rich table', () => {
  const input = toCreateTableInput(orders);

  it('maps to exactly the expected CreateTable input', () => {
    expect(input).toStrictEqual<CreateTableCommandInput>({
      TableName: 'app_orders',
      AttributeDefinitions: [
        { AttributeName: 'createdAt', AttributeType: 'N' },
        { AttributeName: 'customerId', AttributeType: 'S' },
        { AttributeName: 'shippedAt', AttributeType: 'N' },
        { AttributeName: 'shopId', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'shopId', KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 10 },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'status_index',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'currency'] },
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        },
        {
          IndexName: 'customer_index',
          KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'shipped_index',
          KeySchema: [
            { AttributeName: 'shopId', KeyType: 'HASH' },
            { AttributeName: 'shippedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
        },
      ],
      // Compact, in the schema's key order: the bytes every artifact sends.
      ResourcePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["dynamodb:DeleteTable"],"Resource":"*"}]}',
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/app-orders' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TableClass: 'STANDARD_INFREQUENT_ACCESS',
      DeletionProtectionEnabled: true,
      Tags: [
        { Key: 'Cost-Center', Value: '4711' },
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'checkout' },
      ],
    });
  });

  it('leaves TTL, point-in-time recovery, its period and contributor insights to separate calls', () => {
    const text = JSON.stringify(input);
    expect(text).not.toContain('expiresAt');
    expect(text).not.toMatch(/TimeToLive|PointInTime|RecoveryPeriod|ContributorInsights/);
  });

  it('uses the AWS managed KMS key when no key id is given, with a sort key of type B', () => {
    expect(toCreateTableInput(events)).toStrictEqual<CreateTableCommandInput>({
      TableName: 'app_events',
      AttributeDefinitions: [
        { AttributeName: 'kind', AttributeType: 'S' },
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'B' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      OnDemandThroughput: { MaxReadRequestUnits: 200 },
      WarmThroughput: { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'kind_index',
          KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
          OnDemandThroughput: { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 25 },
          WarmThroughput: { WriteUnitsPerSecond: 4500 },
        },
      ],
      SSESpecification: { Enabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
  });
});

describe('defaults', () => {
  const minimal: TableSchema = {
    name: 'plain',
    scriptName: 'create-plain-table',
    partitionKey: { name: 'id', type: 'N' },
    billing: { mode: 'PAY_PER_REQUEST' },
    globalSecondaryIndexes: [],
    localSecondaryIndexes: [],
    attributes: [],
    pointInTimeRecovery: true,
    contributorInsights: false,
    deletionProtection: false,
    serverSideEncryption: { type: 'AWS_OWNED' },
    tableClass: 'STANDARD',
    tags: [],
  };

  it('omits every optional member for a default table', () => {
    expect(toCreateTableInput(minimal)).toStrictEqual<CreateTableCommandInput>({
      TableName: 'plain',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('does not share arrays with the model', () => {
    const table: TableSchema = { ...minimal, globalSecondaryIndexes: [{ name: 'inc', partitionKey: { name: 'a', type: 'S' }, projection: { type: 'INCLUDE', nonKeyAttributes: ['x'] }, contributorInsights: false }] };
    const input = toCreateTableInput(table);
    input.GlobalSecondaryIndexes![0]!.Projection!.NonKeyAttributes!.push('y');
    expect(table.globalSecondaryIndexes[0]!.projection).toEqual({ type: 'INCLUDE', nonKeyAttributes: ['x'] });
  });
});

describe('helpers', () => {
  it('toKeySchema puts HASH before RANGE', () => {
    expect(toKeySchema({ name: 'a', type: 'S' })).toEqual([{ AttributeName: 'a', KeyType: 'HASH' }]);
    expect(toKeySchema({ name: 'a', type: 'S' }, { name: 'b', type: 'N' })).toEqual([
      { AttributeName: 'a', KeyType: 'HASH' },
      { AttributeName: 'b', KeyType: 'RANGE' },
    ]);
  });

  it('toGlobalSecondaryIndex adds ProvisionedThroughput only with a capacity', () => {
    expect(toGlobalSecondaryIndex({ name: 'idx', partitionKey: { name: 'a', type: 'S' }, projection: { type: 'KEYS_ONLY' }, contributorInsights: false })).toStrictEqual({
      IndexName: 'idx',
      KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});
