/**
 * AWS CLI arguments in shorthand syntax, derived from the one CreateTable mapping. Both generated
 * scripts use these, never JSON: Windows PowerShell 5.1 strips the quotes of JSON passed to a native
 * command, and shorthand of validated names needs no quoting beyond the shell's.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { toCreateTableInput } from './create-table-input.js';
import { compareOrdinal, keyAttributesOf, type TableSchema } from './model.js';

/** One option and its values, e.g. `['--key-schema', 'AttributeName=id,KeyType=HASH']`. */
export type CliOption = [flag: string, ...values: string[]];

type Shorthand = string | number | boolean | Shorthand[] | { [key: string]: Shorthand | undefined };

function toShorthandValue(value: Shorthand): string {
  if (Array.isArray(value)) return `[${value.map(toShorthandValue).join(',')}]`;
  if (typeof value === 'object') return `{${toShorthandFields(value)}}`;
  return String(value);
}

function toShorthandFields(value: { [key: string]: Shorthand | undefined }): string {
  return Object.entries(value)
    .filter(([, field]) => field !== undefined)
    .map(([key, field]) => `${key}=${toShorthandValue(field!)}`)
    .join(',');
}

const toFlag = (member: string) => `--${member.replace(/^SSE/, 'Sse').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;

/**
 * `create-table` options, in the order of the API's input members; `--table-name` comes first.
 * `--resource-policy` is not among them: the scripts pass the policy as a file they locate at run
 * time (see `toCreateTableScript`), never as inline JSON.
 */
export function toCreateTableCliOptions(table: TableSchema): CliOption[] {
  const { TableName: _name, DeletionProtectionEnabled, ResourcePolicy: _file, ...input } = toCreateTableInput(table);
  const options: CliOption[] = [];
  for (const [member, value] of Object.entries(input) as [keyof CreateTableCommandInput, Shorthand][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      options.push([toFlag(member), ...value.map((item) => (typeof item === 'object' && !Array.isArray(item) ? toShorthandFields(item) : toShorthandValue(item)))]);
    } else if (typeof value === 'object') {
      options.push([toFlag(member), toShorthandFields(value)]);
    } else {
      options.push([toFlag(member), String(value)]);
    }
  }
  // Older CLIs (2.9 and earlier) lack this flag, so it is set by a separate update after creation.
  void DeletionProtectionEnabled;
  return options;
}

/**
 * What the scripts expect to read back from `describe-table --output text`, line by line and sorted,
 * to tell "this table already exists as specified" from "a different table has this name".
 */
export interface ExistingTableExpectations {
  /** `Table.KeySchema[].[AttributeName,KeyType]`, sorted like the others (the scripts sort what they read) */
  keySchema: string[];
  /** `Table.AttributeDefinitions[].[AttributeName,AttributeType]`, sorted */
  attributeDefinitions: string[];
  /** {@link DESCRIBE_QUERIES}.indexes, sorted; empty when the table has no global secondary index */
  indexes: string[];
  /** {@link DESCRIBE_QUERIES}.localIndexes, sorted; empty when the table has no local secondary index */
  localIndexes: string[];
}

export const DESCRIBE_QUERIES = {
  keySchema: 'Table.KeySchema[].[AttributeName,KeyType]',
  attributeDefinitions: 'Table.AttributeDefinitions[].[AttributeName,AttributeType]',
  // DynamoDB omits GlobalSecondaryIndexes when there are none (text output "None"), other engines
  // return [] (no output). Wrapping the list in a multiselect and flattening makes both print
  // nothing: the projection drops the null. (No backticks: shellcheck flags them in single quotes.)
  indexes: 'Table.[GlobalSecondaryIndexes][].[IndexName,KeySchema[0].AttributeName,KeySchema[1].AttributeName,Projection.ProjectionType]',
  status: 'Table.[TableStatus,GlobalSecondaryIndexes[].IndexStatus][]',
  deletionProtection: 'Table.DeletionProtectionEnabled',
  tableArn: 'Table.TableArn',
  localIndexes: 'Table.[LocalSecondaryIndexes][].[IndexName,KeySchema[1].AttributeName,Projection.ProjectionType]',
} as const;

const sorted = (lines: string[]) => [...lines].sort(compareOrdinal);

export function toExistingTableExpectations(table: TableSchema): ExistingTableExpectations {
  const keySchema = [`${table.partitionKey.name}\tHASH`];
  if (table.sortKey) keySchema.push(`${table.sortKey.name}\tRANGE`);
  const indexes = table.globalSecondaryIndexes.map(
    (index) => `${index.name}\t${index.partitionKey.name}\t${index.sortKey?.name ?? 'None'}\t${index.projection.type}`,
  );
  return {
    keySchema: sorted(keySchema),
    attributeDefinitions: sorted(keyAttributesOf(table).map((key) => `${key.name}\t${key.type}`)),
    indexes: sorted(indexes),
    localIndexes: sorted(table.localSecondaryIndexes.map((index) => `${index.name}\t${index.sortKey.name}\t${index.projection.type}`)),
  };
}

/** A flag or shorthand member a script may pass, and the first AWS CLI releases (v1 and v2) that know it. */
export interface AwsCliFeature {
  what: string;
  v1: string;
  v2: string;
}

/**
 * First releases per the AWS CLI's own changelog (`.changes/<version>.json` in aws/aws-cli, the entry
 * that added the DynamoDB API member). Debian's AWS CLI 2.9.19 predates all of them.
 */
export const AWS_CLI_FEATURES = {
  deletionProtection: { what: '--deletion-protection-enabled', v1: '1.27.60', v2: '2.10.0' },
  resourcePolicy: { what: '--resource-policy', v1: '1.32.67', v2: '2.15.32' },
  onDemandThroughput: { what: 'OnDemandThroughput (--on-demand-throughput)', v1: '1.32.97', v2: '2.15.44' },
  warmThroughput: { what: 'WarmThroughput (--warm-throughput)', v1: '1.36.1', v2: '2.21.0' },
  recoveryPeriod: { what: 'RecoveryPeriodInDays', v1: '1.36.35', v2: '2.22.30' },
} as const satisfies Record<string, AwsCliFeature>;

/** What a table's script needs from the AWS CLI beyond 2.9.19: each feature, and the newest first release among them. */
export interface AwsCliRequirement {
  features: AwsCliFeature[];
  v1: string;
  v2: string;
}

const versionParts = (version: string) => version.split('.').map(Number) as [number, number, number];
const newer = (a: string, b: string) => {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]! ? a : b;
  return a;
};

/** undefined when the schema uses nothing the oldest supported CLI lacks, so its script runs there as before. */
export function awsCliRequirementOf(table: TableSchema): AwsCliRequirement | undefined {
  const indexes = table.globalSecondaryIndexes;
  const candidates: (AwsCliFeature | false)[] = [
    table.deletionProtection && AWS_CLI_FEATURES.deletionProtection,
    table.resourcePolicy !== undefined && AWS_CLI_FEATURES.resourcePolicy,
    (table.onDemandThroughput !== undefined || indexes.some((index) => index.onDemandThroughput)) && AWS_CLI_FEATURES.onDemandThroughput,
    (table.warmThroughput !== undefined || indexes.some((index) => index.warmThroughput)) && AWS_CLI_FEATURES.warmThroughput,
    table.recoveryPeriodInDays !== undefined && AWS_CLI_FEATURES.recoveryPeriod,
  ];
  return awsCliRequirementFor(candidates.filter((feature): feature is AwsCliFeature => feature !== false));
}

/** The newest first release (v1 and v2) among `features`; undefined for none. */
export function awsCliRequirementFor(features: AwsCliFeature[]): AwsCliRequirement | undefined {
  if (features.length === 0) return undefined;
  return { features, v1: features.map((f) => f.v1).reduce(newer), v2: features.map((f) => f.v2).reduce(newer) };
}
