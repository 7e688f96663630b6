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
      contributorInsights: { table: 'DISABLED', indexes: { status_index: 'DISABLED' } },
      resourcePolicy: undefined,
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
          contributorInsights: false,
        },
      ],
      localSecondaryIndexes: [],
      attributes: [{ name: 'expiresAt', type: 'N' }],
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecovery: true,
      contributorInsights: false,
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
      contributorInsights: UNSUPPORTED,
      resourcePolicy: UNSUPPORTED,
    });
    expect(table.billing).toEqual({ mode: 'PAY_PER_REQUEST' });
    expect(table.serverSideEncryption).toEqual({ type: 'AWS_OWNED' });
    expect(table.timeToLiveAttribute).toBeUndefined();
    expect(table.contributorInsights).toBe(false);
    expect(table.resourcePolicy).toBeUndefined();
    expect(notes.map((note) => note.split(':')[0])).toEqual(['TTL', 'point-in-time recovery', 'contributor insights', 'resource-based policy', 'tags']);
  });

  it('reads back local indexes, on-demand caps, the recovery period, contributor insights and the policy; names warm throughput', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };
    const { table, notes } = pulled({
      description: {
        ...ordersDescription,
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        AttributeDefinitions: [...ordersDescription.AttributeDefinitions!, { AttributeName: 'total', AttributeType: 'N' }],
        // -1 is DynamoDB's "no maximum": not a cap.
        OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: -1 },
        WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' },
        GlobalSecondaryIndexes: [{ ...ordersDescription.GlobalSecondaryIndexes![0]!, ProvisionedThroughput: undefined, OnDemandThroughput: { MaxReadRequestUnits: 50 } }],
        LocalSecondaryIndexes: [
          { IndexName: 'total_index', KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
      },
      timeToLive: { enabled: false, status: 'DISABLED' },
      pointInTimeRecovery: true,
      recoveryPeriodInDays: 7,
      tags: [],
      contributorInsights: { table: 'ENABLED', indexes: { status_index: 'ENABLING' } },
      resourcePolicy: policy,
    });
    expect(table).toMatchObject({
      onDemandThroughput: { maxReadRequestUnits: 200 },
      localSecondaryIndexes: [{ name: 'total_index', sortKey: { name: 'total', type: 'N' }, projection: { type: 'KEYS_ONLY' } }],
      pointInTimeRecovery: true,
      recoveryPeriodInDays: 7,
      contributorInsights: true,
      resourcePolicy: policy,
    });
    expect(table.globalSecondaryIndexes[0]).toMatchObject({ onDemandThroughput: { maxReadRequestUnits: 50 }, contributorInsights: true });
    expect(table.globalSecondaryIndexes[0]!.capacity).toBeUndefined();
    expect(table.warmThroughput).toBeUndefined();
    expect(notes).toContain('warm throughput: live 12000 read / 4000 write units per second; left out (DynamoDB raises it on its own; add warmThroughput to pre-warm a new table)');
  });

  it('leaves out a 35-day recovery period, which is what no period means', () => {
    const { table } = pulled({
      description: ordersDescription,
      timeToLive: UNSUPPORTED,
      pointInTimeRecovery: true,
      recoveryPeriodInDays: 35,
      tags: [],
      contributorInsights: { table: 'DISABLED', indexes: {} },
      resourcePolicy: undefined,
    });
    expect(table.recoveryPeriodInDays).toBeUndefined();
  });
});
