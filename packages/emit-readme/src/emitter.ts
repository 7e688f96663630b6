import { artifactNamesOf, assertPortableText, stackNameOf, terraformAwsProviderConstraint, type EmitResult, type Emitter, type Schema, type TableSchema } from '@ddb-migrations/core';
import { readmeMd } from './generated/templates.js';
import { consoleStepsOf } from './console-steps.js';

const TYPE_NAMES: Record<string, string> = {
  S: 'String', N: 'Number', B: 'Binary', BOOL: 'Boolean', M: 'Map', L: 'List', SS: 'String set', NS: 'Number set', BS: 'Binary set', NULL: 'Null',
};

const code = (value: string) => `\`${value}\``;
const keyText = (key: { name: string; type: string } | undefined) => (key ? `${code(key.name)} (${TYPE_NAMES[key.type]})` : 'none');

function settingsOf(table: TableSchema): { label: string; value: string }[] {
  const billing = table.billing.mode === 'PAY_PER_REQUEST'
    ? 'On-demand (`PAY_PER_REQUEST`)'
    : `Provisioned: ${table.billing.readCapacityUnits} read / ${table.billing.writeCapacityUnits} write units`;
  const sse = table.serverSideEncryption;
  return [
    { label: 'Partition key', value: keyText(table.partitionKey) },
    { label: 'Sort key', value: keyText(table.sortKey) },
    { label: 'Billing', value: billing },
    { label: 'Time to live', value: table.timeToLiveAttribute ? `on, attribute ${code(table.timeToLiveAttribute)}` : 'off' },
    { label: 'Point-in-time recovery', value: table.pointInTimeRecovery ? 'on' : 'off' },
    { label: 'Deletion protection', value: table.deletionProtection ? 'on' : 'off' },
    { label: 'Encryption at rest', value: sse.type === 'AWS_OWNED' ? 'AWS owned key' : sse.kmsKeyId ? `KMS key ${code(sse.kmsKeyId)}` : 'AWS managed KMS key' },
    { label: 'Table class', value: code(table.tableClass) },
    { label: 'Stream', value: table.stream ? code(table.stream) : 'off' },
    { label: 'Tags', value: table.tags.length > 0 ? table.tags.map((tag) => code(`${tag.key}=${tag.value}`)).join(', ') : 'none' },
  ];
}

function notesOf(table: TableSchema): string[] {
  const notes: string[] = [];
  const isoDates = table.attributes.filter((attribute) => attribute.type === 'S' && /expires$/i.test(attribute.name));
  if (!table.timeToLiveAttribute && isoDates.length > 0) {
    notes.push(
      `No TTL: ${isoDates.map((attribute) => code(attribute.name)).join(' and ')} ${isoDates.length > 1 ? 'are' : 'is an'} ISO-8601 string${isoDates.length > 1 ? 's' : ''}, ` +
        'and DynamoDB only expires items by a Number of epoch seconds.',
    );
  }
  return notes;
}

function toTableView(table: TableSchema, schema: Schema) {
  const names = artifactNamesOf(table, schema);
  return {
    name: table.name,
    script: names.script,
    terraformVariable: names.terraformVariable,
    terraformResource: names.terraformResource,
    descriptionLines: table.description ? [table.description] : [],
    settings: settingsOf(table),
    indexes: table.globalSecondaryIndexes.map((index) => ({
      name: index.name,
      partitionKey: keyText(index.partitionKey),
      sortKey: keyText(index.sortKey),
      projection: index.projection.type === 'INCLUDE'
        ? `INCLUDE ${index.projection.nonKeyAttributes.map(code).join(', ')}`
        : index.projection.type,
    })),
    attributes: table.attributes.map((attribute) => ({ ...attribute, type: TYPE_NAMES[attribute.type], description: attribute.description ?? '' })),
    notes: notesOf(table),
    consoleSteps: consoleStepsOf(table),
  };
}

/** `README.md`: how to use every other generated file, rendered from the same schema. */
export function emitReadme(schema: Schema): EmitResult {
  const first = schema.tables[0]!;
  const firstNames = artifactNamesOf(first, schema);
  const contents = readmeMd({
    single: schema.tables.length === 1,
    tableList: schema.tables.map((table) => code(table.name)).join(', '),
    providerVersion: terraformAwsProviderConstraint(schema),
    tables: schema.tables.map((table) => toTableView(table, schema)),
    firstScript: firstNames.script,
    firstName: first.name,
    firstIndexName: first.globalSecondaryIndexes[0]?.name ?? 'shop_index',
    firstTerraformVariable: firstNames.terraformVariable,
    stackName: stackNameOf(schema),
    parameters: schema.tables
      .map((table) => `ParameterKey=${artifactNamesOf(table, schema).cloudFormationParameter},ParameterValue=${table.name}`)
      .join(' '),
    // Shorthand for --resources-to-import: one item per table, braces included (not Handlebars-safe).
    importResources: schema.tables
      .map((table) => `"ResourceType=AWS::DynamoDB::Table,LogicalResourceId=${artifactNamesOf(table, schema).logicalId},ResourceIdentifier={TableName=${table.name}}"`)
      .join(' '),
    anyTimeToLive: schema.tables.some((table) => table.timeToLiveAttribute),
  });
  return { files: [assertPortableText({ path: 'README.md', contents })], warnings: [] };
}

export const readmeEmitter: Emitter = { name: 'readme', emit: emitReadme };
