import { describe, expect, it } from 'vitest';
import { shopifySessionsTable } from './canonical.js';
import type { GlobalSecondaryIndex, TableSchema } from './model.js';
import { isShopifySessionTable, sessionIndexOf } from './session-shape.js';

const shopIndex = (name: string, extra: Partial<GlobalSecondaryIndex> = {}): GlobalSecondaryIndex => ({
  name,
  partitionKey: { name: 'shop', type: 'S' },
  projection: { type: 'ALL' },
  contributorInsights: false,
  ...extra,
});
const withShape = (patch: Partial<TableSchema>): TableSchema => ({ ...shopifySessionsTable, ...patch });

describe('isShopifySessionTable', () => {
  it('accepts the canonical table and any projection of a String shop index', () => {
    expect(isShopifySessionTable(shopifySessionsTable)).toBe(true);
    for (const projection of [{ type: 'KEYS_ONLY' as const }, { type: 'INCLUDE' as const, nonKeyAttributes: ['state'] }]) {
      expect(sessionIndexOf(withShape({ globalSecondaryIndexes: [shopIndex('by_shop', { projection })] }))?.name).toBe('by_shop');
    }
    // A sort key on the index does not stop the adapter's partition-only Query.
    expect(isShopifySessionTable(withShape({ globalSecondaryIndexes: [shopIndex('s', { sortKey: { name: 'id', type: 'S' } })] }))).toBe(true);
  });

  it("prefers the adapter's default index name among several candidates", () => {
    const table = withShape({ globalSecondaryIndexes: [shopIndex('a_index'), shopIndex('shop_index')] });
    expect(sessionIndexOf(table)?.name).toBe('shop_index');
  });

  it('refuses every shape the adapter cannot read or write', () => {
    const refused: [string, TableSchema][] = [
      ['partition key not id', withShape({ partitionKey: { name: 'pk', type: 'S' } })],
      ['partition key id of type N', withShape({ partitionKey: { name: 'id', type: 'N' } })],
      ['a sort key (GetItem by id alone fails)', withShape({ sortKey: { name: 'sk', type: 'S' } })],
      ['no index', withShape({ globalSecondaryIndexes: [] })],
      ['an index on another attribute', withShape({ globalSecondaryIndexes: [{ ...shopIndex('status_index'), partitionKey: { name: 'status', type: 'S' } }] })],
      ['shop as a Number', withShape({ globalSecondaryIndexes: [{ ...shopIndex('shop_index'), partitionKey: { name: 'shop', type: 'N' } }] })],
      ['shop only as an index sort key', withShape({ globalSecondaryIndexes: [{ ...shopIndex('x'), partitionKey: { name: 'state', type: 'S' }, sortKey: { name: 'shop', type: 'S' } }] })],
    ];
    for (const [why, table] of refused) expect(isShopifySessionTable(table), why).toBe(false);
  });
});
