/**
 * Large schemas stay deployable: every template is within CloudFormation's documented quotas for the
 * way the README deploys it, at 1, 50, 100 and 200 tables and for the largest table the validator allows,
 * and cfn-lint accepts every one of them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLOUDFORMATION_LIMITS, cloudFormationStacksOf, loadSchema, type Schema } from '@ddb-migrations/core';
import { findTool, manyTablesSchema } from '@ddb-migrations/test-support';
import { emitCloudFormation } from './index.js';
import type { CloudFormationTemplate } from './template.js';

const run = promisify(execFile);

/** The largest single table the validator accepts: every name at 255 characters, 20 indexes projecting 100 attributes, 50 tags. */
export function largestTableSchema(): Schema {
  const long = (first: string, i: number, fill: string) => `${first}${String(i).padStart(3, '0')}${fill.repeat(251)}`;
    // A short scriptName: the logical id derived from a 255-character name is the names rules' concern, not this test's.
  const lines = ['tables:', `  - name: ${'T'.repeat(255)}`, '    scriptName: create-big-table', `    partitionKey: { name: ${'p'.repeat(255)}, type: S }`, `    sortKey: { name: ${'s'.repeat(255)}, type: S }`, '    globalSecondaryIndexes:'];
  for (let i = 0; i < 20; i++) {
    const included = Array.from({ length: 5 }, (_, j) => long('a', i * 5 + j, 'x'));
    lines.push(`      - { name: ${long('i', i, 'n')}, partitionKey: { name: ${long('g', i, 'p')}, type: S }, sortKey: { name: ${long('h', i, 's')}, type: S }, projection: INCLUDE, nonKeyAttributes: [${included.join(', ')}] }`);
  }
  lines.push('    tags:', ...Array.from({ length: 50 }, (_, i) => `      ${long('k', i, 'k').slice(0, 128)}: ${long('v', i, 'v').slice(0, 256)}`));
  lines.push('    pointInTimeRecovery: true', '    stream: NEW_AND_OLD_IMAGES', '    encryption: { type: KMS, kmsKeyId: alias/app-data }');
  return loadSchema(`${lines.join('\n')}\n`, 'largest.yaml');
}

const cases: [string, Schema][] = [1, 50, 100, 200].map((count) => [`${count} tables`, manyTablesSchema(count)]);
cases.push(['the largest valid table', largestTableSchema()]);

describe.each(cases)('%s', (_label, schema) => {
  for (const format of ['json', 'yaml'] as const) {
    it(`${format}: each template within its deploy path's quotas, every table in exactly one`, () => {
      const stacks = cloudFormationStacksOf(schema, format);
      const files = emitCloudFormation(schema, { cloudFormationFormat: format }).files;
      expect(files.map((file) => file.path)).toEqual(stacks.map((stack) => stack.templateFile));
      const seen: string[] = [];
      files.forEach((file, i) => {
        const stack = stacks[i]!;
        const template = (format === 'json' ? JSON.parse(file.contents) : loadYaml(file.contents)) as CloudFormationTemplate;
        const bytes = Buffer.byteLength(file.contents);
        expect(bytes, file.path).toBeLessThanOrEqual(stack.viaS3 ? CLOUDFORMATION_LIMITS.templateUrlBytes : CLOUDFORMATION_LIMITS.templateBodyBytes);
        // Only a single table too large for --template-body goes through S3.
        expect(stack.viaS3, file.path).toBe(bytes > CLOUDFORMATION_LIMITS.templateBodyBytes || (stack.viaS3 && stack.tables.length === 1));
        expect(template.Description.length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.descriptionChars);
        expect(Object.keys(template.Outputs).length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.outputs);
        expect(Object.keys(template.Parameters).length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.parameters);
        expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.resources);
        // The numbered stacks' names: the base name (from stackNameOf) cut to leave room for the suffix.
        if (stacks.length > 1) expect(stack.stackName).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,123}-\d{1,3}$/);
        seen.push(...Object.values(template.Parameters).map((parameter) => parameter.Default));
      });
      expect(seen).toEqual(schema.tables.map((table) => table.name));
    });
  }
});

it('one template while everything fits; the single-table template stays cloudformation-template.json', () => {
  expect(cloudFormationStacksOf(manyTablesSchema(1)).map((stack) => stack.templateFile)).toEqual(['cloudformation-template.json']);
  expect(cloudFormationStacksOf(manyTablesSchema(20)).length).toBe(1);
  expect(cloudFormationStacksOf(largestTableSchema())).toMatchObject([{ templateFile: 'cloudformation-template.json', viaS3: true }]);
  // The description names tables while it can, then counts the rest.
  const names = emitCloudFormation(manyTablesSchema(200)).files.map((file) => JSON.parse(file.contents).Description as string);
  expect(names[0]).toMatch(/^DynamoDB tables app_001_sessions, app_002_orders, .* \(generated by ddb-migrate\)\.$/);
});

function loadYaml(text: string): unknown {
  // The 1.1 loader cfn-lint uses would differ only in scalars, which yaml-1-1.test.ts covers.
  return (require('yaml') as typeof import('yaml')).parse(text);
}
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

const cfnLint = findTool('cfn-lint');
describe.skipIf(!cfnLint)('cfn-lint on every template of every size', () => {
  it('reports zero findings (JSON at 1, 50, 100, 200 tables and the largest table; YAML at 200)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-limits-'));
    const paths: string[] = [];
    const write = (prefix: string, schema: Schema, format: 'json' | 'yaml') => {
      for (const file of emitCloudFormation(schema, { cloudFormationFormat: format }).files) {
        const path = join(dir, `${prefix}-${file.path}`);
        writeFileSync(path, file.contents);
        paths.push(path);
      }
    };
    cases.forEach(([label, schema]) => write(label.replace(/\W+/g, '-'), schema, 'json'));
    write('yaml-200', manyTablesSchema(200), 'yaml');
    // One cfn-lint process for all of them: its start-up (Python, resource schemas) dominates.
    const { stdout } = await run(cfnLint!, ['--format', 'parseable', '--', ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(stdout).toBe('');
    expect(paths.length).toBeGreaterThan(25);
  });
});
