import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema } from './canonical.js';
import { loadSchema } from './load.js';
import { toSchemaYaml } from './to-yaml.js';

const rich = loadSchema(readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url)), 'rich.yaml');

describe('toSchemaYaml', () => {
  it('writes the built-in schema as the README shows a schema file, with the header comments first', () => {
    const text = toSchemaYaml(canonicalSchema, { header: ['yaml-language-server: $schema=./schema.json', '', 'Edit me.'] });
    expect(text.split('\n').slice(0, 12)).toEqual([
      '# yaml-language-server: $schema=./schema.json',
      '#',
      '# Edit me.',
      'tables:',
      '  - name: shopify_sessions',
      '    scriptName: create-sessions-table',
      '    description: OAuth sessions stored by @shopify/shopify-app-session-storage-dynamodb.',
      '    partitionKey: { name: id, type: S }',
      '    billingMode: PAY_PER_REQUEST',
      '    globalSecondaryIndexes:',
      '      - name: shop_index',
      '        partitionKey: { name: shop, type: S }',
    ]);
    expect(text).toContain('      - { name: expires, type: S, description: Expiry as an ISO-8601 string (toISOString()). }\n');
    expect(text).not.toMatch(/pointInTimeRecovery|deletionProtection|tableClass|encryption/);
  });

  it('round-trips through the loader: the built-in schema and every feature of the rich fixture', () => {
    for (const schema of [canonicalSchema, rich]) {
      const text = toSchemaYaml(schema, { header: 'generated' });
      expect(loadSchema(text, 'out.yaml')).toEqual(schema);
    }
    // Control: the fixture really carries the non-default features that must survive.
    const text = toSchemaYaml(rich);
    for (const field of ['billingMode: PROVISIONED', 'nonKeyAttributes: [ total, currency ]', 'encryption: { type: KMS, kmsKeyId: alias/app-orders }', 'tableClass: STANDARD_INFREQUENT_ACCESS', 'Cost-Center: "4711"', 'deletionProtection: true',
      'localSecondaryIndexes:\n      - name: shipped_index\n        sortKey: { name: shippedAt, type: N }\n        projection: INCLUDE\n        nonKeyAttributes: [ total ]\n',
      'recoveryPeriodInDays: 7', 'contributorInsights: true', 'onDemandThroughput: { maxReadRequestUnits: 50, maxWriteRequestUnits: 25 }',
      'warmThroughput: { readUnitsPerSecond: 15000, writeUnitsPerSecond: 5000 }', 'resourcePolicy:\n      Version: "2012-10-17"\n']) {
      expect(text).toContain(field);
    }
  });

  it('quotes values YAML would otherwise read as another type', () => {
    const schema = { tables: [{ ...canonicalSchema.tables[0]!, description: 'yes: true # not a comment', tags: [{ key: 'on', value: '0012' }] }] };
    expect(loadSchema(toSchemaYaml(schema), 'out.yaml')).toEqual(schema);
  });
});
