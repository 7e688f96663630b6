/**
 * Terraform beyond the first apply, with the real terraform and hashicorp/aws provider on moto:
 * adopting a table made by ddb-migrate, every in-place migration as a real plan, the changes
 * Terraform refuses or cannot see, and which requests the provider sends (KMS lookups, CreateTable).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema, toCreateTableInput } from '@ddb-migrations/core';
import {
  DDB_MIGRATE_BIN,
  findMotoServer,
  findTerraform,
  fixturePath,
  InitialisedModule,
  startMotoServer,
  startRecordingProxy,
  type MotoServer,
  type PlannedChange,
  type RecordingProxy,
  type TerraformWorkspace,
} from '@ddb-migrations/test-support';
import { readFileSync } from 'node:fs';
import { canonicalJson, findModernAwsCli, runAws } from './aws-cli.js';
import { LOCAL_CREDENTIALS } from './engines.js';
import { runCli } from './fixtures.js';
import { userEnvironment } from './paths.js';
import { generateFor, IN_PLACE_MIGRATIONS, KEY_RENAME, KEY_TYPE_CHANGE, SESSIONS_YAML, withoutSettings, type GeneratedSchema } from './terraform-schemas.js';

const execFileAsync = promisify(execFile);
const tools = findMotoServer() ? findTerraform() : undefined;
const aws = tools ? findModernAwsCli() : undefined;

/** `ddb-migrate <args>` in `dir`, returning its exit code instead of throwing on 2. */
async function ddbMigrateStatus(args: string[], dir: string, region: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [DDB_MIGRATE_BIN, ...args], { cwd: dir, env: userEnvironment(region) });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (typeof failed.code !== 'number' || failed.code === 1) throw new Error(`ddb-migrate ${args.join(' ')}: ${failed.stderr}`);
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** The alias hashicorp/aws asks KMS about for every encrypted table. */
const AWS_MANAGED_DYNAMODB_KEY = 'alias/aws/dynamodb';
const kmsKeysAskedFor = (proxy: RecordingProxy) =>
  [...new Set(proxy.requests.filter((request) => request.target.startsWith('TrentService.')).map((request) => String(request.body.KeyId)))].sort();

const actionsOf = (changes: PlannedChange[]) => changes.map((change) => `${change.address}: ${change.actions.join('+')}${change.importing ? ' (import)' : ''}`);

describe.skipIf(!tools || !aws)('Terraform lifecycle on moto (real terraform and hashicorp/aws)', () => {
  let moto: MotoServer;
  let base: GeneratedSchema;
  let module: InitialisedModule;
  const proxies: RecordingProxy[] = [];
  const connect = (region: string, endpoint = moto.endpoint) => ({ endpoint, region, ...LOCAL_CREDENTIALS });
  const cli = (region: string) => ['--endpoint-url', moto.endpoint, '--region', region];

  beforeAll(async () => {
    moto = await startMotoServer(findMotoServer()!);
    base = await generateFor(SESSIONS_YAML);
    module = await InitialisedModule.init(tools!, { 'main.tf': base.file('main.tf') });
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await moto?.close();
  });

  // Every test but the last runs concurrently: each works in its own region, or only reads.
  const region = 'eu-west-3';
  let created: TerraformWorkspace;
  beforeAll(async () => {
    created = module.copy(connect(region));
    await created.apply();
  });

  it.concurrent('adopts a table made by ddb-migrate apply with the generated import blocks, without touching it', async () => {
    const adopted = 'eu-north-1';
    await runCli(['apply', ...cli(adopted)], { cwd: base.dir, env: userEnvironment(adopted) });
    const workspace = module.copy(connect(adopted));
    workspace.write('imports.tf', base.file('imports.tf'));
    const importing = await workspace.plan();
    expect(actionsOf(importing.changes)).toEqual(['aws_dynamodb_table.sessions: no-op (import)']);
    expect(importing.output).toMatch(/1 to import, 0 to add, 0 to change, 0 to destroy/);
    await workspace.apply();
    const after = await workspace.plan();
    expect(after.code, after.output).toBe(0);
    expect((await ddbMigrateStatus(['verify', ...cli(adopted)], base.dir, adopted)).code).toBe(0);
  });

  it.concurrent('every in-place migration plans an update in place that destroys nothing; a key type change plans nothing', async () => {
    // One plan for all: each regenerated main.tf is a child module that imports the Terraform-made
    // table, so each module's planned change is exactly what that main.tf alone would plan.
    const blind = 'change the key type (Terraform cannot see it)';
    const variants = { ...IN_PLACE_MIGRATIONS, [blind]: KEY_TYPE_CHANGE };
    const workspace = created.copy();
    const root: string[] = [];
    const changeOf = new Map<string, string>();
    for (const [index, [change, yaml]] of Object.entries(variants).entries()) {
      const name = `migration_${index}`;
      changeOf.set(`module.${name}.aws_dynamodb_table.sessions`, change);
      workspace.write(`${name}/main.tf`, (await generateFor(yaml)).file('main.tf'));
      root.push(`module "${name}" {\n  source = "./${name}"\n}\n\nimport {\n  to = module.${name}.aws_dynamodb_table.sessions\n  id = "shopify_sessions"\n}\n`);
    }
    workspace.write('migrations.tf', root.join('\n'));
    await workspace.run(['init', `-plugin-dir=${tools!.pluginDir}`, '-input=false', '-backend=false']);
    const plan = await workspace.plan();
    const planned = Object.fromEntries(plan.changes.map((change) => [changeOf.get(change.address) ?? change.address, change.actions.join('+')]));
    expect(planned).toEqual({ ...Object.fromEntries(Object.keys(IN_PLACE_MIGRATIONS).map((change) => [change, 'update'])), [blind]: 'no-op' });
    expect(plan.output).toMatch(new RegExp(`${changeOf.size} to import, 0 to add, ${changeOf.size - 1} to change, 0 to destroy`));
  });

  it.concurrent('a key rename plans a replacement, which prevent_destroy stops', async () => {
    const workspace = created.copy();
    workspace.write('main.tf', (await generateFor(KEY_RENAME)).file('main.tf'));
    const plan = await workspace.run(['plan', '-input=false'], [1]);
    expect(plan.stderr).toMatch(/Instance cannot be destroyed[\s\S]*prevent_destroy/);
  });

  it.concurrent('where Terraform is blind (a key type change), ddb-migrate verify exits 2, as the README says to run it', async () => {
    const next = await generateFor(KEY_TYPE_CHANGE);
    const verify = await ddbMigrateStatus(['verify', ...cli(region)], next.dir, region);
    expect(verify.code, verify.stdout).toBe(2);
    expect(verify.stdout).toMatch(/\bid\b[\s\S]*\bN\b/);
    expect(next.file('README.md')).toMatch(/Run `ddb-migrate verify` in CI beside\s+`terraform plan`/);
  });

  it.concurrent('a key named by ARN: the module looks nothing up (the provider itself asks only for the AWS managed key)', async () => {
    const keyRegion = 'ca-central-1';
    const env = userEnvironment(keyRegion);
    const key = JSON.parse(await runAws(aws!, ['--endpoint-url', moto.endpoint, 'kms', 'create-key', '--output', 'json'], env, base.dir)) as { KeyMetadata: { Arn: string } };
    const next = await generateFor(SESSIONS_YAML.replace('    scriptName: create-sessions-table\n', `    scriptName: create-sessions-table\n    encryption: { type: KMS, kmsKeyId: "${key.KeyMetadata.Arn}" }\n`));
    expect(next.file('main.tf')).not.toMatch(/data "aws_kms_key"/);
    const proxy = await startRecordingProxy(moto.endpoint);
    proxies.push(proxy);
    const workspace = module.copy(connect(keyRegion, proxy.endpoint));
    workspace.write('main.tf', next.file('main.tf'));
    await workspace.apply();
    // hashicorp/aws 5.100.0 reads alias/aws/dynamodb (the AWS managed key) whenever a table is
    // encrypted, to tell a customer key from the default; nothing else.
    expect(kmsKeysAskedFor(proxy)).toEqual([AWS_MANAGED_DYNAMODB_KEY]);
    const create = proxy.requests.find((request) => request.target === 'DynamoDB_20120810.CreateTable');
    expect(create?.body.SSESpecification).toEqual({ Enabled: true, SSEType: 'KMS', KMSMasterKeyId: key.KeyMetadata.Arn });
  });

  it.concurrent('the full rich fixture: aliases looked up through KMS, and each CreateTable is the SDK request (table class included)', async () => {
    const richRegion = 'sa-east-1';
    const env = userEnvironment(richRegion);
    // Less warm throughput (needs hashicorp/aws >= 6.13; 5.100.0 here) and contributor insights
    // (moto lacks the operation; see terraform-settings.test.ts for both).
    const yaml = withoutSettings(readFileSync(fixturePath('rich.yaml'), 'utf8'), ['warmThroughput', 'contributorInsights']);
    const schema = loadSchema(Buffer.from(yaml), 'rich.yaml');
    const aliasArns = new Map<string, string>();
    for (const table of schema.tables) {
      const sse = table.serverSideEncryption;
      if (sse.type !== 'KMS' || !sse.kmsKeyId?.startsWith('alias/')) continue;
      const key = JSON.parse(await runAws(aws!, ['--endpoint-url', moto.endpoint, 'kms', 'create-key', '--output', 'json'], env, base.dir)) as { KeyMetadata: { KeyId: string; Arn: string } };
      await runAws(aws!, ['--endpoint-url', moto.endpoint, 'kms', 'create-alias', '--alias-name', sse.kmsKeyId, '--target-key-id', key.KeyMetadata.KeyId], env, base.dir);
      aliasArns.set(sse.kmsKeyId, key.KeyMetadata.Arn);
    }
    const rich = await generateFor(yaml);
    const richModule = await InitialisedModule.init(tools!, { 'main.tf': rich.file('main.tf') });
    const proxy = await startRecordingProxy(moto.endpoint);
    proxies.push(proxy);
    await richModule.copy(connect(richRegion, proxy.endpoint)).apply();

    expect(kmsKeysAskedFor(proxy)).toEqual([...aliasArns.keys(), AWS_MANAGED_DYNAMODB_KEY].sort());
    const sortedSets = (input: Record<string, any>) => ({
      ...input,
      AttributeDefinitions: [...(input.AttributeDefinitions ?? [])].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
      // The provider keeps non_key_attributes as a set: sorted, like every other set here.
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes && [...input.GlobalSecondaryIndexes]
        .map((index) => (index.Projection.NonKeyAttributes ? { ...index, Projection: { ...index.Projection, NonKeyAttributes: [...index.Projection.NonKeyAttributes].sort() } } : index))
        .sort((a, b) => a.IndexName.localeCompare(b.IndexName)),
      Tags: input.Tags && [...input.Tags].sort((a, b) => a.Key.localeCompare(b.Key)),
    });
    const sent = proxy.requests.filter((request) => request.target === 'DynamoDB_20120810.CreateTable');
    expect(sent.map((request) => request.body.TableName).sort()).toEqual(schema.tables.map((table) => table.name).sort());
    // The provider puts a table's policy after creating it, with PutResourcePolicy, not in CreateTable.
    const policies = proxy.requests.filter((request) => request.target === 'DynamoDB_20120810.PutResourcePolicy');
    expect(policies.map((request) => String(request.body.ResourceArn).split('/')[1]).sort())
      .toEqual(schema.tables.filter((table) => table.resourcePolicy).map((table) => table.name).sort());
    for (const table of schema.tables) {
      const { ResourcePolicy: policy, ...expected } = toCreateTableInput(table) as Record<string, any>;
      if (policy) {
        const put = policies.find((request) => String(request.body.ResourceArn).endsWith(`:table/${table.name}`))!;
        expect(canonicalJson(JSON.parse(String(put.body.Policy))), table.name).toBe(canonicalJson(JSON.parse(policy)));
      }
      const alias = expected.SSESpecification?.KMSMasterKeyId;
      if (aliasArns.has(alias)) expected.SSESpecification.KMSMasterKeyId = aliasArns.get(alias);
      const request = sent.find((candidate) => candidate.body.TableName === table.name)!;
      expect(canonicalJson(sortedSets(request.body)), table.name).toBe(canonicalJson(sortedSets(expected)));
    }
  });

  it.concurrent('CloudFormation IMPORT as the README documents it: moto cannot import (it tries to create), and the table is untouched', async () => {
    const imported = 'ap-northeast-1';
    const env = userEnvironment(imported);
    await runCli(['apply', ...cli(imported)], { cwd: base.dir, env });
    const endpoint = ['--endpoint-url', moto.endpoint];
    await runAws(aws!, [...endpoint, 'dynamodb', 'put-item', '--table-name', 'shopify_sessions', '--item', '{"id":{"S":"kept"},"shop":{"S":"a.myshopify.com"}}'], env);
    const created = () => runAws(aws!, [...endpoint, 'dynamodb', 'describe-table', '--table-name', 'shopify_sessions', '--query', 'Table.CreationDateTime', '--output', 'text'], env);
    const before = await created();
    const block = base.file('README.md').split('## Option 3: CloudFormation')[1]!.split('```bash\n')[2]!.split('```')[0]!;
    const [create, describe, execute] = block.trim().split('\n').map((line) => line.match(/"[^"]*"|\S+/g)!.map((word) => word.replace(/^"|"$/g, '')).slice(1));
    expect(create).toContain('IMPORT');
    await runAws(aws!, [...endpoint, ...create!], env, base.artifacts);
    // Real CloudFormation reports the action as Import; moto says Add.
    expect(JSON.parse(await runAws(aws!, [...endpoint, ...describe!, '--output', 'json'], env, base.artifacts))).toEqual([['Add', 'SessionsTable']]);
    await expect(runAws(aws!, [...endpoint, ...execute!], env, base.artifacts)).rejects.toThrow(/ResourceInUseException|Table already exists/);
    expect(await created()).toBe(before);
    const kept = await runAws(aws!, [...endpoint, 'dynamodb', 'get-item', '--table-name', 'shopify_sessions', '--key', '{"id":{"S":"kept"}}', '--output', 'json'], env);
    expect(JSON.parse(kept).Item.shop.S).toBe('a.myshopify.com');
  });

  it('applies every in-place migration at once; the next plan is clean and verify agrees', async () => {
    const combined = `${SESSIONS_YAML.replace('    scriptName: create-sessions-table\n', `    scriptName: create-sessions-table
    pointInTimeRecovery: true
    tags: { team: apps }
    attributes:
      - { name: expiresAt, type: N }
    timeToLiveAttribute: expiresAt
    stream: NEW_IMAGE
`)}      - name: state_index
        partitionKey: { name: state, type: S }
        projection: KEYS_ONLY
`;
    const next = await generateFor(combined);
    created.write('main.tf', next.file('main.tf'));
    await created.apply();
    const after = await created.plan();
    expect(after.code, after.output).toBe(0);
    expect((await ddbMigrateStatus(['verify', ...cli(region)], next.dir, region)).code).toBe(0);
  });
});
