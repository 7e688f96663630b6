/**
 * How each path creates the tables, as a user would run it. Every runner works in the region (or
 * engine instance) the suite gives it, so the paths never see each other's tables.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { findTool, localAwsEnvironment, readmeCloudFormationCommands } from '@ddb-migrations/test-support';
import type { Schema } from '@ddb-migrations/core';
import { runAws, type RecordedCall, type RecordingShim } from './aws-cli.js';
import { LOCAL_CREDENTIALS } from './engines.js';
import { runCli, type PreparedFixture } from './fixtures.js';
import { DEFAULT_RECOVERY_PERIOD_IN_DAYS, type NormalizedTable } from './normalize.js';

const execFileAsync = promisify(execFile);

export interface PathContext {
  fixture: PreparedFixture;
  endpoint: string;
  region: string;
  client: DynamoDBClient;
}

/** The environment of a user's shell pointed at the engine: dummy credentials, no config files. */
export function userEnvironment(region: string, path?: string): NodeJS.ProcessEnv {
  return localAwsEnvironment({
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    ...(path ? { PATH: path } : {}),
  });
}

/** Polls until the table and every index are ACTIVE, as a user's `aws dynamodb wait` would. */
export async function waitUntilTableActive(client: DynamoDBClient, tableName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const statuses = [table?.TableStatus, ...(table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexStatus)];
    if (statuses.every((status) => status === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`${tableName} not ACTIVE after ${timeoutMs} ms: ${statuses.join(' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * SDK: `ddb-migrate apply`, then `ddb-migrate verify`, both against the engine's endpoint, then
 * `ddb-migrate plan`, which must find nothing left to do (exit 0), so a second apply writes nothing.
 */
export async function runSdkPath(context: PathContext): Promise<void> {
  const connection = ['--endpoint-url', context.endpoint, '--region', context.region];
  const env = userEnvironment(context.region);
  await runCli(['apply', ...connection], { cwd: context.fixture.dir, env });
  await runCli(['verify', ...connection], { cwd: context.fixture.dir, env });
  await runCli(['plan', ...connection], { cwd: context.fixture.dir, env });
}

/** Files in the artifacts folder with this extension, sorted. */
export const artifactsWith = (fixture: PreparedFixture, extension: string) =>
  readdirSync(fixture.artifacts).filter((name) => name.endsWith(extension)).sort();

/**
 * bash: every generated script, run by bash with the recording `aws` first on PATH, twice: once to
 * create its table, then again on the table it created. A script skips the schema checks for a table it
 * has just created, so only the second run (the existing-table path) sends them; together the runs send
 * every request the script can, for the comparison with PowerShell's. Returns each script's recorded
 * calls of both runs, keyed by the script's file name without extension.
 */
export async function runBashPath(context: PathContext, shim: RecordingShim): Promise<Map<string, RecordedCall[]>> {
  const bash = findTool('bash')!;
  const env = userEnvironment(context.region, `${shim.binDir}:${process.env.PATH}`);
  const calls = new Map<string, RecordedCall[]>();
  for (const script of artifactsWith(context.fixture, '.sh')) {
    const before = shim.calls().length;
    for (const run of ['create', 'rerun on the existing table']) {
      try {
        await execFileAsync(bash, [join(context.fixture.artifacts, script), '--endpoint-url', context.endpoint, '--region', context.region], {
          env,
          cwd: context.fixture.artifacts,
        });
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string };
        throw new Error(`bash ${script} (${run}) failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
      }
    }
    calls.set(script.replace(/\.sh$/, ''), shim.calls().slice(before));
  }
  return calls;
}

/**
 * CloudFormation: cfn-lint must report nothing, then the README's commands run verbatim (with the
 * emulator's --endpoint-url) against moto, whose DynamoDB then holds the tables.
 */
export async function runCloudFormationPath(context: PathContext, aws: string): Promise<Map<string, Partial<NormalizedTable>>> {
  const cfnLint = findTool('cfn-lint')!;
  const template = join(context.fixture.artifacts, 'cloudformation-template.json');
  try {
    await execFileAsync(cfnLint, [template]);
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`cfn-lint reported findings:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
  const env = userEnvironment(context.region);
  const readme = readFileSync(join(context.fixture.artifacts, 'README.md'), 'utf8');
  for (const [program, ...args] of readmeCloudFormationCommands(readme)) {
    if (program !== 'aws') throw new Error(`the README's CloudFormation section runs ${program}, not aws`);
    await runAws(aws, ['--endpoint-url', context.endpoint, ...args, '--output', 'json'], env, context.fixture.artifacts);
  }
  return declaredByTemplate(JSON.parse(readFileSync(template, 'utf8')) as CloudFormationTemplate, context.fixture.schema);
}

interface CloudFormationTemplate {
  Parameters: Record<string, { Default?: string }>;
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

/**
 * What the template declares for the settings a CloudFormation emulator may drop, in normalized
 * form: the deployed stack cannot show them, so the declaration is checked instead.
 */
export function declaredByTemplate(template: CloudFormationTemplate, schema: Schema): Map<string, Partial<NormalizedTable>> {
  const declared = new Map<string, Partial<NormalizedTable>>();
  for (const table of schema.tables) {
    const resource = Object.values(template.Resources).find(
      (candidate) => candidate.Type === 'AWS::DynamoDB::Table' && template.Parameters[candidate.Properties.TableName?.Ref]?.Default === table.name,
    );
    if (!resource) throw new Error(`the template has no AWS::DynamoDB::Table named by a parameter defaulting to ${table.name}`);
    const { SSESpecification: sse, TimeToLiveSpecification: ttl, PointInTimeRecoverySpecification: pitr } = resource.Properties;
    declared.set(table.name, {
      encryption: sse?.SSEEnabled ? [sse.SSEType, sse.KMSMasterKeyId].filter(Boolean).join(' ') : 'AWS_OWNED',
      timeToLive: ttl?.Enabled ? ttl.AttributeName : null,
      pointInTimeRecovery: pitr?.PointInTimeRecoveryEnabled === true,
      recoveryPeriodInDays: pitr?.PointInTimeRecoveryEnabled === true ? (pitr.RecoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_IN_DAYS) : null,
    });
  }
  return declared;
}
