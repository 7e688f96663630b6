import type { Schema, TableSchema } from './model.js';

/**
 * The names a table gets in each artifact. Kept in one place because the README must quote the
 * scripts', template's and module's names exactly, and emitters never import each other.
 */
export interface ArtifactNames {
  /** `create-sessions-table` */
  script: string;
  /** `SessionsTable`: the CloudFormation logical id. */
  logicalId: string;
  /** `TableName` for a single table (what the README's create-stack command passes), else `<LogicalId>Name`. */
  cloudFormationParameter: string;
  /** Prefix of the CloudFormation outputs `TableName` / `TableArn`. */
  cloudFormationOutputPrefix: string;
  /** `sessions`: the Terraform resource name. */
  terraformResource: string;
  /** `table_name` for a single table, else `<resource>_table_name`. */
  terraformVariable: string;
  /** Prefix of the Terraform outputs `table_name` / `table_arn`. */
  terraformOutputPrefix: string;
}

/** What artifact names are built from: the script name without `create-` and `-table`. */
export function artifactStemOf(scriptName: string): string {
  return scriptName.replace(/^create-/, '').replace(/-table$/, '').split('-').filter(Boolean).join('-') || 'main';
}

/** The identifiers two tables of one schema must not share (checked by rules.ts). */
export function identifiersOf(scriptName: string): { logicalId: string; terraformResource: string } {
  const words = artifactStemOf(scriptName).split('-');
  return {
    logicalId: `${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}Table`,
    // Terraform identifiers start with a letter or "_"; the words are [a-z0-9]+, so "_" marks a
    // leading digit (stem "2024-orders" -> "_2024_orders") and cannot collide with another stem's name.
    terraformResource: /^[a-z]/.test(words[0]!) ? words.join('_') : `_${words.join('_')}`,
  };
}

export function artifactNamesOf(table: TableSchema, schema: Schema): ArtifactNames {
  const { logicalId, terraformResource } = identifiersOf(table.scriptName);
  const single = schema.tables.length === 1;
  return {
    script: table.scriptName,
    logicalId,
    cloudFormationParameter: single ? 'TableName' : `${logicalId}Name`,
    cloudFormationOutputPrefix: single ? '' : logicalId,
    terraformResource,
    terraformVariable: single ? 'table_name' : `${terraformResource}_table_name`,
    terraformOutputPrefix: single ? '' : `${terraformResource}_`,
  };
}

/** CreateStack's StackName: "must start with an alphabetic character", `[-a-zA-Z0-9]`, at most 128. */
const MAX_STACK_NAME_LENGTH = 128;

/**
 * The CloudFormation stack name the README suggests: `shopify-sessions-table` for the canonical
 * schema. A table name with no letters (`...`) falls back to the script's stem, one starting with
 * a digit gets `ddb-` in front, and a long one is cut to fit.
 */
export function stackNameOf(schema: Schema): string {
  if (schema.tables.length !== 1) return 'ddb-migrations-tables';
  const table = schema.tables[0]!;
  const slug = table.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || artifactStemOf(table.scriptName);
  const lead = /^[a-z]/.test(slug) ? '' : 'ddb-';
  const room = MAX_STACK_NAME_LENGTH - lead.length - '-table'.length;
  return `${lead}${slug.slice(0, room).replace(/-+$/, '')}-table`;
}
