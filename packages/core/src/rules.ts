/**
 * The rules JSON Schema cannot express well: DynamoDB's naming limits, cross-field consistency and
 * the TTL type rule. Each returns issues with a document path so the loader can point at the line.
 */
import type { DocumentPath, SchemaIssue } from './errors.js';
import type { GlobalSecondaryIndexInput, SchemaInput, TableInput } from './input.js';
import type { KeyAttribute } from './model.js';
import { ARGUMENT_PATTERNS } from './argument-patterns.js';
import { identifiersOf } from './artifact-names.js';

/** DynamoDB's rule for table and index names, except a leading "-", which a CLI would read as an option. */
export const TABLE_NAME_PATTERN = new RegExp(ARGUMENT_PATTERNS.tableName);
/** Descriptions reach script comments and the README: one line of printable ASCII, no backquotes. */
const DESCRIPTION_PATTERN = /^[\x20-\x5f\x61-\x7e]{0,500}$/;
/**
 * DynamoDB allows any UTF-8 in attribute names; we allow only characters that stay inert in bash,
 * PowerShell and AWS CLI shorthand, because every name ends up in a generated script.
 */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/;
/**
 * Tags, from "Tagging restrictions in DynamoDB" (developer guide) and the API's Tag type: keys 1-128,
 * values 0-256 (an empty value is allowed), letters, digits, white space and `+ - = . _ : /` (`@`
 * from the general AWS tag character set is kept, as before). Both AWS CLI majors carry `=` and an
 * empty value through shorthand (`Key=a=b,Value=` sends "a=b" and ""). Narrower than AWS on purpose:
 * ASCII only, and no leading or trailing space, because the scripts compare the CLI's text output,
 * which the shells trim.
 */
const TAG_KEY_PATTERN = /^(?! )[A-Za-z0-9 _.:/+=@-]{1,128}(?<! )$/;
const TAG_VALUE_PATTERN = /^(?:(?! )[A-Za-z0-9 _.:/+=@-]{1,256}(?<! ))?$/;
/**
 * The four forms SSESpecification.KMSMasterKeyId documents (CreateTable API reference): a key id
 * (a UUID, or `mrk-` and 32 hex digits for a multi-Region key), a key ARN, an alias name
 * (`alias/` and 1-256 of letters, digits, `/ _ -`, per the KMS CreateAlias reference) or an alias
 * ARN. Anything else cannot name a key, and CreateTable would fail only after the scripts ran.
 */
const KMS_KEY_ID = '(?:[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})';
const KMS_ALIAS = 'alias/[A-Za-z0-9/_-]{1,250}';
const KMS_KEY_PATTERN = new RegExp(
  `^(?:${KMS_KEY_ID}|${KMS_ALIAS}|arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:(?:key/${KMS_KEY_ID}|${KMS_ALIAS}))$`,
);
const SCRIPT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** DynamoDB's default quota of global secondary indexes per table. */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** "The maximum number of tags per resource is 50" (Tagging restrictions in DynamoDB). */
const MAX_TAGS = 50;
/**
 * Projection.NonKeyAttributes: "the total count ... summed across all of the secondary indexes, must
 * not exceed 100" (DynamoDB Local at 101: "No more than 20 attributes per table can be projected..."),
 * and "Array Members: ... Maximum number of 20 items" per index (API reference; the emulators do
 * not check this one).
 */
const MAX_PROJECTED_ATTRIBUTES = 100;
const MAX_PROJECTED_ATTRIBUTES_PER_INDEX = 20;
/** "The maximum size supported for a resource-based policy document is 20 KB" (CreateTable ResourcePolicy), whitespace counted. */
export const MAX_RESOURCE_POLICY_BYTES = 20 * 1024;
const ON_DEMAND_ONLY = 'onDemandThroughput is only allowed with billingMode PAY_PER_REQUEST; a provisioned table is capped by its capacity';

const TYPE_NAMES: Record<string, string> = { S: 'a String', N: 'a Number', B: 'a Binary', BOOL: 'a Boolean', M: 'a Map' };
const typeName = (type: string) => TYPE_NAMES[type] ?? `of type ${type}`;

export function checkSchemaRules(schema: SchemaInput): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const tableNames = new Map<string, number>();
  const scriptNames = new Map<string, number>();
  const identifiers = new Map<string, number>();
  schema.tables.forEach((table, t) => {
    const at = (...rest: DocumentPath): DocumentPath => ['tables', t, ...rest];
    const report: Reporter = (path, message, atKey) => issues.push(atKey ? { path, message, atKey } : { path, message });
    checkTable(table, at, report);
    const earlier = tableNames.get(table.name);
    if (earlier !== undefined) report(at('name'), `table "${table.name}" is already defined by tables[${earlier}]`);
    tableNames.set(table.name, t);
    const script = table.scriptName ?? defaultScriptName(table.name);
    const earlierScript = scriptNames.get(script);
    // A repeated table name also repeats its default script name; report only the name.
    if (earlierScript !== undefined && earlier === undefined) {
      report(at('scriptName'), `script name "${script}" is already used by tables[${earlierScript}]; set a different scriptName`);
    }
    scriptNames.set(script, t);
    // Distinct script names can still meet in an identifier: "orders" and "create-orders-table"
    // share the stem, "1-2" and "12" the logical id 12Table.
    const { logicalId, terraformResource } = identifiersOf(script);
    const earlierIdentifier = identifiers.get(`cfn:${logicalId}`) ?? identifiers.get(`tf:${terraformResource}`);
    if (earlierIdentifier !== undefined && earlierScript === undefined) {
      report(at('scriptName'), `script name "${script}" gives the same CloudFormation or Terraform names as tables[${earlierIdentifier}] (${logicalId}, ${terraformResource}); set a more distinct scriptName`);
    }
    identifiers.set(`cfn:${logicalId}`, t);
    identifiers.set(`tf:${terraformResource}`, t);
  });
  return issues;
}

/** A user's `scriptName` and a derived one alike: `.ps1` added, it stays far below the 255-byte file-name limit. */
export const MAX_SCRIPT_NAME_LENGTH = 100;

/**
 * `create-<table name as lowercase words>-table`. A table name DynamoDB accepts can be 255
 * characters or hold no letter or digit at all (`...`); then the name keeps the words that fit and
 * a hash of the whole table name, so it stays a valid file name and two such tables still differ.
 */
export function defaultScriptName(tableName: string): string {
  const words = tableName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const full = `create-${words}-table`;
  if (words !== '' && full.length <= MAX_SCRIPT_NAME_LENGTH) return full;
  const hash = fnv1a32(tableName).toString(16).padStart(8, '0');
  const kept = words.slice(0, MAX_SCRIPT_NAME_LENGTH - 'create--table'.length - hash.length - 1).replace(/-+$/, '');
  return kept ? `create-${kept}-${hash}-table` : `create-${hash}-table`;
}

/** FNV-1a, 32 bits: short, stable on every platform, and no dependency for eight hex digits. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

type Reporter = (path: DocumentPath, message: string, atKey?: boolean) => void;

function checkTable(table: TableInput, at: (...rest: DocumentPath) => DocumentPath, report: Reporter): void {
  checkResourceName('table', table.name, at('name'), report);
  if (table.scriptName !== undefined && !SCRIPT_NAME_PATTERN.test(table.scriptName)) {
    report(at('scriptName'), `script name "${table.scriptName}" must be lowercase letters, digits and "-" (at most ${MAX_SCRIPT_NAME_LENGTH})`);
  }

  if (table.description !== undefined && !DESCRIPTION_PATTERN.test(table.description)) {
    report(at('description'), 'description must be one line of at most 500 printable ASCII characters without backquotes');
  }

  const keyTypes = new Map<string, KeyAttribute['type']>();
  const checkKey = (key: KeyAttribute | undefined, path: DocumentPath) => {
    if (!key) return;
    checkAttributeName(key.name, [...path, 'name'], report);
    const known = keyTypes.get(key.name);
    if (known && known !== key.type) {
      report([...path, 'type'], `key attribute "${key.name}" is ${typeName(known)} elsewhere; one attribute has one type`);
    }
    keyTypes.set(key.name, key.type);
  };
  checkKey(table.partitionKey, at('partitionKey'));
  checkKey(table.sortKey, at('sortKey'));
  if (table.sortKey && table.sortKey.name === table.partitionKey.name) {
    report(at('sortKey', 'name'), `sort key "${table.sortKey.name}" must differ from the partition key`);
  }

  const provisioned = (table.billingMode ?? 'PAY_PER_REQUEST') === 'PROVISIONED';
  checkCapacity(provisioned, table, at(), 'the table', report);

  const indexes = table.globalSecondaryIndexes ?? [];
  if (indexes.length > MAX_GLOBAL_SECONDARY_INDEXES) {
    report(at('globalSecondaryIndexes'), `${indexes.length} global secondary indexes exceed DynamoDB's limit of ${MAX_GLOBAL_SECONDARY_INDEXES} per table`);
  }
  const indexNames = new Map<string, number>();
  let projected = 0;
  indexes.forEach((index, i) => {
    const path = at('globalSecondaryIndexes', i);
    checkResourceName('index', index.name, [...path, 'name'], report);
    const earlier = indexNames.get(index.name);
    if (earlier !== undefined) report([...path, 'name'], `index name "${index.name}" is already used by globalSecondaryIndexes[${earlier}]`);
    indexNames.set(index.name, i);
    checkKey(index.partitionKey, [...path, 'partitionKey']);
    checkKey(index.sortKey, [...path, 'sortKey']);
    // DynamoDB Local: "Two keys can not have the same name"; dynalite (AWS's wording): "Both the Hash
    // Key and the Range Key element in the KeySchema have the same name".
    if (index.sortKey && index.sortKey.name === index.partitionKey.name) {
      report([...path, 'sortKey', 'name'], `index "${index.name}": sort key "${index.sortKey.name}" must differ from the index's partition key`);
    }
    projected += checkProjection(index, path, report);
    checkCapacity(provisioned, index, path, `index "${index.name}"`, report);
  });
  const localIndexes = table.localSecondaryIndexes ?? [];
  if (localIndexes.length > 0 && !table.sortKey) {
    report(at('localSecondaryIndexes'), "local secondary indexes need a table with a sortKey (they share the table's partition key); use a global secondary index instead", true);
  }
  localIndexes.forEach((index, i) => {
    const path = at('localSecondaryIndexes', i);
    checkResourceName('index', index.name, [...path, 'name'], report);
    const earlier = indexNames.get(index.name);
    if (earlier !== undefined) report([...path, 'name'], `index name "${index.name}" is already used by globalSecondaryIndexes[${earlier}]`);
    const earlierLocal = localIndexes.findIndex((other) => other.name === index.name);
    if (earlier === undefined && earlierLocal < i) report([...path, 'name'], `index name "${index.name}" is already used by localSecondaryIndexes[${earlierLocal}]`);
    checkKey(index.sortKey, [...path, 'sortKey']);
    if (index.sortKey.name === table.partitionKey.name) {
      report([...path, 'sortKey', 'name'], `index "${index.name}": sort key "${index.sortKey.name}" must differ from the table's partition key, which every local index shares`);
    }
    projected += checkProjection(index, path, report);
  });
  if (projected > MAX_PROJECTED_ATTRIBUTES) {
    report(at(localIndexes.length > 0 ? 'localSecondaryIndexes' : 'globalSecondaryIndexes'), `${projected} projected non-key attributes exceed DynamoDB's limit of ${MAX_PROJECTED_ATTRIBUTES} per table`);
  }

  if (provisioned) {
    if (table.onDemandThroughput) report(at('onDemandThroughput'), ON_DEMAND_ONLY, true);
    indexes.forEach((index, i) => {
      if (index.onDemandThroughput) report(at('globalSecondaryIndexes', i, 'onDemandThroughput'), ON_DEMAND_ONLY, true);
    });
  }
  if (table.recoveryPeriodInDays !== undefined && table.pointInTimeRecovery !== true) {
    report(at('recoveryPeriodInDays'), 'recoveryPeriodInDays needs pointInTimeRecovery: true', true);
  }
  if (table.resourcePolicy !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(table.resourcePolicy), 'utf8');
    if (bytes > MAX_RESOURCE_POLICY_BYTES) {
      report(at('resourcePolicy'), `the resource policy is ${bytes} bytes as JSON; DynamoDB allows at most ${MAX_RESOURCE_POLICY_BYTES} (20 KB)`, true);
    }
  }

  const documented = new Map<string, string>();
  (table.attributes ?? []).forEach((attribute, a) => {
    const path = at('attributes', a);
    checkAttributeName(attribute.name, [...path, 'name'], report);
    if (attribute.description !== undefined && !DESCRIPTION_PATTERN.test(attribute.description)) {
      report([...path, 'description'], 'description must be one line of at most 500 printable ASCII characters without backquotes');
    }
    if (documented.has(attribute.name)) report([...path, 'name'], `attribute "${attribute.name}" is documented twice`);
    documented.set(attribute.name, attribute.type);
    const keyType = keyTypes.get(attribute.name);
    if (keyType && keyType !== attribute.type) {
      report([...path, 'type'], `attribute "${attribute.name}" is a key of type ${keyType}, not ${attribute.type}`);
    }
  });

  if (table.timeToLiveAttribute !== undefined) {
    checkTimeToLive(table.timeToLiveAttribute, documented.get(table.timeToLiveAttribute) ?? keyTypes.get(table.timeToLiveAttribute), at('timeToLiveAttribute'), report);
  }

  if (table.encryption?.kmsKeyId !== undefined) {
    if (table.encryption.type !== 'KMS') {
      report(at('encryption', 'kmsKeyId'), 'kmsKeyId needs encryption type KMS');
    } else if (!KMS_KEY_PATTERN.test(table.encryption.kmsKeyId)) {
      report(at('encryption', 'kmsKeyId'), `kmsKeyId "${table.encryption.kmsKeyId}" must be a key id (UUID or mrk-...), a key ARN, an alias name (alias/...) or an alias ARN`);
    }
  }

  const tags = Object.entries(table.tags ?? {});
  if (tags.length > MAX_TAGS) report(at('tags'), `${tags.length} tags exceed DynamoDB's limit of ${MAX_TAGS}`);
  for (const [key, value] of tags) {
    if (!TAG_KEY_PATTERN.test(key) || key.startsWith('aws:')) {
      report(at('tags', key), `tag key "${key}" must be 1-128 characters of letters, digits, inner spaces and _ . : / + = @ -, not starting with aws:`, true);
    } else if (!TAG_VALUE_PATTERN.test(value)) {
      report(at('tags', key), `tag value of "${key}" must be empty or 1-256 characters of letters, digits, inner spaces and _ . : / + = @ -`);
    }
  }
}

function checkResourceName(kind: 'table' | 'index', name: string, path: DocumentPath, report: Reporter): void {
  if (!TABLE_NAME_PATTERN.test(name)) {
    report(path, `${kind} name "${name}" must be 3-255 characters of a-z, A-Z, 0-9, "_", "-" and ".", not starting with "-"`);
  }
}

function checkAttributeName(name: string, path: DocumentPath, report: Reporter): void {
  if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
    report(path, `attribute name "${name}" must be 1-255 characters of a-z, A-Z, 0-9, "_", "-" and ".", not starting with "-" (names reach generated shell and PowerShell scripts)`);
  }
}

function checkProjection(index: Pick<GlobalSecondaryIndexInput, 'name' | 'projection' | 'nonKeyAttributes'>, path: DocumentPath, report: Reporter): number {
  const projection = index.projection ?? 'ALL';
  if (projection === 'INCLUDE' && !index.nonKeyAttributes) {
    report([...path, 'projection'], `index "${index.name}" projects INCLUDE but lists no nonKeyAttributes`);
  }
  if (projection !== 'INCLUDE' && index.nonKeyAttributes) {
    report([...path, 'nonKeyAttributes'], `nonKeyAttributes only apply to projection INCLUDE, not ${projection}`);
  }
  const listed = index.nonKeyAttributes ?? [];
  if (listed.length > MAX_PROJECTED_ATTRIBUTES_PER_INDEX) {
    report([...path, 'nonKeyAttributes'], `index "${index.name}" lists ${listed.length} nonKeyAttributes; DynamoDB allows at most ${MAX_PROJECTED_ATTRIBUTES_PER_INDEX} per index`);
  }
  // Listed twice, DynamoDB Local refuses: "Cannot have two attributes with the same name".
  const seen = new Set<string>();
  listed.forEach((name, n) => {
    checkAttributeName(name, [...path, 'nonKeyAttributes', n], report);
    if (seen.has(name)) report([...path, 'nonKeyAttributes', n], `"${name}" is listed twice`);
    seen.add(name);
  });
  // The limit counts what is listed: "If you project the same attribute into two different indexes,
  // this counts as two distinct attributes".
  return listed.length;
}

function checkCapacity(
  provisioned: boolean,
  owner: { readCapacityUnits?: number; writeCapacityUnits?: number },
  path: DocumentPath,
  what: string,
  report: Reporter,
): void {
  const fields = ['readCapacityUnits', 'writeCapacityUnits'] as const;
  for (const field of fields) {
    if (provisioned && owner[field] === undefined) {
      report(path, `billingMode PROVISIONED needs ${field} on ${what}`);
    }
    if (!provisioned && owner[field] !== undefined) {
      report([...path, field], `${field} is only allowed with billingMode PROVISIONED; on-demand (PAY_PER_REQUEST) tables have no capacity`);
    }
  }
}

function checkTimeToLive(attribute: string, type: string | undefined, path: DocumentPath, report: Reporter): void {
  if (type === undefined) {
    report(path, `TTL attribute "${attribute}" is not documented; add it to attributes with type N (epoch seconds)`);
  } else if (type !== 'N') {
    const shopifyNote = attribute === 'expires' || attribute === 'refreshTokenExpires'
      ? ' (the Shopify session adapter stores it as an ISO-8601 string, so DynamoDB would never expire a session by it)'
      : '';
    report(path, `TTL attribute "${attribute}" is ${typeName(type)}: DynamoDB only expires items by a Number of epoch seconds${shopifyNote}`);
  }
}
