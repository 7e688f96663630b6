import { loadSchema, type Schema } from '@ddb-migrations/core';

/**
 * A valid schema of `count` tables for the artifact-limit tests: every third a Shopify session table
 * (key `id`, index `shop_index`), the rest order-like tables with a sort key, an index, tags and TTL, so
 * the templates and policies grow the way real schemas do. Built as YAML so the validator checks it.
 */
export function manyTablesSchema(count: number): Schema {
  const lines = ['tables:'];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(3, '0');
    if (i % 3 === 1) {
      lines.push(
        `  - name: app_${n}_sessions`,
        '    partitionKey: { name: id, type: S }',
        '    globalSecondaryIndexes:',
        '      - { name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }',
      );
    } else {
      lines.push(
        `  - name: app_${n}_orders`,
        '    partitionKey: { name: customerId, type: S }',
        '    sortKey: { name: orderedAt, type: N }',
        '    globalSecondaryIndexes:',
        '      - { name: status_index, partitionKey: { name: status, type: S }, sortKey: { name: orderedAt, type: N }, projection: KEYS_ONLY }',
        '    attributes: [{ name: expiresAt, type: N }]',
        '    timeToLiveAttribute: expiresAt',
        '    tags: { team: checkout }',
      );
    }
  }
  return loadSchema(`${lines.join('\n')}\n`, `many-${count}.yaml`);
}
