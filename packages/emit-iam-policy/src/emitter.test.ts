import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema } from '@ddb-migrations/core';
import { richSchema } from '@ddb-migrations/test-support';
import { emitIamPolicy, toIamPolicy } from './index.js';

describe('emitIamPolicy', () => {
  it('renders the canonical policy byte for byte as committed', async () => {
    const contents = emitIamPolicy(canonicalSchema).files[0]!.contents;
    await expect(contents).toMatchFileSnapshot('../../../dynamodb-migrations/iam-policy.json');
    expect(contents).toBe(readFileSync(new URL('../../../dynamodb-migrations/iam-policy.json', import.meta.url), 'utf8'));
  });

  it('grants exactly what the session adapter calls, on the table and its index only', () => {
    expect(toIamPolicy(canonicalSchema)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SessionsTableItems',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: ['arn:aws:dynamodb:*:*:table/shopify_sessions'],
        },
        {
          Sid: 'SessionsTableIndexQuery',
          Effect: 'Allow',
          Action: ['dynamodb:Query'],
          Resource: ['arn:aws:dynamodb:*:*:table/shopify_sessions/index/shop_index'],
        },
      ],
    });
  });

  it('never grants wildcards on actions, table management, or scans', () => {
    const actions = toIamPolicy(richSchema()).Statement.flatMap((statement) => statement.Action);
    expect(new Set(actions)).toEqual(new Set(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']));
    expect(toIamPolicy(richSchema()).Statement.flatMap((s) => s.Resource)).toContain('arn:aws:dynamodb:*:*:table/app_orders/index/sku_index');
  });
});

describe('statement ids', () => {
  it('stay unique for tables whose names differ only in punctuation', async () => {
    const { loadSchema } = await import('@ddb-migrations/core');
    const schema = loadSchema('tables:\n  - name: ab_c\n    partitionKey: { name: id, type: S }\n  - name: abc\n    partitionKey: { name: id, type: S }\n', 'two.yaml');
    const sids = toIamPolicy(schema).Statement.map((statement) => statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });
});
