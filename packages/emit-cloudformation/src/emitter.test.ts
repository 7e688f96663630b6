import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalSchema, toCreateTableInput } from '@ddb-migrations/core';
import { findTool, richSchema, sixSettingsSchema } from '@ddb-migrations/test-support';
import { emitCloudFormation, toCloudFormationTemplate, toCloudFormationYaml } from './index.js';

const template = () => emitCloudFormation(canonicalSchema).files[0]!;
const cfnLint = findTool('cfn-lint');

describe('emitCloudFormation', () => {
  it('renders the canonical template byte for byte as committed', async () => {
    const file = template();
    expect(file.path).toBe('cloudformation-template.json');
    await expect(file.contents).toMatchFileSnapshot('../../../dynamodb-migrations/cloudformation-template.json');
    expect(file.contents).toBe(readFileSync(new URL('../../../dynamodb-migrations/cloudformation-template.json', import.meta.url), 'utf8'));
  });

  it('renders every table of a multi-table schema into one template', async () => {
    await expect(emitCloudFormation(richSchema()).files[0]!.contents).toMatchFileSnapshot('./__golden__/rich/cloudformation-template.json');
    await expect(toCloudFormationYaml(richSchema())).toMatchFileSnapshot('./__golden__/rich/cloudformation-template.yaml');
  });

  it('has the TableName parameter the README create-stack command passes, with DynamoDB limits', () => {
    const { Parameters } = toCloudFormationTemplate(canonicalSchema);
    expect(Object.keys(Parameters)).toEqual(['TableName']);
    const parameter = Parameters.TableName!;
    expect(parameter).toMatchObject({ Type: 'String', Default: 'shopify_sessions', MinLength: 3, MaxLength: 255 });
    const pattern = new RegExp(parameter.AllowedPattern);
    expect(pattern.test('shopify_sessions')).toBe(true);
    for (const bad of ['a b', 'x;y', '-lead', 'sess\u0430']) expect(pattern.test(bad), bad).toBe(false);
  });

  it('keeps the table on stack deletion and replacement, and outputs its name and ARN', () => {
    const { Resources, Outputs } = toCloudFormationTemplate(canonicalSchema);
    expect(Resources.SessionsTable).toMatchObject({ Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(Outputs).toEqual({
      TableName: { Description: expect.any(String), Value: { Ref: 'SessionsTable' } },
      TableArn: { Description: expect.any(String), Value: { 'Fn::GetAtt': ['SessionsTable', 'Arn'] } },
    });
  });

  it('declares exactly the CreateTable request of the schema, in CloudFormation spelling', () => {
    const template = toCloudFormationTemplate(richSchema());
    for (const table of richSchema().tables) {
      // Each table's name is a parameter whose default is the schema's name.
      const resource = Object.values(template.Resources).find((r) => template.Parameters[(r.Properties.TableName as { Ref: string }).Ref]?.Default === table.name)!;
      const { TableName: _name, SSESpecification, StreamSpecification, ResourcePolicy, GlobalSecondaryIndexes, ...input } = toCreateTableInput(table);
      expect(resource.Properties).toMatchObject(input);
      // Each index as CreateTable has it, plus its contributor insights (a CloudFormation property).
      expect(resource.Properties.GlobalSecondaryIndexes).toEqual(GlobalSecondaryIndexes?.map((index, i) =>
        table.globalSecondaryIndexes[i]!.contributorInsights ? { ...index, ContributorInsightsSpecification: { Enabled: true } } : index));
      expect(resource.Properties.ResourcePolicy).toEqual(ResourcePolicy ? { PolicyDocument: JSON.parse(ResourcePolicy) } : undefined);
      if (SSESpecification) expect(resource.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: SSESpecification.KMSMasterKeyId });
      if (StreamSpecification) expect(resource.Properties.StreamSpecification).toEqual({ StreamViewType: table.stream });
      expect(resource.Properties.TimeToLiveSpecification).toEqual(table.timeToLiveAttribute ? { AttributeName: table.timeToLiveAttribute, Enabled: true } : undefined);
    }
  });

  it('serializes the same data as YAML', () => {
    expect(parse(toCloudFormationYaml(richSchema()))).toEqual(toCloudFormationTemplate(richSchema()));
  });
});

describe.skipIf(!cfnLint)('cfn-lint', () => {
  it('reports zero findings for the canonical and rich templates, JSON and YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
    const files = {
      'canonical.json': template().contents,
      'rich.json': emitCloudFormation(richSchema()).files[0]!.contents,
      'rich.yaml': toCloudFormationYaml(richSchema()),
    };
    const paths = Object.entries(files).map(([name, contents]) => {
      writeFileSync(join(dir, name), contents);
      return join(dir, name);
    });
    // Exit status 0 and no output: no errors, warnings or informational findings.
    const output = execFileSync(cfnLint!, ['--format', 'parseable', '--', ...paths], { encoding: 'utf8' });
    expect(output).toBe('');
  });

  it('is not a no-op: a broken template is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
    const broken = JSON.parse(template().contents);
    delete broken.Resources.SessionsTable.Properties.KeySchema;
    broken.Resources.SessionsTable.Properties.BillingMod = 'PAY_PER_REQUEST';
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    let findings = '';
    try {
      execFileSync(cfnLint!, [join(dir, 'broken.json')], { encoding: 'utf8' });
    } catch (error) {
      findings = (error as { stdout: string }).stdout;
    }
    expect(findings).toMatch(/KeySchema/);
    expect(findings).toMatch(/BillingMod\b/);
  });
});

describe('the six settings of issue 14', () => {
  const schema = sixSettingsSchema();

  it('declares each as its AWS::DynamoDB::Table property (registry schema spelling)', async () => {
    await expect(emitCloudFormation(schema).files[0]!.contents).toMatchFileSnapshot('./__golden__/six-settings/cloudformation-template.json');
    const { Resources } = toCloudFormationTemplate(schema);
    const orders = Resources.OrdersTable!.Properties;
    expect(orders.LocalSecondaryIndexes).toEqual([
      { IndexName: 'total_index', KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['currency'] } },
      { IndexName: 'status_index', KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'status', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ]);
    expect(orders.OnDemandThroughput).toEqual({ MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 });
    expect(orders.WarmThroughput).toEqual({ ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 });
    expect(orders.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 });
    expect(orders.ContributorInsightsSpecification).toEqual({ Enabled: true });
    // The document itself (CloudFormation serialises it), never CreateTable's JSON string.
    expect(orders.ResourcePolicy).toEqual({ PolicyDocument: schema.tables[0]!.resourcePolicy });
    const [typeIndex, skuIndex] = orders.GlobalSecondaryIndexes as Record<string, unknown>[];
    expect(typeIndex).toMatchObject({ OnDemandThroughput: { MaxReadRequestUnits: 50 }, WarmThroughput: { ReadUnitsPerSecond: 12000 }, ContributorInsightsSpecification: { Enabled: true } });
    expect(skuIndex).not.toHaveProperty('ContributorInsightsSpecification');
    expect(Resources.AppEventsTable!.Properties.OnDemandThroughput).toEqual({ MaxWriteRequestUnits: 10 });
    expect(Resources.AppEventsTable!.Properties).not.toHaveProperty('ContributorInsightsSpecification');
  });

  it('leaves RecoveryPeriodInDays out when the schema does not set it (DynamoDB then keeps 35 days)', () => {
    const [orders] = schema.tables;
    const { Resources } = toCloudFormationTemplate({ tables: [{ ...orders!, recoveryPeriodInDays: undefined }] });
    expect(Resources.OrdersTable!.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it.skipIf(!cfnLint)('passes cfn-lint with zero findings, JSON and YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-six-'));
    writeFileSync(join(dir, 'six.json'), emitCloudFormation(schema).files[0]!.contents);
    writeFileSync(join(dir, 'six.yaml'), toCloudFormationYaml(schema));
    expect(execFileSync(cfnLint!, ['--format', 'parseable', '--', join(dir, 'six.json'), join(dir, 'six.yaml')], { encoding: 'utf8' })).toBe('');
  });
});
