import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema } from '@ddb-migrations/core';
import { richSchema } from '@ddb-migrations/test-support';
import { emitReadme } from './index.js';

const readme = (schema = canonicalSchema) => emitReadme(schema).files[0]!.contents;

describe('emitReadme', () => {
  it('renders the canonical README byte for byte as committed', async () => {
    await expect(readme()).toMatchFileSnapshot('../../../dynamodb-migrations/README.md');
    expect(readme()).toBe(readFileSync(new URL('../../../dynamodb-migrations/README.md', import.meta.url), 'utf8'));
    await expect(readme(richSchema())).toMatchFileSnapshot('./__golden__/rich/README.md');
  });

  it('gives the exact commands each artifact is used with', () => {
    const text = readme();
    expect(text).toContain('./create-sessions-table.sh\n');
    expect(text).toContain('.\\create-sessions-table.ps1\n');
    expect(text).toContain(
      'aws cloudformation create-stack --stack-name shopify-sessions-table --template-body file://cloudformation-template.json --parameters ParameterKey=TableName,ParameterValue=shopify_sessions',
    );
    expect(text).toContain('terraform init && terraform plan && terraform apply');
  });

  it('documents the schema from the model, not by hand', () => {
    const text = readme();
    expect(text).toContain('| Partition key | `id` (String) |');
    expect(text).toContain('| `shop_index` | `shop` (String) | none | ALL |');
    expect(text).toContain('| `expires` | String |');
    expect(text).toContain('| `isOnline` | Boolean |');
    expect(text).toContain('| `onlineAccessInfo` | Map |');
    expect(text).toMatch(/No TTL: `expires` and `refreshTokenExpires` are ISO-8601 strings/);
    expect(text).toMatch(/## Option 5: AWS console[\s\S]*Create global index: partition key `shop`/);
    const rich = readme(richSchema());
    expect(rich).toContain('ParameterKey=OrdersTableName,ParameterValue=app_orders ParameterKey=AppEventsTableName,ParameterValue=app_events');
    expect(rich).toContain('| Time to live | on, attribute `expiresAt` |');
    expect(rich).toContain('Time to Live (TTL) > Turn on, TTL attribute name `expiresAt`');
  });

  it('quotes the same Terraform provider pin as the Terraform emitter', async () => {
    const { emitTerraform } = await import('@ddb-migrations/emit-terraform');
    const pinned = /"hashicorp\/aws"\s+version = "([^"]+)"/.exec(emitTerraform(canonicalSchema).files[0]!.contents)![1]!;
    expect(readme()).toContain(`provider \`${pinned}\``);
  });
});

describe('only what is true of each table', () => {
  it("gives session wiring for the session-shaped table, never the first table's name", () => {
    const rich = readme(richSchema());
    expect(rich).toContain("sessionTableName: 'app_sessions',\n  shopIndexName: 'shop_index',");
    expect(rich).not.toMatch(/sessionTableName: 'app_orders'|shopIndexName: 'status_index'/);
    expect(rich).toMatch(/## Table `app_orders`\n\nAn application table, not shaped for the Shopify session adapter/);
    expect(rich).toMatch(/## Table `app_sessions`\n\nShaped for the Shopify session adapter/);
    expect(rich).toMatch(/For `app_sessions`, it grants only what the Shopify session adapter calls/);
    expect(rich).toMatch(/For `app_orders`, `app_events`, which the session adapter does not use, it grants item access/);
  });

  it('says plainly when no table can hold sessions', async () => {
    const { loadSchema } = await import('@ddb-migrations/core');
    const text = readme(loadSchema('tables:\n  - name: orders\n    partitionKey: { name: id, type: S }\n    sortKey: { name: at, type: N }\n', 'o.yaml'));
    expect(text).not.toContain('DynamoDBSessionStorage');
    expect(text).toContain('No table in this schema is shaped for `@shopify/shopify-app-session-storage-dynamodb`');
    expect(text).not.toMatch(/Shopify session adapter calls/);
  });

  it('offers ddb-migrate plan/apply/verify through the ddb-migrations package, linking its policy', () => {
    const text = readme();
    expect(text).toMatch(/npx ddb-migrations plan\nnpx ddb-migrations apply\nnpx ddb-migrations verify\n/);
    expect(text).toContain('[`iam-policy-ddb-migrate.json`](iam-policy-ddb-migrate.json)');
    expect(text).not.toMatch(/npx ddb-migrate\b/);
  });
});

describe('large schemas', () => {
  it('names every template, stack and policy file the other emitters write', async () => {
    const { manyTablesSchema } = await import('@ddb-migrations/test-support');
    const { cloudFormationStacksOf, applicationPolicyFilesOf, operatorPolicyFilesOf } = await import('@ddb-migrations/core');
    const schema = manyTablesSchema(200);
    const text = readme(schema);
    const stacks = cloudFormationStacksOf(schema);
    expect(stacks.length).toBeGreaterThan(1);
    for (const stack of stacks) {
      expect(text).toContain(`| \`${stack.templateFile}\` | CloudFormation template (one stack of ${stacks.length}) |`);
      expect(text).toContain(`aws cloudformation create-stack --stack-name ${stack.stackName} --template-body file://${stack.templateFile} --parameters `);
    }
    for (const file of [...applicationPolicyFilesOf(schema), ...operatorPolicyFilesOf(schema)]) expect(text).toContain(`| \`${file.path}\` |`);
    expect(text).toContain('one\ncustomer managed policy holds at most 6,144 characters');
  });

  it('with --cloudformation-format yaml, names the .yaml template', () => {
    const text = emitReadme(canonicalSchema, { cloudFormationFormat: 'yaml' }).files[0]!.contents;
    expect(text).toContain('--template-body file://cloudformation-template.yaml');
    expect(text).toContain('| `cloudformation-template.yaml` | CloudFormation template |');
  });
});

describe('IAM quotas', () => {
  it("warns about the 10-managed-policies-per-role quota only when a policy set needs more", async () => {
    const { manyTablesSchema } = await import('@ddb-migrations/test-support');
    const { applicationPolicyFilesOf } = await import('@ddb-migrations/core');
    const quota = 'IAM attaches at most 10 managed policies to a role by default';
    expect(readme(manyTablesSchema(200))).not.toContain(quota);
    const huge = manyTablesSchema(600);
    expect(applicationPolicyFilesOf(huge).length).toBeGreaterThan(10);
    expect(readme(huge)).toContain(quota);
  });
});
