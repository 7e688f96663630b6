/** The pure live -> model mapping; the engine-backed proof is packages/conformance/src/pull.test.ts. */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { UNSUPPORTED, type LiveTable } from './live.js';
import { isSkipped, toPulledTable, type PulledTable } from './pull.js';

const ordersDescription: TableDescription = {
  TableName: 'app_orders',
  TableStatus: 'ACTIVE',
  TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/app_orders',
  AttributeDefinitions: [
    { AttributeName: 'customerId', AttributeType: 'S' },
    { AttributeName: 'orderedAt', AttributeType: 'N' },
    { AttributeName: 'status', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'orderedAt', KeyType: 'RANGE' },
    { AttributeName: 'customerId', KeyType: 'HASH' },
  ],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3, NumberOfDecreasesToday: 0 },
  GlobalSecondaryIndexes: [
    {
      IndexName: 'status_index',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'orderedAt', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'currency'] },
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
      IndexStatus: 'ACTIVE',
    },
  ],
  SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234' },
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
  DeletionProtectionEnabled: true,
};

const pulled = (live: LiveTable): PulledTable => {
  const result = toPulledTable(live);
  if (isSkipped(result)) throw new Error(result.reason);
  return result;
};

describe('toPulledTable', () => {
  it('maps every setting DynamoDB reports, and documents only the TTL attribute (as the Number TTL needs)', () => {
    const { table, notes } = pulled({
      description: ordersDescription,
      timeToLive: { enabled: true, attribute: 'expiresAt', status: 'ENABLED' },
      pointInTimeRecovery: true,
      tags: [{ key: 'team', value: 'checkout' }, { key: 'aws:cloudformation:stack-name', value: 's' }, { key: 'cost-center', value: '4711' }],
    });
    expect(table).toEqual({
      name: 'app_orders',
      scriptName: 'create-app-orders-table',
      partitionKey: { name: 'customerId', type: 'S' },
      sortKey: { name: 'orderedAt', type: 'N' },
      billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 3 },
      globalSecondaryIndexes: [
        {
          name: 'status_index',
          partitionKey: { name: 'status', type: 'S' },
          sortKey: { name: 'orderedAt', type: 'N' },
          projection: { type: 'INCLUDE', nonKeyAttributes: ['total', 'currency'] },
          capacity: { readCapacityUnits: 2, writeCapacityUnits: 1 },
        },
      ],
      attributes: [{ name: 'expiresAt', type: 'N' }],
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecovery: true,
      deletionProtection: true,
      serverSideEncryption: { type: 'KMS', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234' },
      tableClass: 'STANDARD_INFREQUENT_ACCESS',
      stream: 'NEW_AND_OLD_IMAGES',
      tags: [{ key: 'cost-center', value: '4711' }, { key: 'team', value: 'checkout' }],
    });
    expect(notes).toEqual([
      expect.stringMatching(/^encryption: KMS key named by the ARN/),
      'tags: aws:cloudformation:stack-name belong to AWS and are not part of a schema',
    ]);
  });

  it('names each setting the endpoint cannot report instead of guessing it', () => {
    const { table, notes } = pulled({
      description: { ...ordersDescription, BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' }, GlobalSecondaryIndexes: [], SSEDescription: undefined },
      timeToLive: UNSUPPORTED,
      pointInTimeRecovery: UNSUPPORTED,
      tags: UNSUPPORTED,
    });
    expect(table.billing).toEqual({ mode: 'PAY_PER_REQUEST' });
    expect(table.serverSideEncryption).toEqual({ type: 'AWS_OWNED' });
    expect(table.timeToLiveAttribute).toBeUndefined();
    expect(notes.map((note) => note.split(':')[0])).toEqual(['TTL', 'point-in-time recovery', 'tags']);
  });

  it('skips a table with local secondary indexes, naming them', () => {
    const result = toPulledTable({
      description: { ...ordersDescription, LocalSecondaryIndexes: [{ IndexName: 'by_total' }] },
      timeToLive: UNSUPPORTED,
      pointInTimeRecovery: false,
      tags: [],
    });
    expect(result).toEqual({ name: 'app_orders', reason: expect.stringContaining('local secondary indexes (by_total)') });
  });
});
