/**
 * Every AWS CLI call a generated create-table script makes, as data, and the one function that renders
 * it for a shell. emit-bash and emit-powershell differ only in the `ScriptQuoting` they pass, so the two
 * scripts cannot send different calls or drift apart in what their templates are given.
 */
import { ARGUMENT_PATTERNS } from './argument-patterns.js';
import { DESCRIBE_QUERIES, toCreateTableCliOptions, toExistingTableExpectations, type ExistingTableExpectations } from './cli-arguments.js';
import type { TableSchema } from './model.js';

/** A value only known when the script runs: the table name argument, the ARN it read, a helper's query parameter. */
export type ScriptVariable = 'tableName' | 'tableArn' | 'query';

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
  pointInTimeRecovery: { describe: AwsCliCall; update: AwsCliCall } | undefined;
  deletionProtection: { update: AwsCliCall } | undefined;
  tags: { list: AwsCliCall; expectedLines: TextLines[]; tagResource: AwsCliCall } | undefined;
}

const tableName = { variable: 'tableName' } as const;
const tableArn = { variable: 'tableArn' } as const;
const textQuery = (query: CliWord): CliWord[] => ['--output', 'text', '--query', query];
const mapValues = <K extends string, V, R>(record: Record<K, V>, map: (value: V) => R) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as V)])) as Record<K, R>;
const call = (operation: string, ...options: CliWord[][]): AwsCliCall => ({ operation, options });

/** The calls and expectations of `table`'s create-table script. */
export function toCreateTableScript(table: TableSchema): CreateTableScript {
  const attribute = table.timeToLiveAttribute;
  return {
    tableName: table.name,
    scriptName: table.scriptName,
    descriptionLines: table.description ? [table.description] : [],
    patterns: mapValues(ARGUMENT_PATTERNS, (pattern) => ({ pattern })),
    describeTable: call('describe-table', ['--table-name', tableName, ...textQuery({ variable: 'query' })]),
    probe: call('describe-table', ['--table-name', tableName, ...textQuery('Table.TableStatus')]),
    queries: mapValues(DESCRIBE_QUERIES, (word) => ({ word })),
    expected: mapValues(toExistingTableExpectations(table), (text) => ({ text })),
    createTable: call('create-table', ['--table-name', tableName], ...toCreateTableCliOptions(table), textQuery('TableDescription.TableStatus')),
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
            ...textQuery('ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus'),
          ]),
          update: call('update-continuous-backups', ['--table-name', tableName], ['--point-in-time-recovery-specification', 'PointInTimeRecoveryEnabled=true']),
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
