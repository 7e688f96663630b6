import type { GlobalSecondaryIndex, TableSchema } from './model.js';

/**
 * What `@shopify/shopify-app-session-storage-dynamodb` (8.x) needs of its table, read from its source:
 * - storeSession / loadSession / deleteSession send PutItem, GetItem and DeleteItem with the key
 *   `{ id: <string> }` and nothing else, so the table's key must be exactly a String partition key `id`
 *   (a sort key would make every GetItem and DeleteItem fail with a key-schema error);
 * - findSessionsByShop sends Query with `IndexName: shopIndexName`, `KeyConditionExpression: 'shop = :shop'`
 *   (a string) and `ProjectionExpression: 'id, shop'`, then loads each session by `id`. So an index whose
 *   partition key is the String `shop` works with any projection: the table key and the index key are in
 *   every GSI projection, KEYS_ONLY included, and a sort key on the index does not stop a partition-only query.
 */
export function sessionIndexOf(table: TableSchema): GlobalSecondaryIndex | undefined {
  if (table.partitionKey.name !== 'id' || table.partitionKey.type !== 'S' || table.sortKey) return undefined;
  const shopIndexes = table.globalSecondaryIndexes.filter((index) => index.partitionKey.name === 'shop' && index.partitionKey.type === 'S');
  // The adapter's default index name first, so a table with several candidates needs no option.
  return shopIndexes.find((index) => index.name === 'shop_index') ?? shopIndexes[0];
}

/** True when the Shopify session adapter can use the table as its `sessionTableName`. */
export function isShopifySessionTable(table: TableSchema): boolean {
  return sessionIndexOf(table) !== undefined;
}
