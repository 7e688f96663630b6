/**
 * `ddb-migrate pull` on every engine: a table made by hand with the AWS CLI (the seed README's console
 * steps) pulls into a schema `verify` reports in sync; the canonical and rich fixtures, applied, pulled
 * and generated again, give the same CloudFormation and Terraform as the originals. What DynamoDB
 * cannot give back (descriptions, non-key attributes) and what pull leaves out on purpose (warm
 * throughput, which DynamoDB raises on its own) appear in neither file; script names, which
 * name the CloudFormation resources, are set back by hand as a user would.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { defaultScriptName, loadSchema, shopifySessionsTable, toSchemaYaml, type Schema } from '@ddb-migrations/core';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { findModernAwsCli, runAws } from './aws-cli.js';
import { clientFor, dynalite, dynamoDbLocal, moto, type EngineProfile, type RunningEngine } from './engines.js';
import { FIXTURES, prepareFixture, runCli } from './fixtures.js';
import { userEnvironment } from './paths.js';

const REGIONS = ['us-west-1', 'eu-west-2', 'ap-northeast-1'];

/** The seed's console steps for shopify_sessions, one AWS CLI argument per console choice. */
const CONSOLE_STEPS_CREATE_TABLE = [
  'dynamodb', 'create-table',
  // 2. Table name shopify_sessions; partition key id, String; no sort key.
  '--table-name', shopifySessionsTable.name,
  '--key-schema', 'AttributeName=id,KeyType=HASH',
  '--attribute-definitions', 'AttributeName=id,AttributeType=S', 'AttributeName=shop,AttributeType=S',
  // 3. Customize settings: DynamoDB Standard, On-demand.
  '--table-class', 'STANDARD',
  '--billing-mode', 'PAY_PER_REQUEST',
  // 4. Global index on shop (String), no sort key, name shop_index, projection All.
  '--global-secondary-indexes', 'IndexName=shop_index,KeySchema=[{AttributeName=shop,KeyType=HASH}],Projection={ProjectionType=ALL}',
  // 5. Encryption owned by Amazon DynamoDB: the default, so nothing to pass.
];

function pullSuite(profile: EngineProfile) {
  const aws = profile.available() ? findModernAwsCli() : undefined;

  describe.skipIf(!aws)(`pull on ${profile.name}`, () => {
    let shared: RunningEngine | undefined;
    const engines: RunningEngine[] = [];
    let nextRegion = 0;
    afterAll(async () => {
      await Promise.all(engines.map((engine) => engine.close()));
    });
    /** Each test's own namespace: a region of a shared engine, or (dynalite) an engine of its own. */
    async function place(): Promise<{ endpoint: string; region: string; flags: string[]; env: NodeJS.ProcessEnv }> {
      let engine = shared;
      if (!engine) {
        engine = await profile.start();
        engines.push(engine);
        if (profile.isolation === 'region') shared = engine;
      }
      const region = REGIONS[nextRegion++ % REGIONS.length]!;
      return { endpoint: engine.endpoint, region, flags: ['--endpoint-url', engine.endpoint, '--region', region], env: userEnvironment(region) };
    }

    it('a table made by hand following the console steps pulls into a schema verify reports in sync', async () => {
      const { endpoint, region, flags, env } = await place();
      await runAws(aws!, [...CONSOLE_STEPS_CREATE_TABLE, '--endpoint-url', endpoint], env);
      // 6. Wait until Active (polled here; the CLI's waiter polls every 20 s).
      const client = clientFor(endpoint, region);
      try {
        for (;;) {
          const table = (await client.send(new DescribeTableCommand({ TableName: shopifySessionsTable.name }))).Table!;
          if (table.TableStatus === 'ACTIVE' && table.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === 'ACTIVE')) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        client.destroy();
      }
      const dir = mkdtempSync(join(tmpdir(), 'pull-console-'));
      await runCli(['pull', ...flags, '--out', 'pulled.yaml'], { cwd: dir, env });
      const text = readFileSync(join(dir, 'pulled.yaml'), 'utf8');
      const pulled = loadSchema(text, 'pulled.yaml');
      expect(pulled.tables.map((table) => table.name)).toEqual(['shopify_sessions']);
      expect(text).toMatch(/DynamoDB does not store non-key attributes or descriptions/);
      expect(await runCli(['verify', ...flags, '--schema', 'pulled.yaml'], { cwd: dir, env })).toContain('shopify_sessions: in sync');
      // The hand-made table is the canonical one: the built-in schema agrees.
      expect(await runCli(['verify', ...flags], { cwd: dir, env })).toContain('shopify_sessions: in sync');
      // And pull never replaces a file unless told to.
      await expect(runCli(['pull', ...flags, '--out', 'pulled.yaml'], { cwd: dir, env })).rejects.toThrow(/pulled.yaml already exists; pass --force/);
      expect(readFileSync(join(dir, 'pulled.yaml'), 'utf8')).toBe(text);
    });

    for (const fixture of FIXTURES) {
      it(`the ${fixture.name} fixture applied, pulled and generated again gives the same CloudFormation and Terraform`, async () => {
        const { flags, env } = await place();
        const prepared = await prepareFixture(fixture, profile.unsupported.map((gap) => gap.feature));
        await runCli(['apply', ...flags], { cwd: prepared.dir, env });
        const tableFlags = prepared.schema.tables.flatMap((table) => ['--table', table.name]);
        await runCli(['pull', ...flags, ...tableFlags, '--out', 'pulled.yaml'], { cwd: prepared.dir, env });
        restoreScriptNames(join(prepared.dir, 'pulled.yaml'), prepared.schema);
        const verified = await runCli(['verify', ...flags, '--schema', 'pulled.yaml'], { cwd: prepared.dir, env });
        for (const table of prepared.schema.tables) expect(verified).toContain(`${table.name}: in sync`);

        await runCli(['generate', '--schema', 'pulled.yaml', '--out', 'regenerated'], { cwd: prepared.dir, env });
        // The originals less what pull does not give back: descriptions (Terraform carries a table's as
        // a comment) and warm throughput (DynamoDB raises it on its own; pull names the live value).
        writeFileSync(join(prepared.dir, 'undescribed.yaml'), toSchemaYaml(withoutWhatPullLeavesOut(prepared.schema)));
        await runCli(['generate', '--schema', 'undescribed.yaml', '--out', 'undescribed'], { cwd: prepared.dir, env });
        for (const file of ['cloudformation-template.json', 'main.tf']) {
          const original = readFileSync(join(prepared.dir, 'undescribed', file), 'utf8');
          const regenerated = readFileSync(join(prepared.dir, 'regenerated', file), 'utf8');
          expect(withKmsKeysAsAliases(regenerated, prepared.schema), file).toBe(original);
        }
      });
    }
  });
}

function withoutWhatPullLeavesOut(schema: Schema): Schema {
  return {
    tables: schema.tables.map(({ description: _description, warmThroughput: _warm, ...table }) => ({
      ...table,
      attributes: table.attributes.map(({ description: _attribute, ...attribute }) => attribute),
      globalSecondaryIndexes: table.globalSecondaryIndexes.map(({ warmThroughput: _indexWarm, ...index }) => index),
    })),
  };
}

/**
 * Script names (which also name the CloudFormation resources) belong to the schema, not to DynamoDB:
 * pull writes the defaults, and a user sets their own, as done here.
 */
function restoreScriptNames(file: string, schema: Schema): void {
  const document = parseDocument(readFileSync(file, 'utf8'));
  const tables = document.get('tables') as YAMLSeq<YAMLMap>;
  for (const [index, table] of schema.tables.entries()) {
    if (table.scriptName !== defaultScriptName(table.name)) tables.items[index]!.set('scriptName', table.scriptName);
  }
  writeFileSync(file, document.toString());
}

/**
 * DynamoDB reports a KMS key by its ARN, never by the alias the schema named it with (and the pulled
 * file says so): put the schema's alias back where the engine reported that key's ARN.
 */
function withKmsKeysAsAliases(text: string, schema: Schema): string {
  let result = text;
  for (const table of schema.tables) {
    const sse = table.serverSideEncryption;
    const keyId = sse.type === 'KMS' ? sse.kmsKeyId : undefined;
    if (!keyId?.startsWith('alias/')) continue;
    result = result.replace(new RegExp(`arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+`), keyId);
  }
  return result;
}

for (const profile of [dynalite, dynamoDbLocal, moto]) pullSuite(profile);
