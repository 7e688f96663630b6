/**
 * The generated bash scripts run for real against moto's server, for what of issue 14 only moto keeps:
 * the point-in-time recovery period, and a resource policy (attached to a table that existed without
 * one; moto ignores CreateTable's ResourcePolicy, as ENGINES.md records).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAwsCliAtLeast, findMotoServer, findTool, localAwsEnvironment, startMotoServer, type MotoServer } from '@ddb-migrations/test-support';
import { awsOnPath, runScript, schemaFrom, writeScriptFolder } from './__tests__/script-runner.js';

const run = promisify(execFile);
const bash = findTool('bash');
const moto = findMotoServer();
// The first releases with RecoveryPeriodInDays (and --resource-policy, older).
const aws = findAwsCliAtLeast('1.36.35', '2.22.30', 'RecoveryPeriodInDays, --resource-policy');

const POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };

const scripts = writeScriptFolder(
  schemaFrom(`tables:
  - name: kept_orders
    partitionKey: { name: pk, type: S }
    pointInTimeRecovery: true
    recoveryPeriodInDays: 7
    resourcePolicy: ${JSON.stringify(POLICY)}
`),
);

describe.skipIf(!bash || !moto || !aws)('the six settings of issue 14, bash + AWS CLI against moto', () => {
  let engine: MotoServer;
  let cli: string;
  beforeAll(async () => {
    engine = await startMotoServer(moto!);
    cli = awsOnPath(aws!);
  });
  afterAll(async () => engine?.close());

  const dynamodb = async (...args: string[]) =>
    JSON.parse((await run(aws!, ['dynamodb', ...args, '--endpoint-url', engine.endpoint, '--region', 'us-east-1', '--output', 'json'], { env: localAwsEnvironment() })).stdout);

  it('sets the recovery period, attaches the policy to the table that existed without one, then changes nothing', async () => {
    const script = scripts.scriptOf('kept_orders');
    const first = await runScript(bash!, cli, script, ['--endpoint-url', engine.endpoint]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Enabling point-in-time recovery (7 days).');
    const backups = await dynamodb('describe-continuous-backups', '--table-name', 'kept_orders');
    expect(backups.ContinuousBackupsDescription.PointInTimeRecoveryDescription).toMatchObject({ PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 7 });
    const { Table } = await dynamodb('describe-table', '--table-name', 'kept_orders');
    // moto drops CreateTable's ResourcePolicy: the table exists without one.
    await expect(dynamodb('get-resource-policy', '--resource-arn', Table.TableArn)).rejects.toThrow(/PolicyNotFoundException/);

    const second = await runScript(bash!, cli, script, ['--endpoint-url', engine.endpoint]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Attaching the resource policy to kept_orders.');
    expect(second.stdout).not.toContain('point-in-time');
    expect(JSON.parse((await dynamodb('get-resource-policy', '--resource-arn', Table.TableArn)).Policy)).toEqual(POLICY);

    const third = await runScript(bash!, cli, script, ['--endpoint-url', engine.endpoint]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('Table kept_orders has a resource policy; this script leaves it as it is');
  });
});
