/**
 * The engines here cannot store every setting (no engine keeps a table class; DynamoDB Local has no
 * tags or point-in-time recovery), so the live suites remove those from the schema. This file checks,
 * without an engine, that for the full fixtures the PowerShell script still asks for exactly the
 * CreateTable request the SDK path sends. (The Terraform provider's own requests for the full rich
 * fixture are recorded live on moto, in terraform-lifecycle.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCreateTableInput } from '@ddb-migrations/core';
import { extractAwsInvocations, parsePowerShell } from '@ddb-migrations/test-support';
import { canonicalJson, findModernAwsCli, RequestResolver } from './aws-cli.js';
import { FIXTURES, prepareFixture, type PreparedFixture } from './fixtures.js';
import { artifactsWith } from './paths.js';
import { withPolicyFile } from './powershell-path.js';

const aws = findModernAwsCli();

describe.skipIf(!aws)('full-schema CreateTable requests, without an engine', () => {
  let resolver: RequestResolver;
  beforeAll(() => {
    resolver = new RequestResolver(aws!);
  });
  afterAll(async () => resolver?.close());

  for (const fixture of FIXTURES) {
    describe(`${fixture.name} fixture`, () => {
      let prepared: PreparedFixture;
      beforeAll(async () => {
        prepared = await prepareFixture(fixture, []);
      });

      it('PowerShell: the create-table call the CLI sends is the SDK request (less deletion protection)', async () => {
        for (const script of artifactsWith(prepared, '.ps1')) {
          const syntax = await parsePowerShell(readFileSync(join(prepared.artifacts, script), 'utf8'));
          const table = prepared.schema.tables.find((candidate) => candidate.name === syntax.parameterDefaults.TableName)!;
          const create = extractAwsInvocations(syntax).filter(({ args }) => args[1] === 'create-table');
          expect(create, script).toHaveLength(1);
          const request = await resolver.resolve(withPolicyFile(create[0]!.args, prepared.artifacts, script), prepared.artifacts);
          const { DeletionProtectionEnabled: _setLater, ...input } = toCreateTableInput(table);
          expect(request.body, script).toBe(canonicalJson(input));
        }
      });
    });
  }
});
