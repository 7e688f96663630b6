/**
 * The settings of issue 14 in the README: each shows where the schema uses it, in words a reader of
 * the console recognises, and a schema that uses none renders as it did before them.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, loadSchema } from '@ddb-migrations/core';
import { richSchema } from '@ddb-migrations/test-support';
import { emitReadme } from './index.js';

const readme = (schema = canonicalSchema) => emitReadme(schema).files[0]!.contents;
const NEW_LABELS = ['Maximum on-demand throughput', 'Warm throughput', 'CloudWatch Contributor Insights', 'Resource-based policy', 'Local secondary indexes', 'Contributor Insights'];

describe('the six settings in the README', () => {
  it('names none of them for a schema that uses none (the built-in one)', () => {
    const text = readme();
    for (const label of NEW_LABELS) expect(text).not.toContain(label);
    expect(text).toContain('| Point-in-time recovery | off |');
  });

  it('lists each setting the rich fixture uses, per table and per index', () => {
    const text = readme(richSchema());
    expect(text).toContain('| Point-in-time recovery | on, restorable to any point in the last 7 days |');
    expect(text).toContain('| CloudWatch Contributor Insights | on |');
    expect(text).toContain('| `sku_index` | `sku` (String) | none | KEYS_ONLY | on |');
    expect(text).toContain('| `delivered_index` | `deliveredAt` (Number) | INCLUDE `currency` |');
    expect(text).toContain('| Maximum on-demand throughput | at most 200 read / 100 write request units per second |');
    expect(text).toContain('| Warm throughput | at least 15000 read / 5000 write units per second |');
    expect(text).toContain("| `kind_index` | `kind` (String) | none | KEYS_ONLY | at most 50 read / uncapped write request units per second | at least 15000 read / DynamoDB's default write units per second |");
    // app_sessions has PITR on without a period: DynamoDB's default, not named.
    expect(text).toMatch(/## Table `app_sessions`[\s\S]*\| Point-in-time recovery \| on \|/);
  });

  it('gives the console steps of each, local indexes before the table is created', () => {
    const text = readme(richSchema());
    const orders = text.slice(text.indexOf('For `app_orders`:'), text.indexOf('For `app_events`:'));
    const created = orders.indexOf('Create table, and wait');
    expect(orders.indexOf('Create local index: sort key `deliveredAt` (Number), name `delivered_index`')).toBeLessThan(created);
    expect(orders).toContain('Point-in-time recovery (PITR) > Edit > Turn on, backup recovery period 7 days.');
    expect(orders).toContain('CloudWatch Contributor Insights > Edit > Turn on, for the table and the index `sku_index`.');
    expect(orders).toContain('Create table policy: paste the policy shown above for this table.');
    const events = text.slice(text.indexOf('For `app_events`:'));
    expect(events).toContain('Capacity mode: On-demand. Maximum table throughput: maximum read request units 200, maximum write request units 100.');
    expect(events).toContain('name `kind_index`, attribute projections: Only keys, maximum read request units 50, increase warm throughput to 15000 read units per second.');
  });

  it('shows the policy as a JSON block that parses back to the schema\'s document, kept ASCII', () => {
    const schema = loadSchema(
      [
        'tables:',
        '  - name: orders',
        '    partitionKey: { name: id, type: S }',
        '    resourcePolicy:',
        '      Version: "2012-10-17"',
        '      Statement:',
        '        - { Sid: "Kein Löschen ```", Effect: Deny, Principal: "*", Action: "dynamodb:DeleteTable", Resource: "*" }',
        '',
      ].join('\n'),
      'o.yaml',
    );
    const text = readme(schema);
    const blocks = new MarkdownIt().parse(text, {}).filter((token) => token.type === 'fence' && token.info === 'json');
    expect(blocks).toHaveLength(1);
    expect(JSON.parse(blocks[0]!.content)).toEqual(schema.tables[0]!.resourcePolicy);
    expect(text).toContain('Kein L\\u00f6schen ```');
  });
});
