import {
  ARGUMENT_PATTERNS, artifactNamesOf, assertPortableText, TABLE_NAME_RULE, keyAttributesOf, terraformAwsProviderConstraint,
  type EmitResult, type Emitter, type GlobalSecondaryIndex, type LocalSecondaryIndex, type OnDemandThroughput, type Projection, type Schema, type TableSchema,
  type WarmThroughput,
} from '@ddb-migrations/core';
import { importsTf, mainTf } from './generated/templates.js';
import { aligned, hclValue, type Attribute } from './hcl.js';


const KMS_ARN = /^arn:aws[a-z-]*:kms:/;

const quoted = (value: string) => `"${value}"`;

/** A block's lines, indented `depth` levels: its attributes aligned, then its nested blocks. */
function block(name: string, attributes: Attribute[], depth: number, nested: string[][] = []): string[] {
  const pad = '  '.repeat(depth);
  const body = aligned(attributes).map((line) => `${pad}  ${line}`);
  for (const child of nested) body.push('', ...child);
  return [`${pad}${name} {`, ...body, `${pad}}`];
}

const onDemandBlock = (cap: OnDemandThroughput | undefined, depth: number) =>
  cap ? [block('on_demand_throughput', present([['max_read_request_units', cap.maxReadRequestUnits], ['max_write_request_units', cap.maxWriteRequestUnits]]), depth)] : [];
const warmBlock = (warm: WarmThroughput | undefined, depth: number) =>
  warm ? [block('warm_throughput', present([['read_units_per_second', warm.readUnitsPerSecond], ['write_units_per_second', warm.writeUnitsPerSecond]]), depth)] : [];
const present = (pairs: [string, number | undefined][]): Attribute[] =>
  pairs.flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as Attribute]));

function projectionAttributes(projection: Projection): Attribute[] {
  const pairs: Attribute[] = [['projection_type', quoted(projection.type)]];
  if (projection.type === 'INCLUDE') pairs.push(['non_key_attributes', `[${projection.nonKeyAttributes.map(quoted).join(', ')}]`]);
  return pairs;
}

function globalIndexBlock(index: GlobalSecondaryIndex): string[] {
  const pairs: Attribute[] = [['name', quoted(index.name)], ['hash_key', quoted(index.partitionKey.name)]];
  if (index.sortKey) pairs.push(['range_key', quoted(index.sortKey.name)]);
  pairs.push(...projectionAttributes(index.projection));
  if (index.capacity) pairs.push(['read_capacity', String(index.capacity.readCapacityUnits)], ['write_capacity', String(index.capacity.writeCapacityUnits)]);
  return block('global_secondary_index', pairs, 1, [...onDemandBlock(index.onDemandThroughput, 2), ...warmBlock(index.warmThroughput, 2)]);
}

const localIndexBlock = (index: LocalSecondaryIndex) =>
  block('local_secondary_index', [['name', quoted(index.name)], ['range_key', quoted(index.sortKey.name)], ...projectionAttributes(index.projection)], 1);

/**
 * The resources beside the table: contributor insights (the provider has no table argument for
 * them; one resource for the table, one `for_each` over its indexes) and the resource policy. The
 * index resource's name has `__`, which no table's resource name has, so names never collide.
 */
function companionResources(table: TableSchema, resourceName: string): string[][] {
  const resources: string[][] = [];
  const tableRef = `aws_dynamodb_table.${resourceName}`;
  if (table.contributorInsights) {
    resources.push(block(`resource "aws_dynamodb_contributor_insights" "${resourceName}"`, [['table_name', `${tableRef}.name`]], 0));
  }
  const indexes = table.globalSecondaryIndexes.filter((index) => index.contributorInsights).map((index) => index.name);
  if (indexes.length > 0) {
    const [head, ...rest] = block(`resource "aws_dynamodb_contributor_insights" "${resourceName}__indexes"`, [['table_name', `${tableRef}.name`], ['index_name', 'each.value']], 0);
    resources.push([head!, `  for_each = toset([${indexes.map(quoted).join(', ')}])`, '', ...rest]);
  }
  if (table.resourcePolicy) {
    // jsonencode: the document stays HCL a reviewer can read; DynamoDB compares it as JSON.
    resources.push(block(`resource "aws_dynamodb_resource_policy" "${resourceName}"`, [['resource_arn', `${tableRef}.arn`], ['policy', `jsonencode(${hclValue(table.resourcePolicy)})`]], 0));
  }
  return resources;
}

function toTableView(table: TableSchema, schema: Schema) {
  const { terraformResource: resourceName, terraformVariable: variableName, terraformOutputPrefix: outputPrefix } = artifactNamesOf(table, schema);
  const names = { resourceName, variableName, outputPrefix };
  const kmsKeyId = table.serverSideEncryption.type === 'KMS' ? table.serverSideEncryption.kmsKeyId : undefined;
  const kmsLookup = kmsKeyId && !KMS_ARN.test(kmsKeyId) ? kmsKeyId : false;

  const argumentPairs: Attribute[] = [
    ['name', `var.${names.variableName}`],
    ['billing_mode', quoted(table.billing.mode)],
  ];
  if (table.billing.mode === 'PROVISIONED') {
    argumentPairs.push(['read_capacity', String(table.billing.readCapacityUnits)], ['write_capacity', String(table.billing.writeCapacityUnits)]);
  }
  argumentPairs.push(['hash_key', quoted(table.partitionKey.name)]);
  if (table.sortKey) argumentPairs.push(['range_key', quoted(table.sortKey.name)]);
  if (table.tableClass !== 'STANDARD') argumentPairs.push(['table_class', quoted(table.tableClass)]);
  if (table.stream) argumentPairs.push(['stream_enabled', 'true'], ['stream_view_type', quoted(table.stream)]);
  if (table.deletionProtection) argumentPairs.push(['deletion_protection_enabled', 'true']);

  const blocks: string[][] = [
    ...table.globalSecondaryIndexes.map(globalIndexBlock),
    ...table.localSecondaryIndexes.map(localIndexBlock),
    ...onDemandBlock(table.onDemandThroughput, 1),
    ...warmBlock(table.warmThroughput, 1),
  ];
  if (table.timeToLiveAttribute) blocks.push(block('ttl', [['attribute_name', quoted(table.timeToLiveAttribute)], ['enabled', 'true']], 1));
  if (table.pointInTimeRecovery) {
    const pitr: Attribute[] = [['enabled', 'true']];
    if (table.recoveryPeriodInDays !== undefined) pitr.push(['recovery_period_in_days', String(table.recoveryPeriodInDays)]);
    blocks.push(block('point_in_time_recovery', pitr, 1));
  }
  if (table.serverSideEncryption.type === 'KMS') {
    const sse: Attribute[] = [['enabled', 'true']];
    if (kmsLookup) sse.push(['kms_key_arn', `data.aws_kms_key.${names.resourceName}.arn`]);
    else if (kmsKeyId) sse.push(['kms_key_arn', quoted(kmsKeyId)]);
    blocks.push(block('server_side_encryption', sse, 1));
  }

  return {
    ...names,
    name: table.name,
    descriptionLines: table.description ? [table.description] : [],
    kmsLookup,
    arguments: aligned(argumentPairs),
    // Only key attributes: the provider rejects attribute blocks that no key or index uses.
    attributes: keyAttributesOf(table),
    blocks,
    tags: table.tags.length > 0 ? aligned(table.tags.map((tag) => [quoted(tag.key), quoted(tag.value)])) : false,
    companions: companionResources(table, names.resourceName),
  };
}

/** `main.tf` holding every table of the schema. */
export function emitTerraform(schema: Schema): EmitResult {
  const contents = mainTf({
    single: schema.tables.length === 1,
    tableList: schema.tables.map((table) => table.name).join(', '),
    providerVersion: terraformAwsProviderConstraint(schema),
    tableNamePattern: ARGUMENT_PATTERNS.tableName,
    tableNameRule: TABLE_NAME_RULE,
    tables: schema.tables.map((table) => toTableView(table, schema)),
  });
  return { files: [assertPortableText({ path: 'main.tf', contents })], warnings: [] };
}

/**
 * `imports.tf`: one import block per table, for adopting tables made by the scripts, by
 * `ddb-migrate apply` or by hand. Written only on request (`generate --terraform-import`): in a
 * folder whose tables Terraform creates, an import block for a missing table fails the plan.
 */
export function emitTerraformImports(schema: Schema): EmitResult {
  const tables = schema.tables.map((table) => {
    const resourceName = artifactNamesOf(table, schema).terraformResource;
    return { name: table.name, resourceName, companions: companionImports(table, resourceName) };
  });
  const lookups = tables.some((table) => table.companions.length > 0);
  const contents = importsTf({
    single: schema.tables.length === 1,
    count: tables.reduce((sum, table) => sum + 1 + table.companions.length, 0),
    tableList: schema.tables.map((table) => table.name).join(', '),
    terraformVersion: lookups ? '1.6' : '1.5',
    policies: schema.tables.filter((table) => table.resourcePolicy).length,
    manyPolicies: schema.tables.filter((table) => table.resourcePolicy).length > 1,
    lookups,
    tables,
  });
  return { files: [assertPortableText({ path: 'imports.tf', contents })], warnings: [] };
}

/**
 * Import blocks for the resources beside a table (see companionResources), with the ids the
 * provider's importers read: `name:<table>/index:<index or empty>/<account id>` for contributor
 * insights, the table ARN for a resource policy. Both come from the live table's ARN.
 */
function companionImports(table: TableSchema, resourceName: string): { to: string; id: string }[] {
  const arn = `data.aws_dynamodb_table.${resourceName}.arn`;
  const insightsId = (index: string) => `"name:${table.name}/index:${index}/\${split(":", ${arn})[4]}"`;
  const imports: { to: string; id: string }[] = [];
  if (table.contributorInsights) imports.push({ to: `aws_dynamodb_contributor_insights.${resourceName}`, id: insightsId('') });
  for (const index of table.globalSecondaryIndexes.filter((candidate) => candidate.contributorInsights)) {
    imports.push({ to: `aws_dynamodb_contributor_insights.${resourceName}__indexes["${index.name}"]`, id: insightsId(index.name) });
  }
  if (table.resourcePolicy) imports.push({ to: `aws_dynamodb_resource_policy.${resourceName}`, id: arn });
  return imports;
}

export const terraformEmitter: Emitter = { name: 'terraform', emit: emitTerraform };
