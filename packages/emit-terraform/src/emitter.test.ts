import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, keyAttributesOf, type Schema } from '@ddb-migrations/core';
import { parseTerraform, richSchema } from '@ddb-migrations/test-support';
import { emitTerraform, emitTerraformImports, terraformAwsProviderConstraint } from './index.js';

const mainTf = (schema: Schema) => emitTerraform(schema).files[0]!.contents;

describe('emitTerraform', () => {
  it('renders the canonical main.tf byte for byte as committed', async () => {
    const contents = mainTf(canonicalSchema);
    await expect(contents).toMatchFileSnapshot('../../../dynamodb-migrations/main.tf');
    expect(contents).toBe(readFileSync(new URL('../../../dynamodb-migrations/main.tf', import.meta.url), 'utf8'));
  });

  it('renders one module holding every table of a multi-table schema', async () => {
    await expect(mainTf(richSchema())).toMatchFileSnapshot('./__golden__/rich/main.tf');
  });

  it('parses with the real HCL parser and accepts every provider version that has its arguments', async () => {
    const module = await parseTerraform(mainTf(canonicalSchema));
    expect(module.providerVersion).toBe(terraformAwsProviderConstraint(canonicalSchema));
    expect(module.providerVersion).toBe('>= 5.0, < 7.0');
    expect(module.json.terraform[0].required_providers[0].aws.source).toBe('hashicorp/aws');
    expect(module.variables.table_name?.default).toBe('shopify_sessions');
    expect(Object.keys(module.outputs).sort()).toEqual(['table_arn', 'table_name']);
    expect(module.outputs.table_name?.value).toBe('${aws_dynamodb_table.sessions.name}');
    expect(module.outputs.table_arn?.value).toBe('${aws_dynamodb_table.sessions.arn}');
  });

  it('rejects broken HCL (the parser is not a no-op)', async () => {
    await expect(parseTerraform(mainTf(canonicalSchema).replace('hash_key     = "id"', 'hash_key = '))).rejects.toThrow();
  });

  // What the provider sends for these arguments is checked with the real provider, in
  // packages/conformance (terraform-lifecycle.test.ts); here only the shape of the module.
  it('declares only key attributes, and protects every table from destruction', async () => {
    const schema = richSchema();
    const module = await parseTerraform(mainTf(schema));
    for (const table of schema.tables) {
      const resource = Object.values(module.tables).find((candidate) => module.variables[candidate.name.slice(6, -1)]?.default === table.name);
      expect(resource, table.name).toBeDefined();
      // The provider rejects attribute blocks that no key or index uses.
      expect(resource!.attribute.map((a: { name: string }) => a.name).sort()).toEqual(keyAttributesOf(table).map((key) => key.name));
      expect(resource!.lifecycle[0].prevent_destroy).toBe(true);
    }
  });

  it('writes one import block per table, on request', async () => {
    const imports = emitTerraformImports(richSchema()).files[0]!;
    expect(imports.path).toBe('imports.tf');
    await expect(imports.contents).toMatchFileSnapshot('./__golden__/rich/imports.tf');
    const json = (await parseTerraform(imports.contents, 'imports.tf')).json;
    expect(json.import.map((block: { to: string; id: string }) => [block.to, block.id])).toEqual([
      ['${aws_dynamodb_table.orders}', 'app_orders'],
      ['${aws_dynamodb_table.app_events}', 'app_events'],
      ['${aws_dynamodb_table.app_sessions}', 'app_sessions'],
    ]);
  });

  it('looks up a KMS alias instead of passing it where the provider wants an ARN', async () => {
    const module = await parseTerraform(mainTf(richSchema()));
    expect(module.kmsKeys.orders?.key_id).toBe('alias/app-orders');
    expect(module.tables.orders?.server_side_encryption[0].kms_key_arn).toBe('${data.aws_kms_key.orders.arn}');
    expect(Object.keys(module.variables).sort()).toEqual(['app_events_table_name', 'app_sessions_table_name', 'orders_table_name']);
  });
});
