/**
 * The CreateTable rules the validator enforces before any artifact is written, each shown two
 * ways: the schema is refused with `file:line:column`, and the same table sent as a raw CreateTable
 * request is refused by a real engine (DynamoDB Local, the closest to AWS; dynalite, which copies
 * AWS's wording, for the capacity bound DynamoDB Local replaces by its 40,000-unit quota). A
 * control request per engine shows the base table is accepted, so a refusal is the rule's doing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { loadSchema, SchemaError } from '@ddb-migrations/core';
import { findDynamoDbLocal, startDynalite, startDynamoDbLocal } from '@ddb-migrations/test-support';
import { recordSection } from './report/figures.js';

/** What both engines' start-ups give: dynalite's and DynamoDB Local's handles differ beyond this. */
type RunningEngine = { endpoint: string; close(): Promise<void> };

const FILE = 'ddb-migrations.yaml';

/** One table `rule_case`, partition key `id` (S), plus `extra` YAML lines at table level. */
const schemaWith = (...extra: string[]) => ['tables:', '  - name: rule_case', '    partitionKey: { name: id, type: S }', ...extra, ''].join('\n');

type Request = Omit<CreateTableCommandInput, 'TableName'>;
const attributes = (...pairs: [string, 'S' | 'N'][]) => pairs.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
const hash = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
const range = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' as const });
const base: Request = { BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: attributes(['id', 'S']), KeySchema: [hash('id')] };
const withIndexes = (indexes: NonNullable<Request['GlobalSecondaryIndexes']>, definitions = attributes(['id', 'S'], ['shop', 'S'])): Request => ({
  ...base,
  AttributeDefinitions: definitions,
  GlobalSecondaryIndexes: indexes,
});
const include = (name: string, nonKeyAttributes: string[]) => ({ IndexName: name, KeySchema: [hash('shop')], Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: nonKeyAttributes } });
const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const yamlIndex = (name: string, ...lines: string[]) => [`      - name: ${name}`, '        partitionKey: { name: shop, type: S }', ...lines];

interface RuleCase {
  rule: string;
  yaml: string;
  /** The reason loadSchema gives, and its line (the column is asserted by the core tests). */
  reason: string;
  line: number;
  request: Request;
  engine: 'DynamoDB Local' | 'dynalite';
  engineError: RegExp;
}

const CASES: RuleCase[] = [
  {
    rule: 'an index whose sort key is its partition key',
    yaml: schemaWith('    globalSecondaryIndexes:', ...yamlIndex('by_shop', '        sortKey: { name: shop, type: S }')),
    reason: 'index "by_shop": sort key "shop" must differ from the index\'s partition key',
    line: 7,
    request: withIndexes([{ IndexName: 'by_shop', KeySchema: [hash('shop'), range('shop')], Projection: { ProjectionType: 'ALL' } }]),
    engine: 'DynamoDB Local',
    engineError: /Two keys can not have the same name/,
  },
  {
    rule: 'a table whose sort key is its partition key',
    yaml: schemaWith('    sortKey: { name: id, type: S }'),
    reason: 'sort key "id" must differ from the partition key',
    line: 4,
    request: { ...base, KeySchema: [hash('id'), range('id')] },
    engine: 'DynamoDB Local',
    engineError: /Two keys can not have the same name/,
  },
  {
    rule: 'a key attribute declared with two types',
    yaml: schemaWith('    globalSecondaryIndexes:', '      - name: by_id', '        partitionKey: { name: id, type: N }'),
    reason: 'key attribute "id" is a String elsewhere; one attribute has one type',
    line: 6,
    request: withIndexes([{ IndexName: 'by_id', KeySchema: [hash('id')], Projection: { ProjectionType: 'ALL' } }], attributes(['id', 'S'], ['id', 'N'])),
    engine: 'DynamoDB Local',
    engineError: /Cannot have two attributes with the same name/,
  },
  {
    rule: 'a non-key attribute listed twice',
    yaml: schemaWith('    globalSecondaryIndexes:', ...yamlIndex('by_shop', '        projection: INCLUDE', '        nonKeyAttributes: [total, total]')),
    reason: '"total" is listed twice',
    line: 8,
    request: withIndexes([include('by_shop', ['total', 'total'])]),
    engine: 'DynamoDB Local',
    engineError: /Cannot have two attributes with the same name/,
  },
  {
    rule: 'more than 100 projected attributes over all indexes',
    yaml: schemaWith(
      '    globalSecondaryIndexes:',
      ...[0, 1, 2, 3, 4, 5].flatMap((i) => yamlIndex(`by_shop_${i}`, '        projection: INCLUDE', `        nonKeyAttributes: [${names(i < 5 ? 20 : 1, `p${i}_`).join(', ')}]`)),
    ),
    reason: "101 projected non-key attributes exceed DynamoDB's limit of 100 per table",
    line: 5,
    request: withIndexes([0, 1, 2, 3, 4, 5].map((i) => include(`by_shop_${i}`, names(i < 5 ? 20 : 1, `p${i}_`)))),
    engine: 'DynamoDB Local',
    engineError: /No more than .* attributes/,
  },
  {
    rule: 'more than 20 global secondary indexes',
    yaml: schemaWith('    globalSecondaryIndexes:', ...names(21, 'by_shop_').flatMap((name) => yamlIndex(name))),
    reason: "21 global secondary indexes exceed DynamoDB's limit of 20 per table",
    line: 5,
    request: withIndexes(names(21, 'by_shop_').map((name) => ({ IndexName: name, KeySchema: [hash('shop')], Projection: { ProjectionType: 'ALL' } }))),
    engine: 'DynamoDB Local',
    engineError: /GlobalSecondaryIndex count exceeds the per-table limit/,
  },
  {
    rule: 'two indexes with one name',
    yaml: schemaWith('    globalSecondaryIndexes:', ...yamlIndex('by_shop'), ...yamlIndex('by_shop')),
    reason: 'index name "by_shop" is already used by globalSecondaryIndexes[0]',
    line: 7,
    request: withIndexes([0, 1].map(() => ({ IndexName: 'by_shop', KeySchema: [hash('shop')], Projection: { ProjectionType: 'ALL' } }))),
    engine: 'DynamoDB Local',
    engineError: /Two global secondary indices have the same name/,
  },
  {
    rule: 'a provisioned index without capacity',
    yaml: schemaWith('    billingMode: PROVISIONED', '    readCapacityUnits: 1', '    writeCapacityUnits: 1', '    globalSecondaryIndexes:', ...yamlIndex('by_shop')),
    reason: 'billingMode PROVISIONED needs readCapacityUnits on index "by_shop"',
    line: 8,
    request: {
      ...withIndexes([{ IndexName: 'by_shop', KeySchema: [hash('shop')], Projection: { ProjectionType: 'ALL' } }]),
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    },
    engine: 'DynamoDB Local',
    engineError: /No provisioned throughput specified for the global secondary index/,
  },
  {
    rule: 'zero capacity',
    yaml: schemaWith('    billingMode: PROVISIONED', '    readCapacityUnits: 0', '    writeCapacityUnits: 1'),
    reason: '"readCapacityUnits" must be >= 1',
    line: 5,
    request: { ...base, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } },
    engine: 'DynamoDB Local',
    engineError: /throughput must be at least 1/,
  },
  {
    rule: 'capacity beyond 10^12 units',
    yaml: schemaWith('    billingMode: PROVISIONED', '    readCapacityUnits: 1000000000001', '    writeCapacityUnits: 1'),
    reason: '"readCapacityUnits" must be <= 1000000000000',
    line: 5,
    request: { ...base, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1_000_000_000_001, WriteCapacityUnits: 1 } },
    engine: 'dynalite',
    engineError: /Given value 1000000000001 for ReadCapacityUnits is out of bounds/,
  },
];

const local = findDynamoDbLocal() !== undefined;

describe('CreateTable rules: refused by the validator at a position, and by a real engine', () => {
  const engines: Partial<Record<RuleCase['engine'], { engine: RunningEngine; client: DynamoDBClient }>> = {};
  let tableNumber = 0;
  const send = (engine: RuleCase['engine'], request: Request) =>
    engines[engine]!.client.send(new CreateTableCommand({ ...request, TableName: `rule_case_${tableNumber++}` } as CreateTableCommandInput));

  beforeAll(async () => {
    const started: [RuleCase['engine'], Promise<RunningEngine>][] = [['dynalite', startDynalite()]];
    if (local) started.push(['DynamoDB Local', startDynamoDbLocal()]);
    for (const [name, starting] of started) {
      const engine = await starting;
      const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDRULES', secretAccessKey: 'rules' }, maxAttempts: 1 });
      engines[name] = { engine, client };
    }
  });
  /** Cases the validator and the engine each refused, counted as their tests pass. */
  const refused = { validator: 0, engine: 0 };
  afterAll(async () => {
    for (const { engine, client } of Object.values(engines)) {
      client.destroy();
      await engine.close();
    }
    recordSection(8, {
      title: 'CreateTable rules',
      source: 'create-table-rules.test.ts',
      figures: [
        { what: 'rules DynamoDB enforces at CreateTable, given as schema files', count: refused.validator, outcome: 'refused by the validator at file:line:column, before any artifact is written' },
        { what: 'the same tables sent as raw CreateTable requests', count: refused.engine, outcome: 'refused by a real engine (DynamoDB Local; dynalite for the capacity bound)' },
      ],
      details: CASES.map((ruleCase) => `${ruleCase.rule}: "${ruleCase.reason}"`),
    });
  });

  for (const ruleCase of CASES) {
    it(`validator: ${ruleCase.rule}`, () => {
      let caught: unknown;
      try {
        loadSchema(ruleCase.yaml, FILE);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SchemaError);
      const error = caught as SchemaError;
      expect({ file: error.position?.file, line: error.position?.line, reason: error.reason }).toEqual({ file: FILE, line: ruleCase.line, reason: ruleCase.reason });
      refused.validator++;
    });

    it.skipIf(ruleCase.engine === 'DynamoDB Local' && !local).concurrent(`${ruleCase.engine}: ${ruleCase.rule}`, async () => {
      await expect(send(ruleCase.engine, ruleCase.request)).rejects.toThrow(ruleCase.engineError);
      refused.engine++;
    });
  }

  it.skipIf(!local).concurrent('control: each engine creates the base table and the largest cases one step inside the limits', async () => {
    await expect(send('DynamoDB Local', base)).resolves.toBeDefined();
    await expect(send('DynamoDB Local', withIndexes([0, 1, 2, 3, 4].map((i) => include(`by_shop_${i}`, names(20, `p${i}_`)))))).resolves.toBeDefined();
    await expect(send('DynamoDB Local', withIndexes(names(20, 'by_shop_').map((name) => ({ IndexName: name, KeySchema: [hash('shop')], Projection: { ProjectionType: 'ALL' } }))))).resolves.toBeDefined();
    await expect(send('dynalite', { ...base, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1_000_000_000_000, WriteCapacityUnits: 1 } })).resolves.toBeDefined();
  });
});
