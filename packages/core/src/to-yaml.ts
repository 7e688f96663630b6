/**
 * The model written back as `ddb-migrations.yaml`, in the input format `loadSchema` reads (flat
 * billingMode, projection as a word, tags as a map), so `loadSchema(toSchemaYaml(s))` deep-equals `s`.
 * Defaults are left out, keys come in one fixed order, and tags in code-point order: the same schema
 * always gives the same bytes.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { GlobalSecondaryIndexInput, SchemaInput, TableInput } from './input.js';
import type { GlobalSecondaryIndex, Schema, TableSchema } from './model.js';
import { defaultScriptName } from './rules.js';

// Loaded on first use, like load.ts does: importing core must not parse the YAML library.
const require = createRequire(import.meta.url);
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

const FLOW_MAPS = new Set(['partitionKey', 'sortKey', 'encryption']);

export interface SchemaYamlOptions {
  /**
   * Comment lines written above the document, each without its leading "# ". Pass
   * `yaml-language-server: $schema=<path to schema.json>` as one of them for editor checks.
   */
  header?: string[];
}

export function toSchemaYaml(schema: Schema, options: SchemaYamlOptions = {}): string {
  const input: SchemaInput = { tables: schema.tables.map(toTableInput) };
  const { Document, isMap, isScalar, isSeq, visit } = yaml();
  const document = new Document(input);
  // Short records on one line, as a person writes them: `partitionKey: { name: id, type: S }`.
  visit(document, {
    Pair(_key, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if ((FLOW_MAPS.has(key) && isMap(pair.value)) || (key === 'nonKeyAttributes' && isSeq(pair.value))) pair.value.flow = true;
      if (key === 'attributes' && isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
    },
  });
  const body = document.toString({ lineWidth: 0, indent: 2, indentSeq: true });
  const header = (options.header ?? []).flatMap((line) => line.split('\n')).map((line) => (line === '' ? '#' : `# ${line}`));
  return header.length > 0 ? `${header.join('\n')}\n${body}` : body;
}

function toTableInput(table: TableSchema): TableInput {
  // Filled in schema.json order: name first, then the keys, capacity, indexes and settings.
  const input = { name: table.name } as TableInput;
  if (table.scriptName !== defaultScriptName(table.name)) input.scriptName = table.scriptName;
  if (table.description !== undefined) input.description = table.description;
  input.partitionKey = { ...table.partitionKey };
  if (table.sortKey) input.sortKey = { ...table.sortKey };
  if (table.billing.mode === 'PROVISIONED') {
    input.billingMode = 'PROVISIONED';
    input.readCapacityUnits = table.billing.readCapacityUnits;
    input.writeCapacityUnits = table.billing.writeCapacityUnits;
  }
  if (table.globalSecondaryIndexes.length > 0) input.globalSecondaryIndexes = table.globalSecondaryIndexes.map(toIndexInput);
  if (table.attributes.length > 0) {
    input.attributes = table.attributes.map((attribute) => ({
      name: attribute.name,
      type: attribute.type,
      ...(attribute.description !== undefined ? { description: attribute.description } : {}),
    }));
  }
  if (table.timeToLiveAttribute !== undefined) input.timeToLiveAttribute = table.timeToLiveAttribute;
  if (table.pointInTimeRecovery) input.pointInTimeRecovery = true;
  if (table.deletionProtection) input.deletionProtection = true;
  const sse = table.serverSideEncryption;
  if (sse.type === 'KMS') input.encryption = sse.kmsKeyId !== undefined ? { type: 'KMS', kmsKeyId: sse.kmsKeyId } : { type: 'KMS' };
  if (table.tableClass !== 'STANDARD') input.tableClass = table.tableClass;
  if (table.stream !== undefined) input.stream = table.stream;
  if (table.tags.length > 0) input.tags = Object.fromEntries(table.tags.map((tag) => [tag.key, tag.value]));
  return input;
}

function toIndexInput(index: GlobalSecondaryIndex): GlobalSecondaryIndexInput {
  const input: GlobalSecondaryIndexInput = { name: index.name, partitionKey: { ...index.partitionKey } };
  if (index.sortKey) input.sortKey = { ...index.sortKey };
  // Written even when ALL (the default): the projection is the first thing a reader of an index asks.
  input.projection = index.projection.type;
  if (index.projection.type === 'INCLUDE') input.nonKeyAttributes = [...index.projection.nonKeyAttributes];
  if (index.capacity) {
    input.readCapacityUnits = index.capacity.readCapacityUnits;
    input.writeCapacityUnits = index.capacity.writeCapacityUnits;
  }
  return input;
}
