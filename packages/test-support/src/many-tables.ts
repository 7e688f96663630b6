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

/**
 * The largest single table the validator accepts: a 255-character name, 255-character key and index
 * names, 20 indexes projecting 100 attributes in all, and 50 tags at their longest. Its CloudFormation
 * template is over the 51,200-byte `--template-body` limit on its own.
 */
export function largestTableSchema(): Schema {
  const long = (first: string, i: number, fill: string) => `${first}${String(i).padStart(3, '0')}${fill.repeat(251)}`;
  // A short scriptName: the logical id derived from a 255-character name is the names rules' concern.
  const lines = ['tables:', `  - name: ${'T'.repeat(255)}`, '    scriptName: create-big-table', `    partitionKey: { name: ${'p'.repeat(255)}, type: S }`, `    sortKey: { name: ${'s'.repeat(255)}, type: S }`, '    globalSecondaryIndexes:'];
  for (let i = 0; i < 20; i++) {
    const included = Array.from({ length: 5 }, (_, j) => long('a', i * 5 + j, 'x'));
    lines.push(`      - { name: ${long('i', i, 'n')}, partitionKey: { name: ${long('g', i, 'p')}, type: S }, sortKey: { name: ${long('h', i, 's')}, type: S }, projection: INCLUDE, nonKeyAttributes: [${included.join(', ')}] }`);
  }
  lines.push('    tags:', ...Array.from({ length: 50 }, (_, i) => `      ${long('k', i, 'k').slice(0, 128)}: ${long('v', i, 'v').slice(0, 256)}`));
  lines.push('    pointInTimeRecovery: true', '    stream: NEW_AND_OLD_IMAGES', '    encryption: { type: KMS, kmsKeyId: alias/app-data }');
  return loadSchema(`${lines.join('\n')}\n`, 'largest.yaml');
}

/** Strings a YAML 1.1 loader would type if written plain: booleans, numbers of every base, times, dates, nulls. */
export const YAML_1_1_TYPED_STRINGS = [
  'yes', 'No', 'on', 'Off', 'TRUE', 'y', 'n', '1_000', '12:30:00', '190:20:30', '2024-01-01', '2001-12-14 21:59:43.10', '0755', '0x1F', '0b101',
  '1e3', '1.5', '.5', '+12', '-1', '.inf', '-.Inf', '.NaN', 'null', 'Null', '=',
];

/**
 * A table whose names, index, projected attributes and tag keys and values are all such strings, as
 * far as each name's rules allow; written as JSON (a subset of YAML) so the strings load as strings.
 */
export function yamlTypedValuesSchema(): Schema {
  const tagValue = (value: string) => value.replace(/[^A-Za-z0-9 _.:/+@=-]/g, '');
  const table = {
    name: '2024-01-01',
    scriptName: 'create-dated-table',
    partitionKey: { name: 'yes', type: 'S' },
    sortKey: { name: 'on', type: 'N' },
    globalSecondaryIndexes: [
      { name: 'Off', partitionKey: { name: 'No', type: 'S' }, sortKey: { name: '1_000', type: 'N' }, projection: 'INCLUDE', nonKeyAttributes: ['y', '0755', '1e3', 'null'] },
    ],
    tags: Object.fromEntries(YAML_1_1_TYPED_STRINGS.filter((value) => tagValue(value) === value && value !== '=').map((value, i) => [i % 2 === 0 ? value : `k${i}`, value])),
  };
  return loadSchema(JSON.stringify({ tables: [table] }, null, 2), 'yaml-typed.json');
}
