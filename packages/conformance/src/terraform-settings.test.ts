/**
 * Issue 14's settings through Terraform, with the real terraform and hashicorp/aws 5.100.0 on moto,
 * from main.tf as `ddb-migrate generate` writes it: a local index, a recovery period and a resource
 * policy applied and read back; each later change planned as exactly one in-place update (or, for
 * the resources the provider keeps beside the table, one create or delete), never a replacement;
 * a local index change stopped by prevent_destroy; imports.tf adopting the table and its policy.
 *
 * What cannot run here, asserted so that a change fails this file: warm throughput needs
 * hashicorp/aws >= 6.13 (emit-terraform's tests show init refusing 5.100.0); moto lacks contributor
 * insights (the apply fails with its HTTP 500) and drops on-demand caps (the conformance suite
 * removes them for moto); dynalite and DynamoDB Local lack recovery periods, insights and policies.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, GetResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { loadSchema } from '@ddb-migrations/core';
import { findMotoServer, findTerraform, fixturePath, InitialisedModule, parseTerraform, startMotoServer, type MotoServer, type PlannedChange, type TerraformWorkspace } from '@ddb-migrations/test-support';
import { canonicalJson } from './aws-cli.js';
import { clientFor, LOCAL_CREDENTIALS } from './engines.js';
import { runCli } from './fixtures.js';
import { userEnvironment } from './paths.js';
import { moduleToRun, TERRAFORM_WITHHELD_SETTINGS } from './terraform-path.js';
import { generateFor, LSI_PROJECTION_CHANGE, LSI_RENAME, SETTINGS_MIGRATIONS, SETTINGS_YAML, type GeneratedSchema } from './terraform-schemas.js';

const tools = findMotoServer() ? findTerraform() : undefined;

it("the conformance suite's Terraform path runs the rich fixture without warm throughput, which hashicorp/aws 5.100.0 cannot init", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-withheld-'));
  const yaml = readFileSync(fixturePath('rich.yaml'), 'utf8');
  writeFileSync(join(dir, 'ddb-migrations.yaml'), yaml);
  await runCli(['generate', '--out', 'artifacts'], { cwd: dir });
  const fixture = { dir, artifacts: join(dir, 'artifacts'), schema: loadSchema(Buffer.from(yaml), 'rich.yaml') };
  expect((await parseTerraform(readFileSync(join(dir, 'artifacts', 'main.tf'), 'utf8'))).providerVersion).toBe('>= 6.13.0, < 7.0');
  const run = await moduleToRun(fixture);
  expect(run.withheld).toEqual(['warmThroughput']);
  expect(TERRAFORM_WITHHELD_SETTINGS.warmThroughput).toMatch(/>= 6\.13/);
  const module = await parseTerraform(run.mainTf);
  expect(module.providerVersion).toBe('>= 5.97.0, < 7.0');
  expect(run.mainTf).not.toContain('warm_throughput');
  expect(run.schema.tables.flatMap((table) => [table.warmThroughput, ...table.globalSecondaryIndexes.map((index) => index.warmThroughput)]).filter(Boolean)).toEqual([]);
  // Everything else is the fixture's: only the withheld keys differ.
  const strip = (schema: typeof run.schema) => JSON.stringify(schema.tables.map(({ warmThroughput: _w, ...table }) => ({ ...table, globalSecondaryIndexes: table.globalSecondaryIndexes.map(({ warmThroughput: _i, ...index }) => index) })));
  expect(strip(run.schema)).toBe(strip(fixture.schema));
});

const plannedActions = (changes: PlannedChange[]) =>
  Object.fromEntries(changes.filter((change) => !change.importing || change.actions.join() !== 'no-op').map((change) => [change.address, change.actions.join('+')]));

describe.skipIf(!tools)('the six settings through Terraform on moto (real terraform and hashicorp/aws)', () => {
  let moto: MotoServer;
  let base: GeneratedSchema;
  let module: InitialisedModule;
  let applied: TerraformWorkspace;
  const region = 'eu-south-1';
  const connect = (at: string, maxRetries?: number) => ({ endpoint: moto.endpoint, region: at, ...LOCAL_CREDENTIALS, maxRetries });

  beforeAll(async () => {
    moto = await startMotoServer(findMotoServer()!);
    base = await generateFor(SETTINGS_YAML);
    module = await InitialisedModule.init(tools!, { 'main.tf': base.file('main.tf') });
    applied = module.copy(connect(region));
    await applied.apply();
  });
  afterAll(async () => moto?.close());

  it.concurrent('applies the local index, recovery period and policy; the next plan is clean and verify agrees', async () => {
    const plan = await applied.plan();
    expect(plan.code, plan.output).toBe(0);
    await runCli(['verify', '--endpoint-url', moto.endpoint, '--region', region], { cwd: base.dir, env: userEnvironment(region) });
    const client = clientFor(moto.endpoint, region);
    try {
      const [schema] = loadSchema(Buffer.from(SETTINGS_YAML), 'ddb-migrations.yaml').tables;
      const { Table: table } = await client.send(new DescribeTableCommand({ TableName: 'app_orders' }));
      expect(table!.LocalSecondaryIndexes!.map((index) => [index.IndexName, index.KeySchema, index.Projection])).toEqual([
        ['total_index', [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['currency'] }],
      ]);
      const backups = await client.send(new DescribeContinuousBackupsCommand({ TableName: 'app_orders' }));
      expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toMatchObject({ PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 7 });
      // jsonencode in main.tf: the same document, `${aws:username}` included (not a Terraform interpolation).
      const { Policy } = await client.send(new GetResourcePolicyCommand({ ResourceArn: table!.TableArn }));
      expect(canonicalJson(JSON.parse(Policy!))).toBe(canonicalJson(schema!.resourcePolicy));
      expect(Policy).toContain('"${aws:username}"');
    } finally {
      client.destroy();
    }
  });

  for (const [change, { yaml, planned }] of Object.entries(SETTINGS_MIGRATIONS)) {
    it.concurrent(`${change}: plans ${Object.values(planned).join(', ')} of exactly ${Object.keys(planned).join(', ')}, nothing replaced`, async () => {
      const workspace = applied.copy();
      workspace.write('main.tf', (await generateFor(yaml)).file('main.tf'));
      // Against the applied state, which the first test shows in sync with moto.
      const plan = await workspace.plan({ refresh: false });
      expect(plan.code, plan.output).toBe(2);
      expect(plannedActions(plan.changes)).toEqual(planned);
      expect(plan.output).not.toMatch(/must be replaced|forces replacement/);
    });
  }

  it.concurrent('renaming a local index plans a replacement, which prevent_destroy stops', async () => {
    const workspace = applied.copy();
    workspace.write('main.tf', (await generateFor(LSI_RENAME)).file('main.tf'));
    const plan = await workspace.run(['plan', '-input=false', '-refresh=false'], [1]);
    expect(plan.stderr).toMatch(/Instance cannot be destroyed[\s\S]*aws_dynamodb_table\.orders[\s\S]*prevent_destroy/);
  });

  it.concurrent("a local index's projection change: Terraform plans nothing (it compares local indexes by name); ddb-migrate verify exits 2", async () => {
    const next = await generateFor(LSI_PROJECTION_CHANGE);
    const workspace = applied.copy();
    workspace.write('main.tf', next.file('main.tf'));
    const plan = await workspace.plan();
    expect(plan.code, plan.output).toBe(0);
    const verify = await runCli(['verify', '--endpoint-url', moto.endpoint, '--region', region], { cwd: next.dir, env: userEnvironment(region) }).then(
      () => 0,
      (error: Error) => error.message,
    );
    expect(verify).toMatch(/total_index/);
  });

  it.concurrent('imports.tf adopts the table and its policy into a fresh state, changing nothing', async () => {
    const workspace = module.copy(connect(region));
    workspace.write('imports.tf', base.file('imports.tf'));
    const importing = await workspace.plan();
    expect(importing.changes.map((change) => `${change.address}: ${change.actions.join('+')}${change.importing ? ' (import)' : ''}`).sort()).toEqual([
      'aws_dynamodb_resource_policy.orders: update (import)',
      'aws_dynamodb_table.orders: no-op (import)',
    ]);
    // hashicorp/aws 5.100.0 reads no confirm_remove_self_resource_access back on import: the one
    // in-place change is that flag alone (the apply puts the same document again), as imports.tf says.
    const policy = importing.changes.find((change) => change.address === 'aws_dynamodb_resource_policy.orders')!;
    const changed = Object.keys(policy.after!).filter((key) => JSON.stringify(policy.after![key]) !== JSON.stringify(policy.before![key]));
    expect(changed).toEqual(['confirm_remove_self_resource_access']);
    expect(importing.output).toMatch(/2 to import, 0 to add, 1 to change, 0 to destroy/);
    expect(base.file('imports.tf')).toMatch(/"2 to import, 0 to add, 1 to change, 0 to destroy"/);
    await workspace.apply();
    const after = await workspace.plan();
    expect(after.code, after.output).toBe(0);
  });

  it.concurrent('contributor insights: moto has no UpdateContributorInsights, so their apply fails with its HTTP 500', async () => {
    const insights = await generateFor(SETTINGS_MIGRATIONS['turn on contributor insights (table and index)']!.yaml);
    // One retry: the provider's default 25 would spend minutes on moto's 500s.
    const workspace = module.copy(connect('me-south-1', 1));
    workspace.write('main.tf', insights.file('main.tf'));
    const result = await workspace.run(['apply', '-auto-approve', '-input=false'], [1]);
    const failures = result.stderr.match(/creating DynamoDB Contributor Insights for table \(app_orders\): operation error DynamoDB: UpdateContributorInsights, exceeded maximum number of attempts, \d+, https response error StatusCode: 500/g);
    expect(failures, result.stderr).toHaveLength(2);
    // Everything else was created: only the two insights resources are missing from the state.
    expect((await workspace.run(['state', 'list'])).stdout.trim().split('\n').sort()).toEqual(['aws_dynamodb_resource_policy.orders', 'aws_dynamodb_table.orders']);
  });
});
