import { describe, expect, it } from 'vitest';
import { shopifySessionsTable } from './canonical.js';
import { toCreateTableCliOptions } from './cli-arguments.js';
import { toCreateTableScript, toResourcePolicyFile, toScriptView, type AwsCliCall, type ScriptQuoting } from './script-calls.js';
import { toSchema } from './to-model.js';

const [orders] = toSchema({
  tables: [
    {
      name: 'orders',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      attributes: [{ name: 'expiresAt', type: 'N' }],
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecovery: true,
      recoveryPeriodInDays: 7,
      contributorInsights: true,
      onDemandThroughput: { maxReadRequestUnits: 100 },
      warmThroughput: { writeUnitsPerSecond: 5000 },
      globalSecondaryIndexes: [{ name: 'kind_index', partitionKey: { name: 'kind', type: 'S' }, contributorInsights: true, onDemandThroughput: { maxWriteRequestUnits: 9 } }],
      localSecondaryIndexes: [{ name: 'date_index', sortKey: { name: 'date', type: 'N' } }],
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*', Sid: 'caf\u00e9' }] },
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
      'get-resource-policy', 'put-resource-policy', // on a table that already existed
      'update-table', 'update-table', 'update-table', // on-demand caps, warm throughput, the index's caps
      'describe-contributor-insights', 'update-contributor-insights', // the table
      'describe-contributor-insights', 'update-contributor-insights', // kind_index
    ]);
  });

  it('names the recovery period in the PITR calls only when the schema sets one', () => {
    const pitr = toCreateTableScript(orders!).pointInTimeRecovery!;
    expect(pitr.update.options[1]).toEqual(['--point-in-time-recovery-specification', 'PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=7']);
    expect(pitr.enabled).toEqual({ text: ['ENABLED\t7'] });
    const without = toCreateTableScript({ ...orders!, recoveryPeriodInDays: undefined }).pointInTimeRecovery!;
    expect(without.update.options[1]).toEqual(['--point-in-time-recovery-specification', 'PointInTimeRecoveryEnabled=true']);
    expect(without.describe.options[0]!.at(-1)).toBe('ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus');
  });

  it('reconciles caps exactly (an unset member as -1) and warm throughput as a floor', () => {
    const [caps, warm, indexCaps] = toCreateTableScript(orders!).throughput!;
    expect(caps).toMatchObject({ mode: 'cap', read: { word: '100' }, write: { word: '' } });
    expect(caps!.update.options[1]).toEqual(['--on-demand-throughput', 'MaxReadRequestUnits=100,MaxWriteRequestUnits=-1']);
    expect(warm).toMatchObject({ mode: 'warm', read: { word: '' }, write: { word: '5000' } });
    expect(warm!.update.options[1]).toEqual(['--warm-throughput', 'WriteUnitsPerSecond=5000']);
    expect(indexCaps!.query.word).toBe("Table.GlobalSecondaryIndexes[?IndexName=='kind_index'] | [0].OnDemandThroughput.[MaxReadRequestUnits,MaxWriteRequestUnits]");
    expect(indexCaps!.update.options[1]).toEqual(['--global-secondary-index-updates', 'Update={IndexName=kind_index,OnDemandThroughput={MaxReadRequestUnits=-1,MaxWriteRequestUnits=9}}']);
  });

  it('passes the resource policy as the file next to the script, written as ASCII JSON of the same document', () => {
    const { createTable, resourcePolicy, awsCli } = toCreateTableScript(orders!);
    expect(createTable.options.at(-2)).toEqual(['--resource-policy', { variable: 'resourcePolicyUri' }]);
    const file = toResourcePolicyFile(orders!)!;
    expect(resourcePolicy!.file).toBe('create-orders-table.resource-policy.json');
    expect(file.path).toBe(resourcePolicy!.file);
    expect(resourcePolicy!.put.options).toEqual([['--resource-arn', { variable: 'tableArn' }], ['--policy', { variable: 'resourcePolicyUri' }]]);
    expect(file.contents).toMatch(/^[\x20-\x7e\n]+\n$/);
    expect(file.contents).toContain('"Sid": "caf\\u00e9"');
    expect(JSON.parse(file.contents)).toEqual(orders!.resourcePolicy);
    expect(toResourcePolicyFile(shopifySessionsTable)).toBeUndefined();
    expect(awsCli).toEqual({
      v1: '1.36.35', v2: '2.22.30', v1Number: '1036035', v2Number: '2022030',
      features: '--deletion-protection-enabled, --resource-policy, OnDemandThroughput (--on-demand-throughput), WarmThroughput (--warm-throughput), RecoveryPeriodInDays',
    });
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
    expect([view.awsCli, view.localIndexes, view.resourcePolicy, view.throughput, view.contributorInsights]).toEqual([false, false, false, false, false]);
  });

  it('leaves nothing unrendered: every leaf a template reads is a string or false', () => {
    const leaves: unknown[] = [];
    const visit = (value: unknown): void => {
      if (value && typeof value === 'object') Object.values(value).forEach(visit);
      else leaves.push(value);
    };
    const view = toScriptView(toCreateTableScript(orders!), bracketQuoting);
    visit(view);
    expect(leaves.filter((leaf) => typeof leaf !== 'string' && leaf !== false)).toEqual([]);
    // false only where a throughput check has no status to wait for (on-demand caps apply at once).
    expect(leaves.filter((leaf) => leaf === false)).toHaveLength(view.throughput ? view.throughput.filter((check) => !check.statusQuery).length : 0);
    expect(view.timeToLive && view.timeToLive.enabledLines).toEqual(['"ENABLED\texpiresAt"', '"ENABLING\texpiresAt"']);
    expect(view.tags && view.tags.tagResource.line).toBe('[dynamodb] [tag-resource] [--resource-arn] <tableArn> [--tags] [Key=team,Value=checkout]');
  });
});
