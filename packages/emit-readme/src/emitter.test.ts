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
