/**
 * The inverse of the loader: a schema model written back as `ddb-migrations.yaml`, in the flat input
 * shape users edit (billingMode, projection and capacity as plain fields, tags as a map). Defaults are
 * left out so the file shows what was chosen; keys and attributes are written on one line each, as in
 * the README. `loadSchema(toSchemaYaml(schema))` gives back `schema`.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { GlobalSecondaryIndexInput, LocalSecondaryIndexInput, SchemaInput, TableInput } from './input.js';
import type { GlobalSecondaryIndex, LocalSecondaryIndex, Projection, Schema, TableSchema } from './model.js';

// Loaded on first use like the loader does, so importing core costs `generate` no YAML modules.
const require = createRequire(import.meta.url);

export interface SchemaYamlOptions {
  /** Comment lines put above the document, each written as `# line` (e.g. a yaml-language-server line). */
  header?: string | readonly string[];
}

/** Small maps written on one line, as the README and the fixtures write them. */
const FLOW_MAPS = new Set(['partitionKey', 'sortKey', 'encryption', 'onDemandThroughput', 'warmThroughput']);

const DATE_LIKE = /^\d{4}-\d\d?-\d\d?/;

export function toSchemaYaml(schema: Schema, options: SchemaYamlOptions = {}): string {
  const { Document, isMap, isSeq, Scalar, visit } = require('yaml') as typeof Yaml;
  const document = new Document({ tables: schema.tables.map(toTableInput) } satisfies SchemaInput);
  visit(document, {
    // YAML 1.2 reads 2012-10-17 as a string, but YAML 1.1 tools (and a policy's readers) see a date.
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && DATE_LIKE.test(scalar.value)) scalar.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_, pair) {
      const key = String((pair.key as { value?: unknown }).value);
      if (FLOW_MAPS.has(key) && isMap(pair.value)) pair.value.flow = true;
      if ((key === 'attributes' || key === 'nonKeyAttributes') && isSeq(pair.value)) {
        if (key === 'nonKeyAttributes') pair.value.flow = true;
        else for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      }
    },
  });
  const header = typeof options.header === 'string' ? options.header.split('\n') : (options.header ?? []);
  const comments = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `${comments ? `${comments}\n` : ''}${document.toString({ lineWidth: 0 })}`;
}

function toTableInput(table: TableSchema): TableInput {
  const input: TableInput = {
    name: table.name,
    scriptName: table.scriptName,
    ...(table.description !== undefined ? { description: table.description } : {}),
    partitionKey: { ...table.partitionKey },
  };
  if (table.sortKey) input.sortKey = { ...table.sortKey };
  input.billingMode = table.billing.mode;
  if (table.billing.mode === 'PROVISIONED') {
    input.readCapacityUnits = table.billing.readCapacityUnits;
    input.writeCapacityUnits = table.billing.writeCapacityUnits;
  }
  if (table.onDemandThroughput) input.onDemandThroughput = { ...table.onDemandThroughput };
  if (table.warmThroughput) input.warmThroughput = { ...table.warmThroughput };
  if (table.globalSecondaryIndexes.length > 0) input.globalSecondaryIndexes = table.globalSecondaryIndexes.map(toIndexInput);
  if (table.localSecondaryIndexes.length > 0) input.localSecondaryIndexes = table.localSecondaryIndexes.map(toLocalIndexInput);
  if (table.attributes.length > 0) input.attributes = table.attributes.map((attribute) => ({ ...attribute }));
  if (table.timeToLiveAttribute !== undefined) input.timeToLiveAttribute = table.timeToLiveAttribute;
  if (table.pointInTimeRecovery) input.pointInTimeRecovery = true;
  if (table.recoveryPeriodInDays !== undefined) input.recoveryPeriodInDays = table.recoveryPeriodInDays;
  if (table.contributorInsights) input.contributorInsights = true;
  if (table.deletionProtection) input.deletionProtection = true;
  if (table.serverSideEncryption.type === 'KMS') input.encryption = { ...table.serverSideEncryption };
  if (table.tableClass !== 'STANDARD') input.tableClass = table.tableClass;
  if (table.stream !== undefined) input.stream = table.stream;
  if (table.tags.length > 0) input.tags = Object.fromEntries(table.tags.map((tag) => [tag.key, tag.value]));
  if (table.resourcePolicy !== undefined) input.resourcePolicy = structuredClone(table.resourcePolicy);
  return input;
}

function toIndexInput(index: GlobalSecondaryIndex): GlobalSecondaryIndexInput {
  const input: GlobalSecondaryIndexInput = { name: index.name, partitionKey: { ...index.partitionKey } };
  if (index.sortKey) input.sortKey = { ...index.sortKey };
  Object.assign(input, toProjectionInput(index.projection));
  if (index.capacity) {
    input.readCapacityUnits = index.capacity.readCapacityUnits;
    input.writeCapacityUnits = index.capacity.writeCapacityUnits;
  }
  if (index.onDemandThroughput) input.onDemandThroughput = { ...index.onDemandThroughput };
  if (index.warmThroughput) input.warmThroughput = { ...index.warmThroughput };
  if (index.contributorInsights) input.contributorInsights = true;
  return input;
}

function toLocalIndexInput(index: LocalSecondaryIndex): LocalSecondaryIndexInput {
  return { name: index.name, sortKey: { ...index.sortKey }, ...toProjectionInput(index.projection) };
}

function toProjectionInput(projection: Projection): Pick<GlobalSecondaryIndexInput, 'projection' | 'nonKeyAttributes'> {
  return projection.type === 'INCLUDE'
    ? { projection: 'INCLUDE', nonKeyAttributes: [...projection.nonKeyAttributes] }
    : { projection: projection.type };
}
