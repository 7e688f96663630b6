/**
 * `toCreateTableCliOptions` (AWS CLI shorthand, never JSON) and `toExistingTableExpectations`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shopifySessionsTable } from './canonical.js';
import { AWS_CLI_FEATURES, awsCliRequirementOf, DESCRIBE_QUERIES, toCreateTableCliOptions, toExistingTableExpectations, type CliOption } from './cli-arguments.js';
import { loadSchema } from './load.js';

const rich = loadSchema(readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url)), 'rich.yaml');
const orders = rich.tables[0]!;
const events = rich.tables[1]!;

const valuesOf = (options: CliOption[]) => options.flatMap(([, ...values]) => values);

describe('toCreateTableCliOptions', () => {
  it('renders the canonical table exactly', () => {
    expect(toCreateTableCliOptions(shopifySessionsTable)).toStrictEqual<CliOption[]>([
      ['--attribute-definitions', 'AttributeName=id,AttributeType=S', 'AttributeName=shop,AttributeType=S'],
      ['--key-schema', 'AttributeName=id,KeyType=HASH'],
      ['--billing-mode', 'PAY_PER_REQUEST'],
      ['--global-secondary-indexes', 'IndexName=shop_index,KeySchema=[{AttributeName=shop,KeyType=HASH}],Projection={ProjectionType=ALL}'],
    ]);
  });

  it('renders every option of the rich table exactly, in API member order', () => {
    expect(toCreateTableCliOptions(orders)).toStrictEqual<CliOption[]>([
      [
        '--attribute-definitions',
        'AttributeName=createdAt,AttributeType=N',
        'AttributeName=customerId,AttributeType=S',
        'AttributeName=shippedAt,AttributeType=N',
        'AttributeName=shopId,AttributeType=S',
        'AttributeName=status,AttributeType=S',
      ],
      ['--key-schema', 'AttributeName=shopId,KeyType=HASH', 'AttributeName=createdAt,KeyType=RANGE'],
      ['--billing-mode', 'PROVISIONED'],
      ['--provisioned-throughput', 'ReadCapacityUnits=5,WriteCapacityUnits=10'],
      [
        '--global-secondary-indexes',
        'IndexName=status_index,KeySchema=[{AttributeName=status,KeyType=HASH},{AttributeName=createdAt,KeyType=RANGE}],' +
          'Projection={ProjectionType=INCLUDE,NonKeyAttributes=[total,currency]},' +
          'ProvisionedThroughput={ReadCapacityUnits=2,WriteCapacityUnits=3}',
        'IndexName=customer_index,KeySchema=[{AttributeName=customerId,KeyType=HASH}],' +
          'Projection={ProjectionType=KEYS_ONLY},ProvisionedThroughput={ReadCapacityUnits=1,WriteCapacityUnits=1}',
      ],
      [
        '--local-secondary-indexes',
        'IndexName=shipped_index,KeySchema=[{AttributeName=shopId,KeyType=HASH},{AttributeName=shippedAt,KeyType=RANGE}],' +
          'Projection={ProjectionType=INCLUDE,NonKeyAttributes=[total]}',
      ],
      ['--sse-specification', 'Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/app-orders'],
      ['--stream-specification', 'StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES'],
      ['--table-class', 'STANDARD_INFREQUENT_ACCESS'],
      ['--tags', 'Key=Cost-Center,Value=4711', 'Key=env,Value=prod', 'Key=team,Value=checkout'],
    ]);
  });

  it('renders KMS with the AWS managed key without KMSMasterKeyId', () => {
    const options = toCreateTableCliOptions(events);
    expect(options.find(([flag]) => flag === '--sse-specification')).toEqual(['--sse-specification', 'Enabled=true,SSEType=KMS']);
    expect(options.find(([flag]) => flag === '--provisioned-throughput')).toBeUndefined();
  });

  it('renders on-demand caps and warm throughput of the table and its index, only the members the schema sets', () => {
    const options = toCreateTableCliOptions(events);
    expect(options.find(([flag]) => flag === '--global-secondary-indexes')).toEqual([
      '--global-secondary-indexes',
      'IndexName=kind_index,KeySchema=[{AttributeName=kind,KeyType=HASH}],Projection={ProjectionType=KEYS_ONLY},' +
        'OnDemandThroughput={MaxReadRequestUnits=50,MaxWriteRequestUnits=25},WarmThroughput={WriteUnitsPerSecond=4500}',
    ]);
    expect(options.find(([flag]) => flag === '--on-demand-throughput')).toEqual(['--on-demand-throughput', 'MaxReadRequestUnits=200']);
    expect(options.find(([flag]) => flag === '--warm-throughput')).toEqual(['--warm-throughput', 'ReadUnitsPerSecond=15000,WriteUnitsPerSecond=5000']);
  });

  it('leaves the resource policy out: the scripts pass it as a file, never as inline JSON', () => {
    expect(orders.resourcePolicy).toBeDefined();
    expect(toCreateTableCliOptions(orders).map(([flag]) => flag)).not.toContain('--resource-policy');
  });

  it('omits --table-name (the script supplies it) and --deletion-protection-enabled (set by a later update)', () => {
    const flags = toCreateTableCliOptions(orders).map(([flag]) => flag);
    expect(flags).not.toContain('--table-name');
    expect(flags.some((flag) => flag.startsWith('--deletion-protection'))).toBe(false);
  });

  it('uses only flags that exist on aws dynamodb create-table', () => {
    const known = [
      '--attribute-definitions',
      '--key-schema',
      '--billing-mode',
      '--provisioned-throughput',
      '--global-secondary-indexes',
      '--local-secondary-indexes',
      '--on-demand-throughput',
      '--warm-throughput',
      '--sse-specification',
      '--stream-specification',
      '--table-class',
      '--tags',
    ];
    for (const table of [shopifySessionsTable, ...rich.tables]) {
      for (const [flag] of toCreateTableCliOptions(table)) expect(known).toContain(flag);
    }
  });

  it('never renders JSON: no value starts with "{" or contains a double quote', () => {
    for (const table of [shopifySessionsTable, ...rich.tables]) {
      for (const value of valuesOf(toCreateTableCliOptions(table))) {
        expect(value).not.toMatch(/^[{[]/);
        expect(value).not.toContain('"');
        expect(value).not.toContain(':{');
        expect(value.length).toBeGreaterThan(0);
      }
    }
  });

  it('gives every option at least one value', () => {
    for (const option of toCreateTableCliOptions(orders)) expect(option.length).toBeGreaterThan(1);
  });
});

describe('toExistingTableExpectations', () => {
  it('describes the canonical table as describe-table --output text prints it', () => {
    expect(toExistingTableExpectations(shopifySessionsTable)).toStrictEqual({
      keySchema: ['id\tHASH'],
      attributeDefinitions: ['id\tS', 'shop\tS'],
      indexes: ['shop_index\tshop\tNone\tALL'],
      localIndexes: [],
    });
  });

  it('sorts indexes and prints a missing index sort key as None', () => {
    expect(toExistingTableExpectations(orders)).toStrictEqual({
      keySchema: ['createdAt\tRANGE', 'shopId\tHASH'],
      attributeDefinitions: ['createdAt\tN', 'customerId\tS', 'shippedAt\tN', 'shopId\tS', 'status\tS'],
      indexes: ['customer_index\tcustomerId\tNone\tKEYS_ONLY', 'status_index\tstatus\tcreatedAt\tINCLUDE'],
      localIndexes: ['shipped_index\tshippedAt\tINCLUDE'],
    });
  });

  it('expects no lines for a table without indexes', () => {
    expect(toExistingTableExpectations(shopifySessionsTable).localIndexes).toEqual([]);
    expect(toExistingTableExpectations({ ...events, globalSecondaryIndexes: [] }).indexes).toEqual([]);
  });

  it('queries the fields it compares', () => {
    expect(DESCRIBE_QUERIES.keySchema).toBe('Table.KeySchema[].[AttributeName,KeyType]');
    expect(DESCRIBE_QUERIES.indexes).toContain('Projection.ProjectionType');
  });
});

describe('awsCliRequirementOf', () => {
  it('asks nothing of the CLI for a schema that 2.9.19 can run, so its script is as before', () => {
    expect(awsCliRequirementOf(shopifySessionsTable)).toBeUndefined();
    // Local indexes and contributor insights are older than 2.9.19.
    const older = { ...orders, deletionProtection: false, resourcePolicy: undefined, recoveryPeriodInDays: undefined };
    expect(older.localSecondaryIndexes.length > 0 && older.contributorInsights).toBe(true);
    expect(awsCliRequirementOf(older)).toBeUndefined();
  });

  it('names each feature the table uses and the newest first release among them', () => {
    expect(awsCliRequirementOf(orders)).toEqual({
      features: [AWS_CLI_FEATURES.deletionProtection, AWS_CLI_FEATURES.resourcePolicy, AWS_CLI_FEATURES.recoveryPeriod],
      v1: '1.36.35',
      v2: '2.22.30',
    });
    expect(awsCliRequirementOf(events)).toEqual({
      features: [AWS_CLI_FEATURES.onDemandThroughput, AWS_CLI_FEATURES.warmThroughput],
      v1: '1.36.1',
      v2: '2.21.0',
    });
  });

  it('compares versions part by part, not as text (2.9 is older than 2.10)', () => {
    const onlyProtection = { ...shopifySessionsTable, deletionProtection: true };
    expect(awsCliRequirementOf(onlyProtection)).toMatchObject({ v1: '1.27.60', v2: '2.10.0' });
    const withCap = { ...onlyProtection, onDemandThroughput: { maxReadRequestUnits: 5 } };
    expect(awsCliRequirementOf(withCap)).toMatchObject({ v1: '1.32.97', v2: '2.15.44' });
  });
});
