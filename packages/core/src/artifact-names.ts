import type { Schema, TableSchema } from './model.js';
import { artifactStemOf } from './rules.js';

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

export function artifactNamesOf(table: TableSchema, schema: Schema): ArtifactNames {
  const words = artifactStemOf(table.scriptName).split('-');
  const logicalId = `${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}Table`;
  const single = schema.tables.length === 1;
  const terraformResource = words.join('_');
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

/** The CloudFormation stack name the README suggests: `shopify-sessions-table` for the canonical schema. */
export function stackNameOf(schema: Schema): string {
  const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return schema.tables.length === 1 ? `${slug(schema.tables[0]!.name)}-table` : 'ddb-migrations-tables';
}
