/**
 * Artifact names derived from a table's script name, and the README's stack name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lines } from './__tests__/schema-text.js';
import { artifactNamesOf, stackNameOf } from './artifact-names.js';
import { canonicalSchema, shopifySessionsTable } from './canonical.js';
import { loadSchema } from './load.js';
import { defaultScriptName, MAX_SCRIPT_NAME_LENGTH } from './rules.js';

const rich = loadSchema(readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url)), 'rich.yaml');

describe('artifactNamesOf', () => {
  it('names the single canonical table without prefixes', () => {
    expect(artifactNamesOf(shopifySessionsTable, canonicalSchema)).toStrictEqual({
      script: 'create-sessions-table',
      logicalId: 'SessionsTable',
      cloudFormationParameter: 'TableName',
      cloudFormationOutputPrefix: '',
      terraformResource: 'sessions',
      terraformVariable: 'table_name',
      terraformOutputPrefix: '',
    });
  });

  it('prefixes names when the schema has several tables', () => {
    expect(rich.tables.map((table) => artifactNamesOf(table, rich))).toStrictEqual([
      {
        script: 'create-orders-table',
        logicalId: 'OrdersTable',
        cloudFormationParameter: 'OrdersTableName',
        cloudFormationOutputPrefix: 'OrdersTable',
        terraformResource: 'orders',
        terraformVariable: 'orders_table_name',
        terraformOutputPrefix: 'orders_',
      },
      {
        script: 'create-app-events-table',
        logicalId: 'AppEventsTable',
        cloudFormationParameter: 'AppEventsTableName',
        cloudFormationOutputPrefix: 'AppEventsTable',
        terraformResource: 'app_events',
        terraformVariable: 'app_events_table_name',
        terraformOutputPrefix: 'app_events_',
      },
    ]);
  });

  it('falls back to "main" when the script name has no stem', () => {
    const table = { ...shopifySessionsTable, scriptName: 'create--table' };
    const names = artifactNamesOf(table, { tables: [table] });
    expect(names.logicalId).toBe('MainTable');
    expect(names.terraformResource).toBe('main');
  });

  it('refuses two tables whose script names would give them the same logical id and Terraform resource', () => {
    // The script names differ ("create-orders-table" vs "orders") but share the stem "orders".
    expect(() =>
      loadSchema(
        lines(
          'tables:',
          '  - name: orders',
          '    partitionKey: { name: id, type: S }',
          '  - name: orders_archive',
          '    scriptName: orders',
          '    partitionKey: { name: id, type: S }',
        ),
        'ddb-migrations.yaml',
      ),
    ).toThrow('ddb-migrations.yaml:5:17: script name "orders" gives the same CloudFormation or Terraform names as tables[0] (OrdersTable, orders)');
  });

  it('refuses two tables whose different stems meet in one logical id ("1-2" and "12" both give 12Table)', () => {
    const yaml = lines('tables:', '  - name: "1.2"', '    partitionKey: { name: id, type: S }', '  - name: "12"', '    partitionKey: { name: id, type: S }');
    expect(() => loadSchema(yaml, 'ddb-migrations.yaml')).toThrow('ddb-migrations.yaml:4:5: script name "create-12-table" gives the same CloudFormation or Terraform names as tables[0] (12Table, _12)');
  });
});

describe('defaultScriptName', () => {
  it('turns the table name into lowercase words', () => {
    expect(defaultScriptName('shopify_sessions')).toBe('create-shopify-sessions-table');
    expect(defaultScriptName('_My.App__Orders_')).toBe('create-my-app-orders-table');
    expect(defaultScriptName('123')).toBe('create-123-table');
  });

  it('names a table without letters or digits by a hash of its name, distinct per name', () => {
    const names = ['...', '....', '___', '._-', '.'.repeat(255)].map(defaultScriptName);
    for (const name of names) expect(name).toMatch(/^create-[0-9a-f]{8}-table$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('cuts a long name to at most 100 characters, keeping a hash of the whole name', () => {
    const long = (last: string) => defaultScriptName(`${'a'.repeat(254)}${last}`);
    expect(long('b')).toMatch(/^create-a+-[0-9a-f]{8}-table$/);
    expect(long('b').length).toBeLessThanOrEqual(MAX_SCRIPT_NAME_LENGTH);
    expect(long('b')).not.toBe(long('c'));
    expect(defaultScriptName(`${'a'.repeat(86)}`)).toBe(`create-${'a'.repeat(86)}-table`);
    expect(defaultScriptName(`${'a'.repeat(88)}`)).toMatch(/^create-a{78}-[0-9a-f]{8}-table$/);
  });
});

describe('names in Terraform and CloudFormation for stems that start with a digit', () => {
  it('puts "_" before a Terraform name that would start with a digit; CloudFormation ids may start with one', () => {
    const table = { ...shopifySessionsTable, name: '2024.orders', scriptName: defaultScriptName('2024.orders') };
    const names = artifactNamesOf(table, { tables: [table, { ...shopifySessionsTable }] });
    expect(names).toMatchObject({ logicalId: '2024OrdersTable', terraformResource: '_2024_orders', terraformVariable: '_2024_orders_table_name', terraformOutputPrefix: '_2024_orders_' });
  });
});

describe('stackNameOf', () => {
  const single = (name: string) => stackNameOf({ tables: [{ ...shopifySessionsTable, name, scriptName: defaultScriptName(name) }] });

  it('starts with a letter, holds only letters, digits and "-", and fits 128 characters, for the extremes', () => {
    expect(single('123')).toBe('ddb-123-table');
    expect(single('...')).toMatch(/^ddb-[0-9a-f]{8}-table$/);
    expect(single('_'.repeat(255))).toMatch(/^[a-z][a-z0-9-]*-table$/);
    expect(single('x'.repeat(255))).toBe(`${'x'.repeat(122)}-table`);
    expect(single('9'.repeat(255))).toBe(`ddb-${'9'.repeat(118)}-table`);
  });

  it('derives shopify-sessions-table for the canonical schema', () => {
    expect(stackNameOf(canonicalSchema)).toBe('shopify-sessions-table');
  });

  it('slugs a single table name and uses a fixed name for several tables', () => {
    const table = { ...shopifySessionsTable, name: '_My.App__Orders_' };
    expect(stackNameOf({ tables: [table] })).toBe('my-app-orders-table');
    expect(stackNameOf(rich)).toBe('ddb-migrations-tables');
  });
});
