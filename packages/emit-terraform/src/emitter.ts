import { ARGUMENT_PATTERNS, artifactNamesOf, assertPortableText, TABLE_NAME_RULE, keyAttributesOf, terraformAwsProviderConstraint, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { importsTf, mainTf } from './generated/templates.js';


const KMS_ARN = /^arn:aws[a-z-]*:kms:/;

/** `name = value` lines with their `=` aligned, as `terraform fmt` writes them. */
function aligned(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)} = ${value}`);
}

const quoted = (value: string) => `"${value}"`;

function toTableView(table: TableSchema, schema: Schema) {
  const { terraformResource: resourceName, terraformVariable: variableName, terraformOutputPrefix: outputPrefix } = artifactNamesOf(table, schema);
  const names = { resourceName, variableName, outputPrefix };
  const kmsKeyId = table.serverSideEncryption.type === 'KMS' ? table.serverSideEncryption.kmsKeyId : undefined;
  const kmsLookup = kmsKeyId && !KMS_ARN.test(kmsKeyId) ? kmsKeyId : false;

  const argumentPairs: [string, string][] = [
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

  const blocks: { name: string; lines: string[] }[] = [];
  if (table.timeToLiveAttribute) {
    blocks.push({ name: 'ttl', lines: aligned([['attribute_name', quoted(table.timeToLiveAttribute)], ['enabled', 'true']]) });
  }
  if (table.pointInTimeRecovery) blocks.push({ name: 'point_in_time_recovery', lines: ['enabled = true'] });
  if (table.serverSideEncryption.type === 'KMS') {
    const sse: [string, string][] = [['enabled', 'true']];
    if (kmsLookup) sse.push(['kms_key_arn', `data.aws_kms_key.${names.resourceName}.arn`]);
    else if (kmsKeyId) sse.push(['kms_key_arn', quoted(kmsKeyId)]);
    blocks.push({ name: 'server_side_encryption', lines: aligned(sse) });
  }

  return {
    ...names,
    name: table.name,
    descriptionLines: table.description ? [table.description] : [],
    kmsLookup,
    arguments: aligned(argumentPairs),
    // Only key attributes: the provider rejects attribute blocks that no key or index uses.
    attributes: keyAttributesOf(table),
    indexes: table.globalSecondaryIndexes.map((index) => {
      const pairs: [string, string][] = [['name', quoted(index.name)], ['hash_key', quoted(index.partitionKey.name)]];
      if (index.sortKey) pairs.push(['range_key', quoted(index.sortKey.name)]);
      pairs.push(['projection_type', quoted(index.projection.type)]);
      if (index.projection.type === 'INCLUDE') pairs.push(['non_key_attributes', `[${index.projection.nonKeyAttributes.map(quoted).join(', ')}]`]);
      if (index.capacity) pairs.push(['read_capacity', String(index.capacity.readCapacityUnits)], ['write_capacity', String(index.capacity.writeCapacityUnits)]);
      return aligned(pairs);
    }),
    blocks,
    tags: table.tags.length > 0 ? aligned(table.tags.map((tag) => [quoted(tag.key), quoted(tag.value)])) : false,
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
  const contents = importsTf({
    single: schema.tables.length === 1,
    count: schema.tables.length,
    tableList: schema.tables.map((table) => table.name).join(', '),
    tables: schema.tables.map((table) => ({ name: table.name, resourceName: artifactNamesOf(table, schema).terraformResource })),
  });
  return { files: [assertPortableText({ path: 'imports.tf', contents })], warnings: [] };
}

export const terraformEmitter: Emitter = { name: 'terraform', emit: emitTerraform };
