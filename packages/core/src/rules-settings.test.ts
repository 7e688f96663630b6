/**
 * The rules of issue 14's settings that JSON Schema cannot say: local indexes need a sort key and a
 * distinct name, on-demand caps need on-demand billing, a recovery period needs point-in-time
 * recovery, a policy fits 20 KB. Each is asserted at the line and column a user is sent to.
 */
import { describe, expect, it } from 'vitest';
import { expectError, lines, table } from './__tests__/schema-text.js';
import { loadSchema } from './load.js';
import { MAX_RESOURCE_POLICY_BYTES } from './rules.js';

const FILE = 'ddb-migrations.yaml';
const withSortKey = (...extra: string[]) => table('    sortKey: { name: at, type: N }', ...extra);

describe('local secondary indexes', () => {
  const local = (name: string, sortKey = 'placedAt') => [`      - name: ${name}`, `        sortKey: { name: ${sortKey}, type: N }`];

  it('load with the table partition key, projection ALL by default', () => {
    const schema = loadSchema(withSortKey('    localSecondaryIndexes:', ...local('placed_index')), FILE);
    expect(schema.tables[0]!.localSecondaryIndexes).toStrictEqual([
      { name: 'placed_index', sortKey: { name: 'placedAt', type: 'N' }, projection: { type: 'ALL' } },
    ]);
  });

  it('need a table sort key, at the key', () => {
    expectError(table('    localSecondaryIndexes:', ...local('placed_index')), 6, 5, 'local secondary indexes need a table with a sortKey');
  });

  it('are at most 5, by the JSON Schema', () => {
    const six = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].flatMap((n) => local(`index_${n}`, `key_${n}`));
    expectError(withSortKey('    localSecondaryIndexes:', ...six), 8, 7, /more than 5/);
  });

  it('share one namespace with the global indexes', () => {
    const yaml = withSortKey(
      '    globalSecondaryIndexes:', //              7
      '      - name: by_kind', //                    8
      '        partitionKey: { name: kind, type: S }', // 9
      '    localSecondaryIndexes:', //               10
      ...local('by_kind'), //                        11-12
    );
    expectError(yaml, 11, 15, 'index name "by_kind" is already used by globalSecondaryIndexes[0]');
  });

  it('refuse a repeated local index name', () => {
    expectError(withSortKey('    localSecondaryIndexes:', ...local('twice'), ...local('twice', 'other')), 10, 15, 'index name "twice" is already used by localSecondaryIndexes[0]');
  });

  it("refuse the table's partition key as the sort key", () => {
    expectError(withSortKey('    localSecondaryIndexes:', '      - name: by_id', '        sortKey: { name: id, type: S }'), 9, 26, 'must differ from the table\'s partition key');
  });

  it('keep one type per attribute across the table and its indexes', () => {
    expectError(withSortKey('    localSecondaryIndexes:', '      - name: by_at', '        sortKey: { name: at, type: S }'), 9, 36, 'key attribute "at" is a Number elsewhere');
  });

  it('check the projection like a global index does', () => {
    expectError(withSortKey('    localSecondaryIndexes:', ...local('placed_index'), '        projection: INCLUDE'), 10, 21, 'projects INCLUDE but lists no nonKeyAttributes');
  });
});

describe('on-demand throughput', () => {
  it('loads on the table and on an index, absent members uncapped', () => {
    const schema = loadSchema(
      table(
        '    onDemandThroughput: { maxReadRequestUnits: 100 }',
        '    globalSecondaryIndexes:',
        '      - name: by_shop',
        '        partitionKey: { name: shop, type: S }',
        '        onDemandThroughput: { maxWriteRequestUnits: 7 }',
      ),
      FILE,
    );
    expect(schema.tables[0]!.onDemandThroughput).toStrictEqual({ maxReadRequestUnits: 100 });
    expect(schema.tables[0]!.globalSecondaryIndexes[0]!.onDemandThroughput).toStrictEqual({ maxWriteRequestUnits: 7 });
  });

  it('is refused on a provisioned table, at the key', () => {
    const yaml = table('    billingMode: PROVISIONED', '    readCapacityUnits: 1', '    writeCapacityUnits: 1', '    onDemandThroughput: { maxReadRequestUnits: 100 }');
    expectError(yaml, 9, 5, 'onDemandThroughput is only allowed with billingMode PAY_PER_REQUEST');
  });

  it('is refused on an index of a provisioned table', () => {
    const yaml = table(
      '    billingMode: PROVISIONED',
      '    readCapacityUnits: 1',
      '    writeCapacityUnits: 1',
      '    globalSecondaryIndexes:',
      '      - name: by_shop',
      '        partitionKey: { name: shop, type: S }',
      '        readCapacityUnits: 1',
      '        writeCapacityUnits: 1',
      '        onDemandThroughput: { maxReadRequestUnits: 100 }',
    );
    expectError(yaml, 14, 9, 'onDemandThroughput is only allowed with billingMode PAY_PER_REQUEST');
  });

  it('needs a member, and a cap of at least 1 (omit it for no cap)', () => {
    expectError(table('    onDemandThroughput: {}'), 6, 25, /must NOT have fewer than 1 properties/);
    expectError(table('    onDemandThroughput: { maxReadRequestUnits: -1 }'), 6, 48, /must be >= 1/);
  });
});

describe('warm throughput', () => {
  it('loads either member alone', () => {
    const schema = loadSchema(table('    warmThroughput: { writeUnitsPerSecond: 4500 }'), FILE);
    expect(schema.tables[0]!.warmThroughput).toStrictEqual({ writeUnitsPerSecond: 4500 });
  });

  it('refuses an unknown member', () => {
    expectError(table('    warmThroughput: { readUnits: 4500 }'), 6, 23, /readUnits/);
  });
});

describe('point-in-time recovery period', () => {
  it('loads with pointInTimeRecovery, and is absent by default', () => {
    expect(loadSchema(table('    pointInTimeRecovery: true', '    recoveryPeriodInDays: 7'), FILE).tables[0]!.recoveryPeriodInDays).toBe(7);
    expect(loadSchema(table('    pointInTimeRecovery: true'), FILE).tables[0]).not.toHaveProperty('recoveryPeriodInDays');
  });

  it('needs pointInTimeRecovery: true, at the key', () => {
    expectError(table('    recoveryPeriodInDays: 7'), 6, 5, 'recoveryPeriodInDays needs pointInTimeRecovery: true');
    expectError(table('    pointInTimeRecovery: false', '    recoveryPeriodInDays: 7'), 7, 5, 'recoveryPeriodInDays needs pointInTimeRecovery: true');
  });

  it('is 1 to 35 days', () => {
    expectError(table('    pointInTimeRecovery: true', '    recoveryPeriodInDays: 36'), 7, 27, /must be <= 35/);
    expectError(table('    pointInTimeRecovery: true', '    recoveryPeriodInDays: 0'), 7, 27, /must be >= 1/);
  });
});

describe('contributor insights', () => {
  it('defaults to off on the table and on each index', () => {
    const schema = loadSchema(table('    globalSecondaryIndexes:', '      - name: by_shop', '        partitionKey: { name: shop, type: S }', '        contributorInsights: true'), FILE);
    expect(schema.tables[0]!.contributorInsights).toBe(false);
    expect(schema.tables[0]!.globalSecondaryIndexes[0]!.contributorInsights).toBe(true);
  });
});

describe('resource policy', () => {
  it('loads as the document written, key order kept', () => {
    const schema = loadSchema(
      table('    resourcePolicy:', '      Version: "2012-10-17"', '      Statement:', '        - { Effect: Deny, Principal: "*", Action: dynamodb:DeleteTable, Resource: "*" }'),
      FILE,
    );
    expect(JSON.stringify(schema.tables[0]!.resourcePolicy)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"dynamodb:DeleteTable","Resource":"*"}]}',
    );
  });

  it('is a map, not a JSON string', () => {
    expectError(table('    resourcePolicy: \'{"Version":"2012-10-17"}\''), 6, 21, /must be an object/);
  });

  it(`fits ${MAX_RESOURCE_POLICY_BYTES} bytes as JSON`, () => {
    const sid = 'x'.repeat(MAX_RESOURCE_POLICY_BYTES);
    expectError(lines(...table('    resourcePolicy:', `      Statement: [{ Sid: ${sid} }]`).trimEnd().split('\n')), 6, 5, /resource policy is 2\d{4} bytes as JSON; DynamoDB allows at most 20480/);
  });
});
