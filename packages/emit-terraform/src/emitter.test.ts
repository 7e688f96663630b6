import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, toCreateTableInput, type Schema } from '@ddb-migrations/core';
import { parseTerraform, richSchema, toProviderCreateTable } from '@ddb-migrations/test-support';
import { emitTerraform, TERRAFORM_AWS_PROVIDER_VERSION } from './index.js';

const mainTf = (schema: Schema) => emitTerraform(schema).files[0]!.contents;
const sortedBy = <T>(items: T[] | undefined, key: (item: T) => string) => [...(items ?? [])].sort((a, b) => key(a).localeCompare(key(b)));

describe('emitTerraform', () => {
  it('renders the canonical main.tf byte for byte as committed', async () => {
    const contents = mainTf(canonicalSchema);
    await expect(contents).toMatchFileSnapshot('../../../dynamodb-migrations/main.tf');
    expect(contents).toBe(readFileSync(new URL('../../../dynamodb-migrations/main.tf', import.meta.url), 'utf8'));
  });

  it('renders one module holding every table of a multi-table schema', async () => {
    await expect(mainTf(richSchema())).toMatchFileSnapshot('./__golden__/rich/main.tf');
  });

  it('parses with the real HCL parser and pins the provider to one major version', async () => {
    const module = await parseTerraform(mainTf(canonicalSchema));
    expect(module.providerVersion).toBe(TERRAFORM_AWS_PROVIDER_VERSION);
    expect(module.providerVersion).toMatch(/^~> \d+\.0$/);
    expect(module.json.terraform[0].required_providers[0].aws.source).toBe('hashicorp/aws');
    expect(module.variables.table_name?.default).toBe('shopify_sessions');
    expect(Object.keys(module.outputs).sort()).toEqual(['table_arn', 'table_name']);
    expect(module.outputs.table_name?.value).toBe('${aws_dynamodb_table.sessions.name}');
    expect(module.outputs.table_arn?.value).toBe('${aws_dynamodb_table.sessions.arn}');
  });

  it('rejects broken HCL (the parser is not a no-op)', async () => {
    await expect(parseTerraform(mainTf(canonicalSchema).replace('hash_key     = "id"', 'hash_key = '))).rejects.toThrow();
  });

  for (const [label, schema] of [['canonical', canonicalSchema], ['rich', richSchema()]] as const) {
    it(`makes the provider send exactly the schema's CreateTable request (${label})`, async () => {
      const module = await parseTerraform(mainTf(schema));
      for (const table of schema.tables) {
        const resource = Object.values(module.tables).find((candidate) => candidate.name.includes('var.') && module.variables[candidate.name.slice(6, -1)]?.default === table.name);
        expect(resource, table.name).toBeDefined();
        const provider = toProviderCreateTable(resource!, module);
        const expected = toCreateTableInput(table);
        // Order of sets is free in HCL and DynamoDB; compare sorted.
        expect({ ...provider.input, AttributeDefinitions: sortedBy(provider.input.AttributeDefinitions, (a) => a.AttributeName!), Tags: sortedBy(provider.input.Tags, (t) => t.Key!) })
          .toEqual({ ...expected, AttributeDefinitions: sortedBy(expected.AttributeDefinitions, (a) => a.AttributeName!), Tags: sortedBy(expected.Tags, (t) => t.Key!) });
        expect(provider.timeToLiveAttribute).toBe(table.timeToLiveAttribute);
        expect(provider.pointInTimeRecovery).toBe(table.pointInTimeRecovery);
        // Only key attributes get attribute blocks; the provider rejects unused ones.
        expect(resource!.attribute.map((a: { name: string }) => a.name).sort()).toEqual(expected.AttributeDefinitions!.map((a) => a.AttributeName).sort());
        expect(resource!.billing_mode).toBe(table.billing.mode);
        expect(resource!.lifecycle[0].prevent_destroy).toBe(true);
      }
    });
  }

  it('looks up a KMS alias instead of passing it where the provider wants an ARN', async () => {
    const module = await parseTerraform(mainTf(richSchema()));
    expect(module.kmsKeys.orders?.key_id).toBe('alias/app-orders');
    expect(module.tables.orders?.server_side_encryption[0].kms_key_arn).toBe('${data.aws_kms_key.orders.arn}');
    expect(Object.keys(module.variables).sort()).toEqual(['app_events_table_name', 'app_sessions_table_name', 'orders_table_name']);
  });
});
