import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, keyAttributesOf, type Schema } from '@ddb-migrations/core';
import { findTerraform, InitialisedModule, parseTerraform, richSchema, runTerraform, sixSettingsSchema, withoutWarmThroughput } from '@ddb-migrations/test-support';
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

  it('writes one import block per table and per resource beside it, on request', async () => {
    const imports = emitTerraformImports(richSchema()).files[0]!;
    expect(imports.path).toBe('imports.tf');
    await expect(imports.contents).toMatchFileSnapshot('./__golden__/rich/imports.tf');
    const json = (await parseTerraform(imports.contents, 'imports.tf')).json;
    const account = '${split(":", data.aws_dynamodb_table.orders.arn)[4]}';
    expect(json.import.map((block: { to: string; id: string }) => [block.to, block.id])).toEqual([
      ['${aws_dynamodb_table.orders}', 'app_orders'],
      ['${aws_dynamodb_contributor_insights.orders}', `name:app_orders/index:/${account}`],
      ['${aws_dynamodb_contributor_insights.orders__indexes["sku_index"]}', `name:app_orders/index:sku_index/${account}`],
      ['${aws_dynamodb_resource_policy.orders}', '${data.aws_dynamodb_table.orders.arn}'],
      ['${aws_dynamodb_table.app_events}', 'app_events'],
      ['${aws_dynamodb_table.app_sessions}', 'app_sessions'],
    ]);
    // Ids built from the live table's ARN are expressions, which import blocks take from Terraform 1.6.
    expect(json.terraform[0].required_version).toBe('>= 1.6.0');
    expect(Object.keys(json.data.aws_dynamodb_table)).toEqual(['orders']);
  });

  it('looks up a KMS alias instead of passing it where the provider wants an ARN', async () => {
    const module = await parseTerraform(mainTf(richSchema()));
    expect(module.kmsKeys.orders?.key_id).toBe('alias/app-orders');
    expect(module.tables.orders?.server_side_encryption[0].kms_key_arn).toBe('${data.aws_kms_key.orders.arn}');
    expect(Object.keys(module.variables).sort()).toEqual(['app_events_table_name', 'app_sessions_table_name', 'orders_table_name']);
  });
});

describe('the six settings of issue 14', () => {
  const schema = sixSettingsSchema();

  it('renders LSIs, caps, warm throughput, the recovery period, contributor insights and the policy', async () => {
    await expect(mainTf(schema)).toMatchFileSnapshot('./__golden__/six-settings/main.tf');
    await expect(emitTerraformImports(schema).files[0]!.contents).toMatchFileSnapshot('./__golden__/six-settings/imports.tf');
    const module = await parseTerraform(mainTf(schema));
    const orders = module.tables.orders!;
    expect(orders.local_secondary_index).toEqual([
      { name: 'total_index', range_key: 'total', projection_type: 'INCLUDE', non_key_attributes: ['currency'] },
      { name: 'status_index', range_key: 'status', projection_type: 'KEYS_ONLY' },
    ]);
    expect(orders.on_demand_throughput).toEqual([{ max_read_request_units: 200, max_write_request_units: 100 }]);
    expect(orders.warm_throughput).toEqual([{ read_units_per_second: 15000, write_units_per_second: 5000 }]);
    expect(orders.point_in_time_recovery).toEqual([{ enabled: true, recovery_period_in_days: 7 }]);
    expect(orders.global_secondary_index[0]).toMatchObject({ on_demand_throughput: [{ max_read_request_units: 50 }], warm_throughput: [{ read_units_per_second: 12000 }] });
    expect(orders.global_secondary_index[1].on_demand_throughput).toBeUndefined();
    expect(module.tables.app_events!.on_demand_throughput).toEqual([{ max_write_request_units: 10 }]);
    const insights = module.json.resource.aws_dynamodb_contributor_insights;
    expect(insights.orders).toEqual([{ table_name: '${aws_dynamodb_table.orders.name}' }]);
    expect(insights.orders__indexes).toEqual([{ for_each: '${toset(["type_index"])}', table_name: '${aws_dynamodb_table.orders.name}', index_name: '${each.value}' }]);
    expect(Object.keys(module.json.resource.aws_dynamodb_resource_policy).sort()).toEqual(['app_events', 'orders']);
    // An IAM policy variable must reach DynamoDB as written, not as a Terraform interpolation.
    expect(module.json.resource.aws_dynamodb_resource_policy.orders[0].policy).toContain('"$${aws:username}"');
    expect(module.providerVersion).toBe('>= 6.13.0, < 7.0');
    expect((await parseTerraform(mainTf(withoutWarmThroughput(schema)))).providerVersion).toBe('>= 5.97.0, < 7.0');
  });

  it('leaves the recovery period unnamed when the schema does not set it', () => {
    const [orders] = schema.tables;
    const text = mainTf({ tables: [{ ...orders!, recoveryPeriodInDays: undefined }] });
    expect(text).toContain('  point_in_time_recovery {\n    enabled = true\n  }\n');
  });
});

const terraform = findTerraform();
describe.skipIf(!terraform)('the module as terraform reads it (terraform and hashicorp/aws from the plugin folder)', () => {
  const write = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-emit-'));
    for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
    return dir;
  };

  it('is exactly what terraform fmt writes: canonical, rich and six-settings main.tf and imports.tf', async () => {
    const files: Record<string, string> = {};
    for (const [name, schema] of Object.entries({ canonical: canonicalSchema, rich: richSchema(), six: sixSettingsSchema() })) {
      files[`${name}-main.tf`] = mainTf(schema);
      files[`${name}-imports.tf`] = emitTerraformImports(schema).files[0]!.contents;
    }
    const dir = write(files);
    const result = await runTerraform(terraform!, dir, ['fmt', '-check', '-list=true', '-recursive'], [3]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it('validates with hashicorp/aws 5.100.0, imports.tf included, once warm throughput is left out', async () => {
    for (const schema of [withoutWarmThroughput(sixSettingsSchema()), withoutWarmThroughput(richSchema())]) {
      const module = await InitialisedModule.init(terraform!, { 'main.tf': mainTf(schema), 'imports.tf': emitTerraformImports(schema).files[0]!.contents });
      const result = await runTerraform(terraform!, module.dir, ['validate', '-json']);
      expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    }
  });

  it('with warm throughput, needs >= 6.13: init refuses 5.100.0, and 5.100.0 knows no warm_throughput block', async () => {
    const text = mainTf(sixSettingsSchema());
    const refused = await runTerraform(terraform!, write({ 'main.tf': text }), ['init', `-plugin-dir=${terraform!.pluginDir}`, '-backend=false', '-input=false'], [1]);
    expect(refused.stderr).toMatch(/no available releases match the given constraints >= 6\.13\.0, < 7\.0\.0/);
    // The floor is needed: below it, the provider here rejects exactly the warm_throughput blocks.
    const lowered = await InitialisedModule.init(terraform!, { 'main.tf': text.replace('>= 6.13.0, < 7.0', '>= 5.0, < 7.0') });
    const invalid = JSON.parse((await runTerraform(terraform!, lowered.dir, ['validate', '-json'], [1])).stdout) as { diagnostics: { summary: string; detail: string }[] };
    expect(invalid.diagnostics.map((d) => `${d.summary}: ${d.detail.match(/"(\w+)"/)?.[1]}`)).toEqual(Array(2).fill('Unsupported block type: warm_throughput')) // the table's and type_index's;
  });
});
