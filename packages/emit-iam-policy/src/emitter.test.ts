import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, loadSchema, sessionIndexOf, type Schema } from '@ddb-migrations/core';
import { manyTablesSchema, richSchema } from '@ddb-migrations/test-support';
import { DATA_ACCESS_TABLE_ACTIONS, emitIamPolicy, MANAGED_POLICY_MAX_CHARS, OPERATOR_ACTIONS, toIamPolicy, type PolicyDocument } from './index.js';

const committed = (name: string) => readFileSync(new URL(`../../../dynamodb-migrations/${name}`, import.meta.url), 'utf8');
const documentsOf = (schema: Schema) => emitIamPolicy(schema).files.map((file) => ({ path: file.path, document: JSON.parse(file.contents) as PolicyDocument }));

/** Every (action, resource) pair the documents allow. */
function grants(documents: PolicyDocument[]): Set<string> {
  const pairs = new Set<string>();
  for (const document of documents) for (const statement of document.Statement) for (const action of statement.Action) for (const resource of statement.Resource) pairs.add(`${action} ${resource}`);
  return pairs;
}

describe('emitIamPolicy', () => {
  it('renders the canonical policies byte for byte as committed', async () => {
    const files = emitIamPolicy(canonicalSchema).files;
    expect(files.map((file) => file.path)).toEqual(['iam-policy.json', 'iam-policy-ddb-migrate.json']);
    for (const file of files) {
      await expect(file.contents).toMatchFileSnapshot(`../../../dynamodb-migrations/${file.path}`);
      expect(file.contents).toBe(committed(file.path));
    }
  });

  it('grants exactly what the session adapter calls, on the table and its index only', () => {
    expect(toIamPolicy(canonicalSchema)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ShopifySessionItems', Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:*:*:table/shopify_sessions'] },
        { Sid: 'ShopifySessionIndexQuery', Effect: 'Allow', Action: ['dynamodb:Query'], Resource: ['arn:aws:dynamodb:*:*:table/shopify_sessions/index/shop_index'] },
      ],
    });
  });

  it("gives the adapter's grants only to session-shaped tables, item access to the others", () => {
    const allowed = grants([toIamPolicy(richSchema())]);
    const arn = (name: string) => `arn:aws:dynamodb:*:*:table/${name}`;
    expect(allowed).toContain(`dynamodb:GetItem ${arn('app_sessions')}`);
    expect(allowed).toContain(`dynamodb:Query ${arn('app_sessions')}/index/shop_index`);
    expect(allowed).not.toContain(`dynamodb:UpdateItem ${arn('app_sessions')}`);
    for (const action of DATA_ACCESS_TABLE_ACTIONS) expect(allowed).toContain(`${action} ${arn('app_orders')}`);
    expect(allowed).toContain(`dynamodb:Query ${arn('app_orders')}/index/sku_index`);
    expect(allowed).toContain(`dynamodb:Query ${arn('app_orders')}/index/status_index`);
    expect(allowed).not.toContain(`dynamodb:Query ${arn('app_events')}/index/shop_index`);
    // Never table management, scans or wildcards in the application's policy.
    for (const pair of allowed) expect(pair.split(' ')[0]).not.toMatch(/:(Scan|CreateTable|DeleteTable|UpdateTable|\*)$/);
  });

  it('a session table with several shop indexes: Query only on the one the adapter uses', () => {
    const schema = loadSchema(
      'tables:\n  - name: sessions\n    partitionKey: { name: id, type: S }\n    globalSecondaryIndexes:\n' +
        '      - { name: a_index, partitionKey: { name: shop, type: S }, projection: KEYS_ONLY }\n      - { name: shop_index, partitionKey: { name: shop, type: S }, projection: ALL }\n',
      'two-index.yaml',
    );
    const queried = [...grants([toIamPolicy(schema)])].filter((pair) => pair.startsWith('dynamodb:Query'));
    expect(queried).toEqual([`dynamodb:Query arn:aws:dynamodb:*:*:table/sessions/index/${sessionIndexOf(schema.tables[0]!)!.name}`]);
  });

  it('writes the policy ddb-migrate plan/apply/verify need, scoped to the tables, with no DeleteTable', () => {
    const operator = documentsOf(richSchema()).find((file) => file.path === 'iam-policy-ddb-migrate.json')!.document;
    expect(grants([operator])).toEqual(new Set(richSchema().tables.flatMap((table) => OPERATOR_ACTIONS.map((action) => `${action} arn:aws:dynamodb:*:*:table/${table.name}`))));
    expect(OPERATOR_ACTIONS).not.toContain('dynamodb:DeleteTable');
  });
});

describe.each([1, 50, 100, 200])('%i tables', (count) => {
  const schema = manyTablesSchema(count);
  const files = documentsOf(schema);

  it('every document fits one customer managed policy (6,144 characters, whitespace not counted)', () => {
    for (const { path, document } of files) {
      const raw = emitIamPolicy(schema).files.find((file) => file.path === path)!.contents;
      // IAM's documented rule: whitespace does not count. Names here have none, so stripping it all is exact.
      expect(raw.replace(/\s/g, '').length, path).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
      const sids = document.Statement.map((statement) => statement.Sid);
      expect(new Set(sids).size, path).toBe(sids.length);
      expect(sids.every((sid) => /^[A-Za-z0-9]+$/.test(sid)), path).toBe(true);
    }
  });

  it('splitting loses and adds no grant', () => {
    const split = files.filter((file) => file.path.startsWith('iam-policy-') && !file.path.startsWith('iam-policy-ddb-migrate')).map((file) => file.document);
    const application = split.length > 0 ? split : files.filter((file) => file.path === 'iam-policy.json').map((file) => file.document);
    expect(grants(application)).toEqual(grants([toIamPolicy(schema)]));
    const operator = files.filter((file) => file.path.startsWith('iam-policy-ddb-migrate')).map((file) => file.document);
    expect(grants(operator).size).toBe(count * OPERATOR_ACTIONS.length);
    expect(files.length).toBe(count >= 100 ? (count === 100 ? 3 : 6) : 2);
  });
});
