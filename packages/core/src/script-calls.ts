/**
 * Every AWS CLI call a generated create-table script makes, as data, and the one function that renders
 * it for a shell. emit-bash and emit-powershell differ only in the `ScriptQuoting` they pass, so the two
 * scripts cannot send different calls or drift apart in what their templates are given.
 */
import { ARGUMENT_PATTERNS } from './argument-patterns.js';
import {
  awsCliRequirementOf,
  DESCRIBE_QUERIES,
  toCreateTableCliOptions,
  toExistingTableExpectations,
  type ExistingTableExpectations,
} from './cli-arguments.js';
import type { OnDemandThroughput, TableSchema, WarmThroughput } from './model.js';

/**
 * A value only known when the script runs: the table name argument, the ARN it read, a helper's query
 * parameter, the `file://` URI of the resource policy next to the script.
 */
export type ScriptVariable = 'tableName' | 'tableArn' | 'query' | 'resourcePolicyUri';

/** One command-line word: a literal, or a script variable. */
export type CliWord = string | { variable: ScriptVariable };

/** `aws dynamodb <operation> ...`, its words grouped by option (a group renders on one line where a script breaks lines). */
export interface AwsCliCall {
  operation: string;
  options: CliWord[][];
}

/** Quoted by the script as AWS CLI text output: lines of tab-separated fields. */
export interface TextLines {
  text: string[];
}
/** Quoted by the script as a regular expression, given as POSIX ERE. */
export interface Pattern {
  pattern: string;
}
/** Quoted by the script as one command-line word. */
export interface Word {
  word: string;
}

export interface CreateTableScript {
  /** Plain strings are inert (validated names, descriptions): templates place them inside their own quotes or comments. */
  tableName: string;
  scriptName: string;
  descriptionLines: string[];
  patterns: Record<keyof typeof ARGUMENT_PATTERNS, Pattern>;
  /** `describe-table` with the query as a parameter: the helper every check and wait reads through. */
  describeTable: AwsCliCall;
  /** The first call: does the table exist? */
  probe: AwsCliCall;
  queries: Record<keyof typeof DESCRIBE_QUERIES, Word>;
  /** What an existing table must read back as (sorted). */
  expected: Record<keyof ExistingTableExpectations, TextLines>;
  createTable: AwsCliCall;
  /** The post-create settings, each `undefined` when the schema does not ask for it (templates see `false`). */
  timeToLive: { attribute: string; describe: AwsCliCall; enabledLines: TextLines[]; update: AwsCliCall } | undefined;
  /** `enabled` is what describe prints when in sync: the status, and the period when the schema names one. */
  pointInTimeRecovery: { describe: AwsCliCall; enabled: TextLines; period: string; update: AwsCliCall } | undefined;
  deletionProtection: { update: AwsCliCall } | undefined;
  tags: { list: AwsCliCall; expectedLines: TextLines[]; tagResource: AwsCliCall } | undefined;
  /** The oldest AWS CLI the script can run on, checked before any AWS call; undefined when 2.9.19 will do. */
  awsCli: AwsCliCheck | undefined;
  /** The local secondary indexes an existing table must have, compared like its global ones. */
  localIndexes: { query: Word; expected: TextLines } | undefined;
  /**
   * The policy document's file, next to the script (see {@link toResourcePolicyFile}), and for a table
   * that already existed: `get` to see whether it has a policy, `put` to attach the schema's when not.
   */
  resourcePolicy: { file: string; get: AwsCliCall; put: AwsCliCall } | undefined;
  /** On-demand caps and warm throughput of the table and each index, reconciled on a table that already existed. */
  throughput: ThroughputCheck[] | undefined;
  /** Contributor insights to enable: the table's and each index's that the schema turns on. */
  contributorInsights: { label: Word; describe: AwsCliCall; enable: AwsCliCall }[] | undefined;
}

export interface AwsCliCheck {
  /** First releases, e.g. `1.36.35` and `2.22.30`, and the same as major*1e6+minor*1e3+patch for shell arithmetic. */
  v1: string;
  v2: string;
  v1Number: string;
  v2Number: string;
  /** The flags or members that need it, comma-separated. */
  features: string;
}

/**
 * One throughput setting read back with `query` as `<read>\t<write>`. A `cap` (on-demand maximum) is in
 * sync when equal, and a member the schema leaves out when uncapped (-1, or None where an engine omits
 * it). `warm` throughput is increase-only and raised by DynamoDB itself: at or above the schema's is in
 * sync, and a member the schema leaves out is not compared.
 */
export interface ThroughputCheck {
  label: Word;
  mode: 'cap' | 'warm';
  query: Word;
  /** The schema's values; '' where it sets none. */
  read: Word;
  write: Word;
  update: AwsCliCall;
  /** Warm throughput: its `Status`, UPDATING while DynamoDB applies it (the next update waits for it). */
  statusQuery: Word | undefined;
}

const tableName = { variable: 'tableName' } as const;
const tableArn = { variable: 'tableArn' } as const;
const textQuery = (query: CliWord): CliWord[] => ['--output', 'text', '--query', query];
const mapValues = <K extends string, V, R>(record: Record<K, V>, map: (value: V) => R) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as V)])) as Record<K, R>;
const call = (operation: string, ...options: CliWord[][]): AwsCliCall => ({ operation, options });

/** The resource policy file a table's scripts pass to create-table, or undefined without a policy. */
export function toResourcePolicyFile(table: TableSchema): { path: string; contents: string } | undefined {
  if (table.resourcePolicy === undefined) return undefined;
  // Non-ASCII escaped as \uXXXX: the same document to every JSON reader, and a portable ASCII file.
  const json = JSON.stringify(table.resourcePolicy, null, 2).replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { path: `${table.scriptName}.resource-policy.json`, contents: `${json}\n` };
}

const onDemandQuery = 'OnDemandThroughput.[MaxReadRequestUnits,MaxWriteRequestUnits]';
const warmQuery = 'WarmThroughput.[ReadUnitsPerSecond,WriteUnitsPerSecond]';
const capUpdate = (caps: OnDemandThroughput) => `MaxReadRequestUnits=${caps.maxReadRequestUnits ?? -1},MaxWriteRequestUnits=${caps.maxWriteRequestUnits ?? -1}`;
const warmUpdate = (warm: WarmThroughput) =>
  [warm.readUnitsPerSecond !== undefined && `ReadUnitsPerSecond=${warm.readUnitsPerSecond}`, warm.writeUnitsPerSecond !== undefined && `WriteUnitsPerSecond=${warm.writeUnitsPerSecond}`]
    .filter(Boolean)
    .join(',');
const wanted = (value: number | undefined): Word => ({ word: value === undefined ? '' : String(value) });

function throughputChecks(table: TableSchema): ThroughputCheck[] {
  const checks: ThroughputCheck[] = [];
  const update = (...option: CliWord[]) => call('update-table', ['--table-name', tableName], option);
  if (table.onDemandThroughput) {
    const caps = table.onDemandThroughput;
    checks.push({ label: { word: 'the on-demand throughput of the table' }, mode: 'cap', query: { word: `Table.${onDemandQuery}` },
      read: wanted(caps.maxReadRequestUnits), write: wanted(caps.maxWriteRequestUnits), update: update('--on-demand-throughput', capUpdate(caps)), statusQuery: undefined });
  }
  if (table.warmThroughput) {
    const warm = table.warmThroughput;
    checks.push({ label: { word: 'the warm throughput of the table' }, mode: 'warm', query: { word: `Table.${warmQuery}` },
      read: wanted(warm.readUnitsPerSecond), write: wanted(warm.writeUnitsPerSecond), update: update('--warm-throughput', warmUpdate(warm)),
      statusQuery: { word: 'Table.WarmThroughput.Status' } });
  }
  for (const index of table.globalSecondaryIndexes) {
    // A JMESPath raw string ('name'), not a backtick literal: shellcheck flags backticks in single quotes.
    const ofIndex = (member: string) => `Table.GlobalSecondaryIndexes[?IndexName=='${index.name}'] | [0].${member}`;
    const indexUpdate = (member: string) => update('--global-secondary-index-updates', `Update={IndexName=${index.name},${member}}`);
    if (index.onDemandThroughput) {
      const caps = index.onDemandThroughput;
      checks.push({ label: { word: `the on-demand throughput of index ${index.name}` }, mode: 'cap', query: { word: ofIndex(onDemandQuery) },
        read: wanted(caps.maxReadRequestUnits), write: wanted(caps.maxWriteRequestUnits), update: indexUpdate(`OnDemandThroughput={${capUpdate(caps)}}`),
        statusQuery: undefined });
    }
    if (index.warmThroughput) {
      const warm = index.warmThroughput;
      checks.push({ label: { word: `the warm throughput of index ${index.name}` }, mode: 'warm', query: { word: ofIndex(warmQuery) },
        read: wanted(warm.readUnitsPerSecond), write: wanted(warm.writeUnitsPerSecond), update: indexUpdate(`WarmThroughput={${warmUpdate(warm)}}`),
        statusQuery: { word: ofIndex('WarmThroughput.Status') } });
    }
  }
  return checks;
}

function contributorInsightsCalls(table: TableSchema): CreateTableScript['contributorInsights'] {
  const targets = [
    ...(table.contributorInsights ? [{ label: 'table', options: [] as CliWord[] }] : []),
    ...table.globalSecondaryIndexes.filter((index) => index.contributorInsights).map((index) => ({ label: `index ${index.name}`, options: ['--index-name', index.name] })),
  ];
  if (targets.length === 0) return undefined;
  return targets.map(({ label, options }) => ({
    label: { word: label },
    describe: call('describe-contributor-insights', ['--table-name', tableName, ...options, ...textQuery('ContributorInsightsStatus')]),
    enable: call('update-contributor-insights', ['--table-name', tableName, ...options], ['--contributor-insights-action', 'ENABLE']),
  }));
}

const versionNumber = (version: string) => String(version.split('.').map(Number).reduce((total, part) => total * 1000 + part, 0));

/** The calls and expectations of `table`'s create-table script. */
export function toCreateTableScript(table: TableSchema): CreateTableScript {
  const attribute = table.timeToLiveAttribute;
  const period = table.recoveryPeriodInDays;
  const required = awsCliRequirementOf(table);
  const policy = toResourcePolicyFile(table);
  const throughput = throughputChecks(table);
  const expected = toExistingTableExpectations(table);
  return {
    tableName: table.name,
    scriptName: table.scriptName,
    descriptionLines: table.description ? [table.description] : [],
    patterns: mapValues(ARGUMENT_PATTERNS, (pattern) => ({ pattern })),
    describeTable: call('describe-table', ['--table-name', tableName, ...textQuery({ variable: 'query' })]),
    probe: call('describe-table', ['--table-name', tableName, ...textQuery('Table.TableStatus')]),
    queries: mapValues(DESCRIBE_QUERIES, (word) => ({ word })),
    expected: mapValues(expected, (text) => ({ text })),
    createTable: call(
      'create-table',
      ['--table-name', tableName],
      ...toCreateTableCliOptions(table),
      ...(policy ? [['--resource-policy', { variable: 'resourcePolicyUri' } as const]] : []),
      textQuery('TableDescription.TableStatus'),
    ),
    timeToLive:
      attribute === undefined
        ? undefined
        : {
            attribute,
            describe: call('describe-time-to-live', ['--table-name', tableName, ...textQuery('TimeToLiveDescription.[TimeToLiveStatus,AttributeName]')]),
            enabledLines: [{ text: [`ENABLED\t${attribute}`] }, { text: [`ENABLING\t${attribute}`] }],
            update: call('update-time-to-live', ['--table-name', tableName], ['--time-to-live-specification', `Enabled=true,AttributeName=${attribute}`]),
          },
    pointInTimeRecovery: table.pointInTimeRecovery
      ? {
          describe: call('describe-continuous-backups', [
            '--table-name',
            tableName,
            // Without a period in the schema the query, like the update, does not name it (older CLIs lack it).
            ...textQuery(`ContinuousBackupsDescription.PointInTimeRecoveryDescription.${period === undefined ? 'PointInTimeRecoveryStatus' : '[PointInTimeRecoveryStatus,RecoveryPeriodInDays]'}`),
          ]),
          enabled: { text: [period === undefined ? 'ENABLED' : `ENABLED\t${period}`] },
          period: period === undefined ? '' : ` (${period} days)`,
          update: call('update-continuous-backups', ['--table-name', tableName], [
            '--point-in-time-recovery-specification',
            `PointInTimeRecoveryEnabled=true${period === undefined ? '' : `,RecoveryPeriodInDays=${period}`}`,
          ]),
        }
      : undefined,
    // Needs AWS CLI 2.10+ or 1.27.60+, which is why create-table does not set it (see toCreateTableCliOptions).
    deletionProtection: table.deletionProtection ? { update: call('update-table', ['--table-name', tableName], ['--deletion-protection-enabled']) } : undefined,
    tags:
      table.tags.length === 0
        ? undefined
        : {
            list: call('list-tags-of-resource', ['--resource-arn', tableArn, ...textQuery('Tags[].[Key,Value]')]),
            expectedLines: table.tags.map((tag) => ({ text: [`${tag.key}\t${tag.value}`] })),
            tagResource: call('tag-resource', ['--resource-arn', tableArn], ['--tags', ...table.tags.map((tag) => `Key=${tag.key},Value=${tag.value}`)]),
          },
    awsCli: required && {
      v1: required.v1,
      v2: required.v2,
      v1Number: versionNumber(required.v1),
      v2Number: versionNumber(required.v2),
      features: required.features.map((feature) => feature.what).join(', '),
    },
    localIndexes: table.localSecondaryIndexes.length === 0 ? undefined : { query: { word: DESCRIBE_QUERIES.localIndexes }, expected: { text: expected.localIndexes } },
    resourcePolicy: policy && {
      file: policy.path,
      get: call('get-resource-policy', ['--resource-arn', tableArn, ...textQuery('RevisionId')]),
      put: call('put-resource-policy', ['--resource-arn', tableArn], ['--policy', { variable: 'resourcePolicyUri' }]),
    },
    throughput: throughput.length === 0 ? undefined : throughput,
    contributorInsights: contributorInsightsCalls(table),
  };
}

/** How one shell writes words; the only thing emit-bash and emit-powershell add to a script's calls. */
export interface ScriptQuoting {
  /** One literal command-line word. */
  word(value: string): string;
  variable(name: ScriptVariable): string;
  /** A string literal holding AWS CLI text output: lines of tab-separated fields. */
  text(lines: string[]): string;
  /** A string literal holding a regular expression, given as POSIX ERE. */
  pattern(ere: string): string;
  /** Between the words of one call. */
  separator: string;
}

export interface CallView {
  /** `dynamodb <operation>` */
  head: string;
  /** One rendered option group each. */
  options: string[];
  /** The whole call on one line. */
  line: string;
}

type Rendered<T> = T extends undefined
  ? false
  : T extends AwsCliCall
  ? CallView
  : T extends TextLines | Pattern | Word
    ? string
    : T extends readonly (infer Item)[]
      ? Rendered<Item>[]
      : T extends object
        ? { [K in keyof T]: Rendered<T[K]> }
        : T;

/** What the templates receive: the script with every call, pattern, query and expectation quoted. */
export type ScriptView = Rendered<CreateTableScript>;

/** Renders every call and quoted value of `script` the one way a shell writes it; the shape stays the same. */
export function toScriptView(script: CreateTableScript, quoting: ScriptQuoting): ScriptView {
  const words = (group: CliWord[]) =>
    group.map((word) => (typeof word === 'string' ? quoting.word(word) : quoting.variable(word.variable))).join(quoting.separator);
  const render = (value: unknown): unknown => {
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.map(render);
    if (value === null || typeof value !== 'object') return value;
    if ('operation' in value) {
      const { operation, options } = value as AwsCliCall;
      const head = words(['dynamodb', operation]);
      const rendered = options.map(words);
      return { head, options: rendered, line: [head, ...rendered].join(quoting.separator) } satisfies CallView;
    }
    if ('text' in value) return quoting.text((value as TextLines).text);
    if ('pattern' in value) return quoting.pattern((value as Pattern).pattern);
    if ('word' in value) return quoting.word((value as Word).word);
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, render(field)]));
  };
  return render(script) as ScriptView;
}
