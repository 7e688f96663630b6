/**
 * The README's CloudFormation commands, run as written with the AWS CLI against moto: every stack of a
 * 50-table schema, and the S3 `--template-url` path of a table too large for `--template-body`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Schema } from '@ddb-migrations/core';
import { emitReadme } from '@ddb-migrations/emit-readme';
import { findAwsCli, findMotoServer, largestTableSchema, localAwsEnvironment, manyTablesSchema, yamlTypedValuesSchema, readmeCloudFormationCommands, startMotoServer, type MotoServer } from '@ddb-migrations/test-support';
import { emitCloudFormation } from './index.js';

const run = promisify(execFile);
const aws = findAwsCli();
const moto = findMotoServer();

describe.skipIf(!aws || !moto)('README create-stack commands for large schemas, against moto', () => {
  let server: MotoServer;
  const env = localAwsEnvironment();
  const cli = async (args: string[], cwd?: string) => (await run(aws!, ['--endpoint-url', server.endpoint, ...args, '--output', 'json'], { cwd, env, maxBuffer: 16 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    server = await startMotoServer(moto!);
  });
  beforeEach(async () => {
    await fetch(`${server.endpoint}/moto-api/reset`, { method: 'POST' });
  });
  afterAll(async () => server?.close());

  /** Writes the templates, runs the README's commands (all stacks concurrently), returns the stacks' outputs. */
  async function deployAsReadmeSays(schema: Schema, { bucket, format = 'json' }: { bucket?: string; format?: 'json' | 'yaml' } = {}): Promise<Record<string, string>> {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-large-'));
    for (const file of emitCloudFormation(schema, { cloudFormationFormat: format }).files) writeFileSync(join(dir, file.path), file.contents);
    const readme = emitReadme(schema, { cloudFormationFormat: format }).files[0]!.contents;
    const commands = readmeCloudFormationCommands(readme).map((words) => words.map((word) => (bucket ? word.replaceAll('YOUR_BUCKET', bucket) : word)));
    if (bucket) await cli(['s3', 'mb', `s3://${bucket}`]);
    // Each stack's commands run in order; create-stack starts a stack's group.
    const groups: string[][][] = [];
    for (const command of commands) {
      expect(command[0]).toBe('aws');
      if (command[2] === 'create-stack' && groups.at(-1)?.some((args) => args[1] === 'create-stack')) groups.push([]);
      if (groups.length === 0) groups.push([]);
      groups.at(-1)!.push(command.slice(1));
    }
    const outputs: Record<string, string> = {};
    // All stacks at once: each spends most of its time in the CLI waiter's sleep, not on the CPU.
    await Promise.all(groups.map(async (group) => {
      let last = '';
      for (const args of group) last = await cli(args, dir);
      for (const output of JSON.parse(last) as { OutputKey: string; OutputValue: string }[]) outputs[output.OutputKey] = output.OutputValue;
    }));
    return outputs;
  }

  // 50 tables: past the --template-body limit of one template (from about 25 tables), so three stacks.
  // moto enforces none of the quotas; limits.test.ts checks them for 100 and 200 tables, and cfn-lint lints them.
  for (const count of [50]) {
    it(`${count} tables: every stack creates, and every table exists with its outputs`, async () => {
      const schema = manyTablesSchema(count);
      const outputs = await deployAsReadmeSays(schema);
      const names = Object.entries(outputs).filter(([key]) => key.endsWith('TableName')).map(([, value]) => value).sort();
      expect(names).toEqual(schema.tables.map((table) => table.name).sort());
      expect(Object.keys(outputs)).toHaveLength(2 * count);
      const listed = JSON.parse(await cli(['dynamodb', 'list-tables'])).TableNames as string[];
      expect(listed.sort()).toEqual(schema.tables.map((table) => table.name).sort());
      const last = schema.tables.at(-1)!;
      const described = JSON.parse(await cli(['dynamodb', 'describe-table', '--table-name', last.name])).Table;
      expect(described.KeySchema.map((key: { AttributeName: string }) => key.AttributeName)).toEqual([last.partitionKey.name, ...(last.sortKey ? [last.sortKey.name] : [])]);
    });
  }

  it('the largest valid table: uploaded to S3 and created from --template-url, as the README says', async () => {
    const schema = largestTableSchema();
    const readme = emitReadme(schema).files[0]!.contents;
    expect(readme).toContain('aws s3 cp cloudformation-template.json s3://YOUR_BUCKET/cloudformation-template.json');
    const outputs = await deployAsReadmeSays(schema, { bucket: 'ddb-migrations-test-templates' });
    expect(outputs.TableName).toBe(schema.tables[0]!.name);
    const described = JSON.parse(await cli(['dynamodb', 'describe-table', '--table-name', schema.tables[0]!.name])).Table;
    expect(described.GlobalSecondaryIndexes).toHaveLength(20);
  });

  it('YAML: names, index, projection and tags that YAML 1.1 would type come back from the stack unchanged', async () => {
    const schema = yamlTypedValuesSchema();
    const table = schema.tables[0]!;
    const readme = emitReadme(schema, { cloudFormationFormat: 'yaml' }).files[0]!.contents;
    expect(readme).toContain('--template-body file://cloudformation-template.yaml');
    const outputs = await deployAsReadmeSays(schema, { format: 'yaml' });
    expect(outputs.TableName).toBe(table.name);
    const described = JSON.parse(await cli(['dynamodb', 'describe-table', '--table-name', table.name])).Table;
    expect(described.KeySchema).toEqual([{ AttributeName: 'yes', KeyType: 'HASH' }, { AttributeName: 'on', KeyType: 'RANGE' }]);
    expect(described.AttributeDefinitions).toEqual(expect.arrayContaining([{ AttributeName: 'on', AttributeType: 'N' }, { AttributeName: '1_000', AttributeType: 'N' }]));
    const [index] = described.GlobalSecondaryIndexes;
    expect(index.IndexName).toBe('Off');
    expect(index.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['y', '0755', '1e3', 'null'] });
    const tags = JSON.parse(await cli(['dynamodb', 'list-tags-of-resource', '--resource-arn', described.TableArn])).Tags as { Key: string; Value: string }[];
    expect(tags.map((tag) => ({ key: tag.Key, value: tag.Value })).sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(table.tags);
  });
});
