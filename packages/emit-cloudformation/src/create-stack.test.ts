import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSchema, toCreateTableInput } from '@ddb-migrations/core';
import { emitReadme } from '@ddb-migrations/emit-readme';
import { findAwsCli, findMotoServer, localAwsEnvironment, readmeCloudFormationCommands, startMotoServer, type MotoServer } from '@ddb-migrations/test-support';
import { emitCloudFormation } from './index.js';

const run = promisify(execFile);
const aws = findAwsCli();
const moto = findMotoServer();

/** The commands of the generated README's CloudFormation section, exactly as a user would copy them. */
const readmeCommands = () => readmeCloudFormationCommands(emitReadme(canonicalSchema).files[0]!.contents);

describe.skipIf(!aws || !moto)('the README create-stack command, against moto', () => {
  let server: MotoServer;
  beforeAll(async () => {
    server = await startMotoServer(moto!);
  });
  afterAll(async () => server?.close());

  it('creates the stack as written, outputs the name and ARN, and the table matches the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-stack-'));
    writeFileSync(join(dir, 'cloudformation-template.json'), emitCloudFormation(canonicalSchema).files[0]!.contents);
    const env = localAwsEnvironment();
    const outputs: string[] = [];
    for (const [program, ...args] of readmeCommands()) {
      expect(program).toBe('aws');
      const { stdout } = await run(aws!, ['--endpoint-url', server.endpoint, ...args, '--output', 'json'], { cwd: dir, env });
      outputs.push(stdout);
    }
    expect(readmeCommands().map((command) => command[2])).toEqual(['create-stack', 'wait', 'describe-stacks']);
    const stackOutputs = JSON.parse(outputs[2]!) as { OutputKey: string; OutputValue: string }[];
    expect(Object.fromEntries(stackOutputs.map((output) => [output.OutputKey, output.OutputValue]))).toEqual({
      TableName: 'shopify_sessions',
      TableArn: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/shopify_sessions$/),
    });

    const { stdout } = await run(aws!, ['--endpoint-url', server.endpoint, 'dynamodb', 'describe-table', '--table-name', 'shopify_sessions', '--output', 'json'], { env });
    const table = JSON.parse(stdout).Table;
    const expected = toCreateTableInput(canonicalSchema.tables[0]!);
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(expected.AttributeDefinitions!));
    expect(table.BillingModeSummary.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.GlobalSecondaryIndexes.map((index: Record<string, unknown>) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })))
      .toEqual(expected.GlobalSecondaryIndexes);
  });
});
