import {
  applicationPolicyFilesOf, artifactNamesOf, assertPortableText, cloudFormationStacksOf, operatorPolicyFilesOf, sessionIndexOf, terraformAwsProviderConstraint, toResourcePolicyFile,
  type EmitOptions, type EmitResult, type Emitter, type Schema, type TableSchema,
} from '@ddb-migrations/core';
import { readmeMd } from './generated/templates.js';
import { consoleStepsOf } from './console-steps.js';
import { cloudFormationView } from './cloudformation-view.js';
import { cellCodeSpan, codeSpan, markdownCellText, markdownText } from './markdown.js';
import { globalIndexesView, localIndexesView, policyBlock, settingsOf, TYPE_NAMES } from './table-settings.js';

function notesOf(table: TableSchema): string[] {
  const notes: string[] = [];
  const isoDates = table.attributes.filter((attribute) => attribute.type === 'S' && /expires$/i.test(attribute.name));
  if (!table.timeToLiveAttribute && isoDates.length > 0) {
    notes.push(
      `No TTL: ${isoDates.map((attribute) => codeSpan(attribute.name)).join(' and ')} ${isoDates.length > 1 ? 'are' : 'is an'} ISO-8601 string${isoDates.length > 1 ? 's' : ''}, ` +
        'and DynamoDB only expires items by a Number of epoch seconds.',
    );
  }
  return notes;
}

/** What the table is for, stated only as far as its shape proves it. */
function purposeOf(table: TableSchema): string {
  const index = sessionIndexOf(table);
  if (index) {
    return 'Shaped for the Shopify session adapter (`@shopify/shopify-app-session-storage-dynamodb`): String partition\n' +
      `key \`id\`, no sort key, and the index ${codeSpan(index.name)} on the String \`shop\` that its \`findSessionsByShop\` queries.`;
  }
  return 'An application table, not shaped for the Shopify session adapter (which needs a String partition key `id`,\n' +
    "no sort key and an index on the String `shop`): the policy gives it item access, not the adapter's grants.";
}

function toTableView(table: TableSchema, schema: Schema) {
  const names = artifactNamesOf(table, schema);
  return {
    name: table.name,
    script: names.script,
    // The policy file both scripts pass to create-table (written once, next to them).
    resourcePolicyFile: toResourcePolicyFile(table)?.path,
    terraformVariable: names.terraformVariable,
    terraformResource: names.terraformResource,
    purpose: purposeOf(table),
    descriptionLines: table.description ? [markdownText(table.description)] : [],
    settings: settingsOf(table),
    ...globalIndexesView(table),
    localIndexes: localIndexesView(table),
    policyBlocks: policyBlock(table.resourcePolicy),
    attributes: table.attributes.map((attribute) => ({
      name: cellCodeSpan(attribute.name),
      type: TYPE_NAMES[attribute.type],
      description: attribute.description ? markdownCellText(attribute.description) : '',
    })),
    notes: notesOf(table),
    consoleSteps: consoleStepsOf(table),
  };
}

const listOf = (names: string[]) => names.map((name) => `\`${name}\``).join(', ');
/** Generated files are linked, so the README on GitHub opens them. */
const linksOf = (paths: string[]) => paths.map((path) => `[\`${path}\`](${path})`).join(', ');

/** The session wiring for the first table shaped for the adapter; none when no table is. */
function sessionAppView(schema: Schema) {
  const table = schema.tables.find((candidate) => sessionIndexOf(candidate));
  if (!table) return [];
  const others = schema.tables.filter((candidate) => candidate !== table && sessionIndexOf(candidate)).map((candidate) => candidate.name);
  return [{ tableName: table.name, indexName: sessionIndexOf(table)!.name, others: others.length > 0 ? listOf(others) : '', severalOthers: others.length > 1 }];
}

/** `README.md`: how to use every other generated file, rendered from the same schema. */
export function emitReadme(schema: Schema, options: EmitOptions = {}): EmitResult {
  const first = schema.tables[0]!;
  const firstNames = artifactNamesOf(first, schema);
  const applicationPolicies = applicationPolicyFilesOf(schema).map((file) => file.path);
  const operatorPolicies = operatorPolicyFilesOf(schema).map((file) => file.path);
  const sessionTables = schema.tables.filter((table) => sessionIndexOf(table)).map((table) => table.name);
  const appTables = schema.tables.filter((table) => !sessionIndexOf(table)).map((table) => table.name);
  const contents = readmeMd({
    single: schema.tables.length === 1,
    tableList: schema.tables.map((table) => codeSpan(table.name)).join(', '),
    providerVersion: terraformAwsProviderConstraint(schema),
    tables: schema.tables.map((table) => toTableView(table, schema)),
    firstScript: firstNames.script,
    firstName: first.name,
    firstTerraformVariable: firstNames.terraformVariable,
    cloudFormation: cloudFormationView(cloudFormationStacksOf(schema, options.cloudFormationFormat ?? 'json'), schema),
    anyTimeToLive: schema.tables.some((table) => table.timeToLiveAttribute),
    applicationPolicies: applicationPolicies.map((path, index) => ({ path, part: index + 1 })),
    applicationPolicyList: linksOf(applicationPolicies),
    severalApplicationPolicies: applicationPolicies.length > 1,
    // IAM's default quota of managed policies per role.
    overManagedPolicyQuota: Math.max(applicationPolicies.length, operatorPolicies.length) > 10,
    operatorPolicyList: linksOf(operatorPolicies),
    anyKms: schema.tables.some((table) => table.serverSideEncryption.type === 'KMS'),
    operatorPolicies: operatorPolicies.map((path, index) => ({ path, part: index + 1 })),
    severalOperatorPolicies: operatorPolicies.length > 1,
    sessionTableList: sessionTables.length > 0 ? listOf(sessionTables) : '',
    appTableList: appTables.length > 0 ? listOf(appTables) : '',
    sessionApp: sessionAppView(schema),
  });
  return { files: [assertPortableText({ path: 'README.md', contents })], warnings: [] };
}

export const readmeEmitter: Emitter = { name: 'readme', emit: emitReadme };
