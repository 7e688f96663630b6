/**
 * Artifact names derived from a table's script name, and the README's stack name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lines } from './__tests__/schema-text.js';
import { artifactNamesOf, stackNameOf } from './artifact-names.js';
import { canonicalSchema, shopifySessionsTable } from './canonical.js';
import { loadSchema } from './load.js';

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
    ).toThrow('ddb-migrations.yaml:5:17: script name "orders" gives the same CloudFormation and Terraform names as tables[0]');
  });
});

describe('stackNameOf', () => {
  it('derives shopify-sessions-table for the canonical schema', () => {
    expect(stackNameOf(canonicalSchema)).toBe('shopify-sessions-table');
  });

  it('slugs a single table name and uses a fixed name for several tables', () => {
    const table = { ...shopifySessionsTable, name: '_My.App__Orders_' };
    expect(stackNameOf({ tables: [table] })).toBe('my-app-orders-table');
    expect(stackNameOf(rich)).toBe('ddb-migrations-tables');
  });
});
