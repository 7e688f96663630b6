/**
 * Terraform path: the generated main.tf run by the real terraform and the real hashicorp/aws
 * provider, pointed at the engine by a provider override file, as a user would test it locally:
 * `init -plugin-dir`, `apply -auto-approve`, then `plan -detailed-exitcode`, which must say nothing
 * is left to change. Then `ddb-migrate verify` must find the Terraform-made tables in sync.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InitialisedModule, type PlannedChange, type TerraformTools, type TerraformWorkspace } from '@ddb-migrations/test-support';
import type { Schema } from '@ddb-migrations/core';
import { runAws } from './aws-cli.js';
import { LOCAL_CREDENTIALS, type TerraformPlanGap } from './engines.js';
import { runCli } from './fixtures.js';
import { userEnvironment, type PathContext } from './paths.js';

/** `alias/x` names in the schema that `data "aws_kms_key"` looks up. */
const kmsAliasesOf = (schema: Schema) =>
  schema.tables.flatMap((table) => (table.serverSideEncryption.type === 'KMS' && table.serverSideEncryption.kmsKeyId?.startsWith('alias/') ? [table.serverSideEncryption.kmsKeyId] : []));

/**
 * Creates, in the engine's KMS, a key for each alias the module looks up (a user's account has them;
 * the emulator starts empty). Returns key ARN -> alias: the provider passes the ARN the alias names,
 * so the engine reports that ARN where the schema says the alias.
 */
async function createKmsAliases(context: PathContext, aws: string, schema: Schema): Promise<Map<string, string>> {
  const env = userEnvironment(context.region);
  const arns = new Map<string, string>();
  for (const alias of kmsAliasesOf(schema)) {
    const created = JSON.parse(await runAws(aws, ['--endpoint-url', context.endpoint, 'kms', 'create-key', '--output', 'json'], env, context.fixture.dir)) as { KeyMetadata: { KeyId: string; Arn: string } };
    await runAws(aws, ['--endpoint-url', context.endpoint, 'kms', 'create-alias', '--alias-name', alias, '--target-key-id', created.KeyMetadata.KeyId], env, context.fixture.dir);
    arns.set(created.KeyMetadata.Arn, alias);
  }
  return arns;
}

export interface TerraformPathResult {
  workspace: TerraformWorkspace;
  /** Key ARN -> the schema's alias for it. */
  kmsAliases: Map<string, string>;
  /** What the plan after apply still wanted to change (empty unless the engine has a known gap). */
  pendingChanges: PlannedChange[];
}

/** Why each leftover change is the engine's named gap, or a message for each one that is not. */
export function unexplainedChanges(changes: PlannedChange[], gap: TerraformPlanGap | undefined): string[] {
  return changes
    .filter((change) => !gap?.explains(change))
    .map((change) => `${change.address}: ${change.actions.join('+')} ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`);
}

export async function runTerraformPath(context: PathContext, tools: TerraformTools, aws: string, gap: TerraformPlanGap | undefined): Promise<TerraformPathResult> {
  const mainTf = readFileSync(join(context.fixture.artifacts, 'main.tf'), 'utf8');
  const module = await InitialisedModule.init(tools, { 'main.tf': mainTf });
  const kmsAliases = await createKmsAliases(context, aws, context.fixture.schema);
  const workspace = module.copy({ endpoint: context.endpoint, region: context.region, ...LOCAL_CREDENTIALS });
  await workspace.apply();
  const plan = await workspace.plan();
  const unexplained = unexplainedChanges(plan.changes, gap);
  if (unexplained.length > 0 || (plan.code !== 0 && plan.changes.length === 0)) {
    throw new Error(`terraform plan -detailed-exitcode after apply exited ${plan.code}; changes:\n${unexplained.join('\n')}\n${plan.output.slice(-3000)}`);
  }
  const expectGap = gap?.expectedFor(context.fixture.schema) ?? false;
  if (expectGap !== plan.changes.length > 0) {
    throw new Error(expectGap
      ? `the engine's known Terraform gap (${gap!.why}) did not show: plan exited ${plan.code}. Remove it from engines.ts and docs/conformance.md.`
      : `plan exited ${plan.code}`);
  }
  // A table made by Terraform passes ddb-migrate verify (exit 0).
  await runCli(['verify', '--endpoint-url', context.endpoint, '--region', context.region], { cwd: context.fixture.dir, env: userEnvironment(context.region) });
  return { workspace, kmsAliases, pendingChanges: plan.changes };
}
