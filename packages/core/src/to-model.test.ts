/**
 * Happy paths of `loadSchema` and `toSchema`: defaults for a minimal table and the full model of a
 * table that uses every feature (test-fixtures/rich.yaml).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lines } from './__tests__/schema-text.js';
import type { SchemaInput } from './input.js';
import { loadSchema } from './load.js';
import type { Schema, TableSchema } from './model.js';
import { keyAttributesOf } from './model.js';
import { toSchema } from './to-model.js';

const richBytes = readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url));

const expectedOrders: TableSchema = {
  name: 'app_orders',
  scriptName: 'create-orders-table',
  description: 'Orders placed by shops, by status and by customer.',
  partitionKey: { name: 'shopId', type: 'S' },
  sortKey: { name: 'createdAt', type: 'N' },
  billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 10 },
  globalSecondaryIndexes: [
    {
      name: 'status_index',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: { type: 'INCLUDE', nonKeyAttributes: ['total', 'currency'] },
      capacity: { readCapacityUnits: 2, writeCapacityUnits: 3 },
      contributorInsights: false,
    },
    {
      name: 'customer_index',
      partitionKey: { name: 'customerId', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
      capacity: { readCapacityUnits: 1, writeCapacityUnits: 1 },
      contributorInsights: true,
    },
  ],
  localSecondaryIndexes: [
    { name: 'shipped_index', sortKey: { name: 'shippedAt', type: 'N' }, projection: { type: 'INCLUDE', nonKeyAttributes: ['total'] } },
  ],
  attributes: [
    { name: 'total', type: 'N', description: 'Order total in minor units.' },
    { name: 'currency', type: 'S' },
    { name: 'shippedAt', type: 'N' },
    { name: 'expiresAt', type: 'N', description: 'Epoch seconds after which DynamoDB deletes the order.' },
  ],
  timeToLiveAttribute: 'expiresAt',
  pointInTimeRecovery: true,
  recoveryPeriodInDays: 7,
  contributorInsights: true,
  resourcePolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: ['dynamodb:DeleteTable'], Resource: '*' }],
  },
  deletionProtection: true,
  serverSideEncryption: { type: 'KMS', kmsKeyId: 'alias/app-orders' },
  tableClass: 'STANDARD_INFREQUENT_ACCESS',
  stream: 'NEW_AND_OLD_IMAGES',
  tags: [
    { key: 'Cost-Center', value: '4711' },
    { key: 'env', value: 'prod' },
    { key: 'team', value: 'checkout' },
  ],
};

const expectedEvents: TableSchema = {
  name: 'app_events',
  scriptName: 'create-app-events-table',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'B' },
  billing: { mode: 'PAY_PER_REQUEST' },
  onDemandThroughput: { maxReadRequestUnits: 200 },
  warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 },
  globalSecondaryIndexes: [
    {
      name: 'kind_index',
      partitionKey: { name: 'kind', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
      onDemandThroughput: { maxReadRequestUnits: 50, maxWriteRequestUnits: 25 },
      warmThroughput: { writeUnitsPerSecond: 4500 },
      contributorInsights: false,
    },
  ],
  localSecondaryIndexes: [],
  attributes: [{ name: 'payload', type: 'M' }],
  pointInTimeRecovery: false,
  contributorInsights: false,
  deletionProtection: false,
  serverSideEncryption: { type: 'KMS' },
  tableClass: 'STANDARD',
  stream: 'KEYS_ONLY',
  tags: [{ key: 'team', value: 'platform' }],
};

describe('a minimal table', () => {
  const yaml = lines('tables:', '  - name: shopify_sessions', '    partitionKey:', '      name: id', '      type: S');

  it('gets every default and no optional member', () => {
    expect(loadSchema(yaml, 'ddb-migrations.yaml')).toStrictEqual<Schema>({
      tables: [
        {
          name: 'shopify_sessions',
          scriptName: 'create-shopify-sessions-table',
          partitionKey: { name: 'id', type: 'S' },
          billing: { mode: 'PAY_PER_REQUEST' },
          globalSecondaryIndexes: [],
          localSecondaryIndexes: [],
          attributes: [],
          pointInTimeRecovery: false,
          contributorInsights: false,
          deletionProtection: false,
          serverSideEncryption: { type: 'AWS_OWNED' },
          tableClass: 'STANDARD',
          tags: [],
        },
      ],
    });
  });

  it('loads the same from bytes as from a string, and accepts a $schema key', () => {
    const bytes = new TextEncoder().encode(`$schema: ./node_modules/@ddb-migrations/core/schema.json\n${yaml}`);
    expect(loadSchema(bytes, 'x.yaml')).toStrictEqual(loadSchema(yaml, 'x.yaml'));
  });

  it('accepts flow style and explicit defaults with the same result', () => {
    const flow = lines(
      'tables:',
      '  - { name: shopify_sessions, partitionKey: { name: id, type: S }, billingMode: PAY_PER_REQUEST,',
      '      pointInTimeRecovery: false, deletionProtection: false, encryption: { type: AWS_OWNED },',
      '      tableClass: STANDARD, globalSecondaryIndexes: [], attributes: [], tags: {} }',
    );
    expect(loadSchema(flow, 'x.yaml')).toStrictEqual(loadSchema(yaml, 'x.yaml'));
  });

  it('defaults an index projection to ALL and gives on-demand indexes no capacity', () => {
    const schema = loadSchema(
      lines('tables:', '  - name: sessions', '    partitionKey: { name: id, type: S }', '    globalSecondaryIndexes:', '      - name: by_shop', '        partitionKey: { name: shop, type: S }'),
      'x.yaml',
    );
    expect(schema.tables[0]!.globalSecondaryIndexes).toStrictEqual([{ name: 'by_shop', partitionKey: { name: 'shop', type: 'S' }, projection: { type: 'ALL' }, contributorInsights: false }]);
  });

  it('keeps KMS without a key id as { type: KMS } only', () => {
    const schema = loadSchema(yaml.replace('      type: S\n', '      type: S\n    encryption:\n      type: KMS\n'), 'x.yaml');
    expect(schema.tables[0]!.serverSideEncryption).toStrictEqual({ type: 'KMS' });
  });
});

describe('the rich fixture', () => {
  const schema = loadSchema(richBytes, 'rich.yaml');

  it('has both tables in file order', () => {
    expect(schema.tables.map((table) => table.name)).toEqual(['app_orders', 'app_events']);
  });

  it('maps every feature of the first table', () => {
    expect(schema.tables[0]).toStrictEqual(expectedOrders);
  });

  it('maps the second table with its defaults', () => {
    expect(schema.tables[1]).toStrictEqual(expectedEvents);
  });

  it('sorts tags by key in code-unit order, uppercase first', () => {
    expect(schema.tables[0]!.tags.map((tag) => tag.key)).toEqual(['Cost-Center', 'env', 'team']);
  });

  it('is deterministic', () => {
    expect(loadSchema(richBytes, 'rich.yaml')).toStrictEqual(schema);
  });

  it('lists key attributes of the table and its indexes once each, sorted by name', () => {
    expect(keyAttributesOf(schema.tables[0]!)).toEqual([
      { name: 'createdAt', type: 'N' },
      { name: 'customerId', type: 'S' },
      { name: 'shippedAt', type: 'N' },
      { name: 'shopId', type: 'S' },
      { name: 'status', type: 'S' },
    ]);
  });
});

describe('toSchema', () => {
  it('copies the input so later changes to it do not reach the model', () => {
    const input: SchemaInput = {
      tables: [
        {
          name: 'sessions',
          partitionKey: { name: 'id', type: 'S' },
          globalSecondaryIndexes: [{ name: 'by_shop', partitionKey: { name: 'shop', type: 'S' }, projection: 'INCLUDE', nonKeyAttributes: ['a'] }],
          attributes: [{ name: 'a', type: 'S' }],
        },
      ],
    };
    const schema = toSchema(input);
    input.tables[0]!.partitionKey.name = 'changed';
    input.tables[0]!.globalSecondaryIndexes![0]!.nonKeyAttributes!.push('b');
    input.tables[0]!.attributes![0]!.name = 'changed';
    expect(schema.tables[0]!.partitionKey.name).toBe('id');
    expect(schema.tables[0]!.globalSecondaryIndexes[0]!.projection).toEqual({ type: 'INCLUDE', nonKeyAttributes: ['a'] });
    expect(schema.tables[0]!.attributes[0]!.name).toBe('a');
  });

  it('maps PROVISIONED capacities onto the table and every index', () => {
    const schema = toSchema({
      tables: [
        {
          name: 'sessions',
          partitionKey: { name: 'id', type: 'S' },
          billingMode: 'PROVISIONED',
          readCapacityUnits: 7,
          writeCapacityUnits: 8,
          globalSecondaryIndexes: [{ name: 'by_shop', partitionKey: { name: 'shop', type: 'S' }, readCapacityUnits: 3, writeCapacityUnits: 4 }],
        },
      ],
    });
    expect(schema.tables[0]!.billing).toStrictEqual({ mode: 'PROVISIONED', readCapacityUnits: 7, writeCapacityUnits: 8 });
    expect(schema.tables[0]!.globalSecondaryIndexes[0]!.capacity).toStrictEqual({ readCapacityUnits: 3, writeCapacityUnits: 4 });
  });
});
