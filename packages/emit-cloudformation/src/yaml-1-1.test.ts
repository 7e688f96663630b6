/**
 * CloudFormation YAML reads back as written under YAML 1.1 (cfn-lint's and the AWS tools' loader) as
 * well as 1.2: every string a 1.1 loader would type is quoted. The negative controls show the corpus
 * really is typed when written plain.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findTool, YAML_1_1_TYPED_STRINGS, yamlTypedValuesSchema } from '@ddb-migrations/test-support';
import { emitCloudFormation, toCloudFormationTemplate, toCloudFormationYaml } from './index.js';
import { isTypedInYaml11, toYaml11SafeString } from './yaml-1-1.js';

const run = promisify(execFile);

describe('toYaml11SafeString', () => {
  it('every typed-looking string reads back as that string under YAML 1.1 and 1.2', () => {
    for (const value of YAML_1_1_TYPED_STRINGS) {
      const text = toYaml11SafeString({ [value]: [value, { Key: value }] });
      const expected = { [value]: [value, { Key: value }] };
      expect(parse(text, { version: '1.1' }), text).toEqual(expected);
      expect(parse(text, { version: '1.2' }), text).toEqual(expected);
    }
  });

  it("the corpus is not a no-op: with the library's YAML 1.2 quoting alone, a 1.1 loader types these", () => {
    const typed = YAML_1_1_TYPED_STRINGS.filter((value) => typeof parse(stringify({ v: value }), { version: '1.1' }).v !== 'string');
    expect(typed).toEqual(expect.arrayContaining(['yes', 'on', 'Off', 'y', '1_000', '12:30:00', '2024-01-01', '0b101']));
    // `1e3` is a float in YAML 1.2 only (1.1 floats need a dot): the library quotes it on its own.
    expect(YAML_1_1_TYPED_STRINGS.filter((value) => !isTypedInYaml11(value))).toEqual(['1e3']);
  });

  it('leaves ordinary strings plain, so templates stay readable', () => {
    for (const value of ['shopify_sessions', 'AWS::DynamoDB::Table', 'Retain', 'S3', 'yes please', '12:30 pm', 'v1.2.3', 'a=b']) expect(isTypedInYaml11(value), value).toBe(false);
    expect(toCloudFormationYaml(yamlTypedValuesSchema())).toContain('AWSTemplateFormatVersion: "2010-09-09"');
    expect(parse(toCloudFormationYaml(yamlTypedValuesSchema()), { version: '1.1' })).toEqual(toCloudFormationTemplate(yamlTypedValuesSchema()));
  });
});

const cfnLint = findTool('cfn-lint');
describe.skipIf(!cfnLint)('cfn-lint reads the YAML template as intended', () => {
  it('zero findings for the quoted template; findings for the same data written plain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-yaml-'));
    const schema = yamlTypedValuesSchema();
    const quoted = join(dir, 'quoted.yaml');
    const plain = join(dir, 'plain.yaml');
    writeFileSync(quoted, emitCloudFormation(schema, { cloudFormationFormat: 'yaml' }).files[0]!.contents);
    writeFileSync(plain, stringify(toCloudFormationTemplate(schema), { lineWidth: 0 }));
    const lint = async (path: string) => (await run(cfnLint!, ['--format', 'parseable', '--', path], { encoding: 'utf8' }).catch((error: { stdout: string }) => error)).stdout;
    const [quotedFindings, plainFindings] = await Promise.all([lint(quoted), lint(plain)]);
    expect(quotedFindings).toBe('');
    expect(plainFindings).not.toBe('');
  });
});
