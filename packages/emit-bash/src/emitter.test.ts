import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, type Schema } from '@ddb-migrations/core';
import { findTool, richSchema } from '@ddb-migrations/test-support';
import { emitBash } from './index.js';

const repoArtifact = (name: string) => readFileSync(new URL(`../../../dynamodb-migrations/${name}`, import.meta.url), 'utf8');

/** Writes every emitted file to a new folder and returns the scripts' paths. */
function writeScripts(schema: Schema): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'emit-bash-'));
  return emitBash(schema).files.flatMap((file) => {
    const path = join(dir, file.path);
    writeFileSync(path, file.contents, { mode: file.executable ? 0o755 : 0o644 });
    return path.endsWith('.sh') ? [path] : [];
  });
}

const scriptsOf = (schema: Schema) => emitBash(schema).files.filter((file) => file.path.endsWith('.sh'));

describe('emitBash', () => {
  it('renders the canonical script byte for byte as committed', async () => {
    const [file] = emitBash(canonicalSchema).files;
    expect(file?.path).toBe('create-sessions-table.sh');
    expect(file?.executable).toBe(true);
    await expect(file?.contents).toMatchFileSnapshot('../../../dynamodb-migrations/create-sessions-table.sh');
    expect(file?.contents).toBe(repoArtifact('create-sessions-table.sh'));
  });

  it('renders one script per table of a multi-table schema', async () => {
    const files = emitBash(richSchema()).files;
    expect(files.map((file) => file.path)).toEqual([
      'create-orders-table.sh',
      'create-orders-table.resource-policy.json',
      'create-app-events-table.sh',
      'create-app-sessions-table.sh',
    ]);
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`./__golden__/rich/${file.path}`);
  });

  it('uses shorthand, never JSON, and applies post-create settings only when the schema has them', () => {
    const [orders, events] = scriptsOf(richSchema()).map((file) => file.contents);
    const canonical = scriptsOf(canonicalSchema)[0]!.contents;
    for (const script of [orders!, events!, canonical]) {
      // A JSON argument would start a quoted word with { or [ .
      expect(script).not.toMatch(/'\s*[[{]/);
      // The one file:// is the policy file next to the script, found from the script's own folder.
      expect(script.match(/\bfile:\/\/.*/g) ?? []).toEqual(script === orders ? ['file://$script_dir/create-orders-table.resource-policy.json"'] : []);
    }
    expect(orders).toContain('--resource-policy "$resource_policy_uri"');
    expect(orders).toContain("--local-secondary-indexes 'IndexName=delivered_index,KeySchema=[{AttributeName=customerId,KeyType=HASH},{AttributeName=deliveredAt,KeyType=RANGE}],Projection={ProjectionType=INCLUDE,NonKeyAttributes=[currency]}'");
    expect(orders).toContain("'PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=7'");
    expect(orders).toContain("update-contributor-insights --table-name \"$table_name\" --index-name 'sku_index' --contributor-insights-action 'ENABLE'");
    expect(events).toContain("--on-demand-throughput 'MaxReadRequestUnits=200,MaxWriteRequestUnits=100'");
    expect(events).toContain("--warm-throughput 'ReadUnitsPerSecond=15000,WriteUnitsPerSecond=5000'");
    // An existing table's index cap without a write member is sent as -1: uncapped.
    expect(events).toContain("'Update={IndexName=kind_index,OnDemandThroughput={MaxReadRequestUnits=50,MaxWriteRequestUnits=-1}}'");
    expect(orders).toContain("--sse-specification 'Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/app-orders'");
    expect(orders).toContain("--time-to-live-specification 'Enabled=true,AttributeName=expiresAt'");
    expect(orders).toContain('update-continuous-backups');
    expect(orders).toContain('--deletion-protection-enabled');
    expect(orders).toContain("--tags 'Key=cost-center,Value=4711' 'Key=team,Value=checkout'");
    for (const setting of ['update-time-to-live', 'update-continuous-backups', 'deletion-protection', 'tag-resource', 'contributor-insights', 'aws --version']) {
      expect(canonical).not.toContain(setting);
    }
  });

  it('checks the AWS CLI version first when the table needs a newer CLI than 2.9.19, naming the first releases', () => {
    const [orders, events, sessions] = scriptsOf(richSchema()).map((file) => file.contents);
    const firstCall = (script: string) => script.indexOf('\nif probe="$(dynamodb');
    expect(orders!.indexOf('\ncheck_aws_cli_version\n')).toBeGreaterThan(0);
    expect(orders!.indexOf('\ncheck_aws_cli_version\n')).toBeLessThan(firstCall(orders!));
    expect(orders).toContain('needs AWS CLI 2.22.30 or newer (v1: 1.36.35) for --deletion-protection-enabled, --resource-policy, RecoveryPeriodInDays;');
    expect(events).toContain('needs AWS CLI 2.21.0 or newer (v1: 1.36.1) for OnDemandThroughput (--on-demand-throughput), WarmThroughput (--warm-throughput);');
    expect(sessions).not.toContain('check_aws_cli_version');
  });

  it('avoids bash-4-only features, so it runs on macOS bash 3.2', () => {
    for (const script of [...scriptsOf(richSchema()), ...scriptsOf(canonicalSchema)].map((file) => file.contents)) {
      expect(script).not.toMatch(/declare -A|local -A|\$\{[a-z_]+(,,|\^\^)\}|\bmapfile\b|\breadarray\b|\bcoproc\b|&>>|\|&/);
    }
  });
});

const bash = findTool('bash');
describe.skipIf(!bash)('bash -n', () => {
  it('accepts every generated script', () => {
    for (const path of [...writeScripts(canonicalSchema), ...writeScripts(richSchema())]) {
      execFileSync(bash!, ['-n', path]);
    }
  });
});

const shellcheck = findTool('shellcheck');
describe.skipIf(!shellcheck)('shellcheck', () => {
  it('reports nothing on every generated script', () => {
    const paths = [...writeScripts(canonicalSchema), ...writeScripts(richSchema())];
    // --enable=all turns on the optional checks too; exit status 0 means zero findings.
    const output = execFileSync(shellcheck!, ['--shell=bash', '--severity=style', ...paths], { encoding: 'utf8' });
    expect(output).toBe('');
  });
});
