import type { Schema, TableSchema } from '@ddb-migrations/core';

/**
 * A schema using each of issue 14's six settings (LSIs, on-demand caps, warm throughput, recovery
 * period, contributor insights, resource policy) on the table and on an index, for the CloudFormation
 * and Terraform emitters' tests. The policy holds an IAM variable (`${aws:username}`) and a
 * condition key with a colon, the two things HCL would misread if written unescaped.
 */
export function sixSettingsSchema(): Schema {
  const orders: TableSchema = {
    name: 'app_orders',
    scriptName: 'create-orders-table',
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'orderedAt', type: 'N' },
    billing: { mode: 'PAY_PER_REQUEST' },
    globalSecondaryIndexes: [
      {
        name: 'type_index',
        partitionKey: { name: 'type', type: 'S' },
        projection: { type: 'ALL' },
        onDemandThroughput: { maxReadRequestUnits: 50 },
        warmThroughput: { readUnitsPerSecond: 12000 },
        contributorInsights: true,
      },
      { name: 'sku_index', partitionKey: { name: 'sku', type: 'S' }, projection: { type: 'KEYS_ONLY' }, contributorInsights: false },
    ],
    localSecondaryIndexes: [
      { name: 'total_index', sortKey: { name: 'total', type: 'N' }, projection: { type: 'INCLUDE', nonKeyAttributes: ['currency'] } },
      { name: 'status_index', sortKey: { name: 'status', type: 'S' }, projection: { type: 'KEYS_ONLY' } },
    ],
    onDemandThroughput: { maxReadRequestUnits: 200, maxWriteRequestUnits: 100 },
    warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 },
    attributes: [],
    pointInTimeRecovery: true,
    recoveryPeriodInDays: 7,
    contributorInsights: true,
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'NoDrop', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' },
        {
          Sid: 'OwnItems',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: '*',
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}'] } },
        },
      ],
    },
    deletionProtection: false,
    serverSideEncryption: { type: 'AWS_OWNED' },
    tableClass: 'STANDARD',
    tags: [],
  };
  // A second table with only a policy and a one-member cap: the others are per table, not global.
  const events: TableSchema = {
    name: 'app_events',
    scriptName: 'create-app-events-table',
    partitionKey: { name: 'pk', type: 'S' },
    billing: { mode: 'PAY_PER_REQUEST' },
    globalSecondaryIndexes: [],
    localSecondaryIndexes: [],
    onDemandThroughput: { maxWriteRequestUnits: 10 },
    attributes: [],
    pointInTimeRecovery: false,
    contributorInsights: false,
    resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] },
    deletionProtection: false,
    serverSideEncryption: { type: 'AWS_OWNED' },
    tableClass: 'STANDARD',
    tags: [],
  };
  return { tables: [orders, events] };
}

/**
 * The schema without warm throughput: `warm_throughput` needs hashicorp/aws >= 6.13, which cannot
 * be installed here (5.100.0 only), so what the real provider runs drops it and says so.
 */
export function withoutWarmThroughput(schema: Schema): Schema {
  return {
    tables: schema.tables.map(({ warmThroughput: _table, ...table }) => ({
      ...table,
      globalSecondaryIndexes: table.globalSecondaryIndexes.map(({ warmThroughput: _index, ...index }) => index),
    })),
  };
}
