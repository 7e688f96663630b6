import { artifactNamesOf, stackNameOf } from './artifact-names.js';
import { toCreateTableInput } from './create-table-input.js';
import type { CloudFormationFormat } from './emitter.js';
import type { Schema, TableSchema } from './model.js';

/** CloudFormation's documented quotas a generated template must stay within. */
export const CLOUDFORMATION_LIMITS = {
  /** `--template-body` (and the console's upload without S3). */
  templateBodyBytes: 51_200,
  /** `--template-url`, from an S3 object. */
  templateUrlBytes: 1_000_000,
  descriptionChars: 1_024,
  parameters: 200,
  outputs: 200,
  resources: 500,
} as const;

/** Per table, the template holds one parameter, one resource and two outputs (name and ARN). */
const OUTPUTS_PER_TABLE = 2;
const MAX_TABLES_PER_TEMPLATE = Math.min(CLOUDFORMATION_LIMITS.parameters, CLOUDFORMATION_LIMITS.resources, Math.floor(CLOUDFORMATION_LIMITS.outputs / OUTPUTS_PER_TABLE));

export interface CloudFormationStack {
  /** `cloudformation-template.json` when one template holds every table, else `cloudformation-template-<n>.json`. */
  templateFile: string;
  stackName: string;
  tables: TableSchema[];
  /** Over the `--template-body` limit on its own (one very large table): deploy it from S3 with `--template-url`. */
  viaS3: boolean;
}

/**
 * An upper bound of the bytes a table adds to the pretty-printed template: its CreateTable request as
 * the resource's properties (two-space JSON, six levels deeper than the root), the parameter with its
 * pattern, the two outputs, and the settings CloudFormation spells apart (TTL, PITR, SSE, stream). The
 * CloudFormation emitter checks every template it writes against the real limit, so a bound that is
 * ever too small fails loudly in its tests instead of producing an undeployable file.
 */
export function templateBytesBoundOf(table: TableSchema, schema: Schema): number {
  const properties = JSON.stringify(toCreateTableInput(table), null, 2);
  const lines = properties.split('\n').length;
  // The name: parameter default and description, two output descriptions. The logical id: resource key,
  // parameter name and its Ref, output keys, Ref and GetAtt.
  const names = 4 * table.name.length + 8 * (artifactNamesOf(table, schema).logicalId.length + 4);
  return properties.length + lines * 6 + names + 1_100;
}

const FIXED_TEMPLATE_BYTES = 200 + CLOUDFORMATION_LIMITS.descriptionChars;

/**
 * Which tables go into which template. One template while everything fits `--template-body` and the
 * output, parameter and resource quotas (the README's single create-stack command); otherwise tables are
 * packed in schema order into numbered templates, one stack each.
 */
export function cloudFormationStacksOf(schema: Schema, format: CloudFormationFormat = 'json'): CloudFormationStack[] {
  const groups: TableSchema[][] = [];
  let bytes = 0;
  for (const table of schema.tables) {
    const size = templateBytesBoundOf(table, schema);
    const current = groups.at(-1);
    if (current && current.length < MAX_TABLES_PER_TEMPLATE && bytes + size <= CLOUDFORMATION_LIMITS.templateBodyBytes) {
      current.push(table);
      bytes += size;
    } else {
      groups.push([table]);
      bytes = FIXED_TEMPLATE_BYTES + size;
    }
  }
  const baseStackName = stackNameOf(schema);
  const viaS3 = (tables: TableSchema[]) => tables.length === 1 && FIXED_TEMPLATE_BYTES + templateBytesBoundOf(tables[0]!, schema) > CLOUDFORMATION_LIMITS.templateBodyBytes;
  if (groups.length === 1) return [{ templateFile: `cloudformation-template.${format}`, stackName: baseStackName, tables: groups[0]!, viaS3: viaS3(groups[0]!) }];
  return groups.map((tables, index) => ({
    templateFile: `cloudformation-template-${index + 1}.${format}`,
    // Stack names end with a letter or digit and stay within 128 characters with the suffix.
    stackName: `${baseStackName.slice(0, 120)}-${index + 1}`,
    tables,
    viaS3: viaS3(tables),
  }));
}
