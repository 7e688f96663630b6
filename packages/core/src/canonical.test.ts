/**
 * The built-in `shopify_sessions` table: exactly what `@shopify/shopify-app-session-storage-dynamodb`
 * reads and writes, and a valid schema in its own right.
 */
import { describe, expect, it } from 'vitest';
import { canonicalSchema, shopifySessionsTable } from './canonical.js';
import { SchemaError } from './errors.js';
import type { SchemaInput } from './input.js';
import { loadSchema } from './load.js';
import { keyAttributesOf } from './model.js';
import { checkSchemaRules } from './rules.js';

/** The canonical table written by hand in the YAML input shape, every field explicit. */
const CANONICAL_YAML = [
  'tables:', //                                                                  1
  '  - name: shopify_sessions', //                                                2
  '    scriptName: create-sessions-table', //                                     3
  '    description: "OAuth sessions stored by @shopify/shopify-app-session-storage-dynamodb."',
  '    partitionKey:', //                                                         5
  '      name: id',
  '      type: S',
  '    billingMode: PAY_PER_REQUEST',
  '    globalSecondaryIndexes:',
  '      - name: shop_index', //                                                 10
  '        partitionKey:',
  '          name: shop',
  '          type: S',
  '        projection: ALL',
  '    attributes:', //                                                          15
  '      - name: state',
  '        type: S',
  '        description: "OAuth state nonce."',
  '      - name: isOnline',
  '        type: BOOL', //                                                       20
  '        description: "true for online (user) sessions."',
  '      - name: scope',
  '        type: S',
  '        description: "Granted access scopes, comma-separated."',
  '      - name: accessToken', //                                                25
  '        type: S',
  '        description: "Shop access token."',
  '      - name: expires',
  '        type: S',
  '        description: "Expiry as an ISO-8601 string (toISOString())."', //      30
  '      - name: onlineAccessInfo',
  '        type: M',
  '        description: "Associated user and expiry of an online session."',
  '      - name: refreshToken',
  '        type: S', //                                                          35
  '        description: "Refresh token of an expiring offline token."',
  '      - name: refreshTokenExpires',
  '        type: S',
  '        description: "Refresh token expiry as an ISO-8601 string."',
  '    pointInTimeRecovery: false', //                                            40
  '    deletionProtection: false',
  '    encryption:',
  '      type: AWS_OWNED',
  '    tableClass: STANDARD',
].join('\n');

describe('shopifySessionsTable', () => {
  it('is keyed by id, a String, with no sort key', () => {
    expect(shopifySessionsTable.name).toBe('shopify_sessions');
    expect(shopifySessionsTable.partitionKey).toStrictEqual({ name: 'id', type: 'S' });
    expect(shopifySessionsTable.sortKey).toBeUndefined();
  });

  it('has exactly one index, shop_index on shop (S), projecting ALL', () => {
    expect(shopifySessionsTable.globalSecondaryIndexes).toStrictEqual([
      { name: 'shop_index', partitionKey: { name: 'shop', type: 'S' }, projection: { type: 'ALL' }, contributorInsights: false },
    ]);
  });

  it('bills on demand, without TTL, stream, tags or a non-default option', () => {
    expect(shopifySessionsTable.billing).toStrictEqual({ mode: 'PAY_PER_REQUEST' });
    expect(shopifySessionsTable.timeToLiveAttribute).toBeUndefined();
    expect('timeToLiveAttribute' in shopifySessionsTable).toBe(false);
    expect(shopifySessionsTable.stream).toBeUndefined();
    expect(shopifySessionsTable.tags).toEqual([]);
    expect(shopifySessionsTable.pointInTimeRecovery).toBe(false);
    expect(shopifySessionsTable.deletionProtection).toBe(false);
    expect(shopifySessionsTable.serverSideEncryption).toStrictEqual({ type: 'AWS_OWNED' });
    expect(shopifySessionsTable.tableClass).toBe('STANDARD');
  });

  it('documents exactly the attributes the adapter stores, with the types it stores', () => {
    expect(shopifySessionsTable.attributes.map(({ name, type }) => [name, type])).toEqual([
      ['state', 'S'],
      ['isOnline', 'BOOL'],
      ['scope', 'S'],
      ['accessToken', 'S'],
      ['expires', 'S'],
      ['onlineAccessInfo', 'M'],
      ['refreshToken', 'S'],
      ['refreshTokenExpires', 'S'],
    ]);
  });

  it('gives every documented attribute a description', () => {
    for (const attribute of shopifySessionsTable.attributes) expect(attribute.description?.length).toBeGreaterThan(0);
    expect(shopifySessionsTable.attributes.find((a) => a.name === 'expires')!.description).toContain('ISO-8601');
  });

  it('defines only id and shop as key attributes', () => {
    expect(keyAttributesOf(shopifySessionsTable)).toEqual([
      { name: 'id', type: 'S' },
      { name: 'shop', type: 'S' },
    ]);
  });

  it('is the only table of canonicalSchema, with its script name', () => {
    expect(canonicalSchema.tables).toHaveLength(1);
    expect(canonicalSchema.tables[0]).toBe(shopifySessionsTable);
    expect(shopifySessionsTable.scriptName).toBe('create-sessions-table');
  });
});

describe('the canonical table as YAML input', () => {
  it('loads back into an equal model', () => {
    expect(loadSchema(CANONICAL_YAML, 'ddb-migrations.yaml')).toStrictEqual(canonicalSchema);
  });

  it('loads back into an equal model when defaults are left out', () => {
    const minimal = CANONICAL_YAML.split('\n')
      .filter((line) => !/^ {4}(billingMode|pointInTimeRecovery|deletionProtection|encryption|tableClass):|^ {6}type: AWS_OWNED|^ {8}projection: ALL/.test(line))
      .join('\n');
    expect(minimal.split('\n')).toHaveLength(37);
    expect(loadSchema(minimal, 'ddb-migrations.yaml')).toStrictEqual(canonicalSchema);
  });

  it('passes every semantic rule', () => {
    const input: SchemaInput = {
      tables: [
        {
          name: shopifySessionsTable.name,
          scriptName: shopifySessionsTable.scriptName,
          description: shopifySessionsTable.description!,
          partitionKey: shopifySessionsTable.partitionKey,
          globalSecondaryIndexes: [{ name: 'shop_index', partitionKey: { name: 'shop', type: 'S' }, projection: 'ALL' }],
          attributes: shopifySessionsTable.attributes,
        },
      ],
    };
    expect(checkSchemaRules(input)).toEqual([]);
  });

  it('refuses a TTL on expires, which the adapter stores as an ISO-8601 String', () => {
    const withTtl = `${CANONICAL_YAML}\n    timeToLiveAttribute: expires\n`; // line 45, value at column 26
    let caught: unknown;
    try {
      loadSchema(withTtl, 'ddb-migrations.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaError);
    const error = caught as SchemaError;
    expect({ line: error.position?.line, column: error.position?.column }).toEqual({ line: 45, column: 26 });
    expect(error.reason).toContain('TTL attribute "expires" is a String');
    expect(error.reason).toContain('ISO-8601');
  });
});
