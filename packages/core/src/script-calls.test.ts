import { describe, expect, it } from 'vitest';
import { shopifySessionsTable } from './canonical.js';
import { toCreateTableCliOptions } from './cli-arguments.js';
import { toCreateTableScript, toScriptView, type AwsCliCall, type ScriptQuoting } from './script-calls.js';
import { toSchema } from './to-model.js';

const [orders] = toSchema({
  tables: [
    {
      name: 'orders',
      partitionKey: { name: 'pk', type: 'S' },
      attributes: [{ name: 'expiresAt', type: 'N' }],
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecovery: true,
      deletionProtection: true,
      tags: { team: 'checkout' },
    },
  ],
}).tables;

/** Writes every word visibly, so a test can read which words and variables a call has. */
const bracketQuoting: ScriptQuoting = {
  word: (value) => `[${value}]`,
  variable: (name) => `<${name}>`,
  text: (lines) => `"${lines.join('|')}"`,
  pattern: (ere) => `/${ere}/`,
  separator: ' ',
};

const callsOf = (value: unknown): AwsCliCall[] =>
  value && typeof value === 'object'
    ? 'operation' in value
      ? [value as AwsCliCall]
      : Object.values(value).flatMap(callsOf)
    : [];

describe('toCreateTableScript', () => {
  it('makes only the calls of the settings the schema asks for', () => {
    const operations = (table: typeof orders) => callsOf(toCreateTableScript(table!)).map((call) => call.operation);
    expect(operations(shopifySessionsTable)).toEqual(['describe-table', 'describe-table', 'create-table']);
    expect(operations(orders)).toEqual([
      'describe-table', 'describe-table', 'create-table',
      'describe-time-to-live', 'update-time-to-live',
      'describe-continuous-backups', 'update-continuous-backups',
      'update-table',
      'list-tags-of-resource', 'tag-resource',
    ]);
  });

  it('passes create-table the core CLI options, the table name as the variable the user chose', () => {
    const { createTable } = toCreateTableScript(shopifySessionsTable);
    expect(createTable.options).toEqual([
      ['--table-name', { variable: 'tableName' }],
      ...toCreateTableCliOptions(shopifySessionsTable),
      ['--output', 'text', '--query', 'TableDescription.TableStatus'],
    ]);
  });
});

describe('toScriptView', () => {
  it('renders every call, query, pattern and expectation with the given quoting, and absent settings as false', () => {
    const view = toScriptView(toCreateTableScript(shopifySessionsTable), bracketQuoting);
    expect(view.probe.line).toBe('[dynamodb] [describe-table] [--table-name] <tableName> [--output] [text] [--query] [Table.TableStatus]');
    expect(view.describeTable.line).toContain('[--query] <query>');
    expect(view.createTable.head).toBe('[dynamodb] [create-table]');
    expect(view.createTable.options[0]).toBe('[--table-name] <tableName>');
    expect(view.queries.tableArn).toBe('[Table.TableArn]');
    expect(view.patterns.region).toBe('/^[a-z][a-z0-9-]{1,31}$/');
    expect(view.expected.keySchema).toBe('"id\tHASH"');
    expect([view.timeToLive, view.pointInTimeRecovery, view.deletionProtection, view.tags]).toEqual([false, false, false, false]);
  });

  it('leaves nothing unrendered: every leaf a template reads is a string or false', () => {
    const leaves: unknown[] = [];
    const visit = (value: unknown): void => {
      if (value && typeof value === 'object') Object.values(value).forEach(visit);
      else leaves.push(value);
    };
    const view = toScriptView(toCreateTableScript(orders!), bracketQuoting);
    visit(view);
    expect(leaves.every((leaf) => typeof leaf === 'string')).toBe(true);
    expect(view.timeToLive && view.timeToLive.enabledLines).toEqual(['"ENABLED\texpiresAt"', '"ENABLING\texpiresAt"']);
    expect(view.tags && view.tags.tagResource.line).toBe('[dynamodb] [tag-resource] [--resource-arn] <tableArn> [--tags] [Key=team,Value=checkout]');
  });
});
