import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTerraform, InitialisedModule, quietDdbMigrateCache, terraformEnvironment, type TerraformTools, type TerraformWorkspace } from '@ddb-migrations/test-support';
import { startBenchEngine } from './local-engine.js';
import { alternate, exitedZero, type Contender, type RunResult } from './process-timing.js';
import { markdownTable, type BenchOptions, type Goal, type Section } from './section.js';
import { ms, range, ratio, summarize, times } from './stats.js';
import { awsEnvironment, CLI_BIN, missingTool } from './tools.js';

export const TERRAFORM_GOAL_AT_LEAST = 20;
const ENGINE_DELAY_MS = 100;
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'AKIDBENCHLOCAL', secretAccessKey: 'bench-local-secret' };

/** The three steps both tools take on one fresh table per round, in this order. */
const STEPS = [
  { key: 'plan', ddb: 'ddb-migrate plan', terraform: 'terraform plan' },
  { key: 'create', ddb: 'ddb-migrate apply (create)', terraform: 'terraform apply (create)' },
  { key: 'again', ddb: 'ddb-migrate apply (nothing to do)', terraform: 'terraform apply (nothing to do)' },
] as const;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * ddb-migrate against the real terraform and hashicorp/aws provider on the same local engine, one
 * fresh shopify_sessions table per tool per round: plan (no table yet), apply (creates it), apply again
 * (nothing to do). Each step of each tool alternates with the other tool's, so load hits both alike.
 */
export async function terraformBench(options: BenchOptions): Promise<Section> {
  const title = 'Beside Terraform';
  const tools = findTerraform();
  if (!tools) {
    const note = missingTool('terraform or the hashicorp/aws provider (TF_PLUGIN_DIR, default /opt/tf-plugins) is missing: the Terraform comparison was not run');
    return { title, body: [note, ''], goals: STEPS.map((step) => ({ goal: goalOf(step), met: undefined, result: note })), data: {} };
  }
  const cwd = join(options.workDir, 'terraform');
  mkdirSync(cwd, { recursive: true });
  execFileSync(process.execPath, [CLI_BIN, 'generate', '--out', 'artifacts'], { cwd, stdio: 'ignore' });
  const module = await InitialisedModule.init(tools, { 'main.tf': readFileSync(join(cwd, 'artifacts', 'main.tf'), 'utf8') });
  const engine = await startBenchEngine(ENGINE_DELAY_MS);
  try {
    const tableOf = (tool: string, run: number) => `tfb_${tool}_${String(run + 1).padStart(3, '0')}`;
    const workspaces = new Map<number, TerraformWorkspace>();
    const workspaceOf = (run: number) => {
      if (!workspaces.has(run)) workspaces.set(run, module.copy({ endpoint: engine.endpoint, region: REGION, ...CREDENTIALS }));
      return workspaces.get(run)!;
    };
    const ddbEnv = awsEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache(join(options.workDir, 'xdg-cache')) });
    const ddb = (step: (typeof STEPS)[number]): Contender => ({
      name: step.ddb,
      prepare: (run) => ({
        file: process.execPath,
        args: [CLI_BIN, step.key === 'plan' ? 'plan' : 'apply', '--endpoint-url', engine.endpoint, '--region', REGION, '--table', tableOf('ddb', run)],
        cwd,
        env: ddbEnv,
      }),
      check: async (result, run) => {
        if (step.key === 'plan') return expectExit(result, 2);
        exitedZero(result);
        await engine.assertActive(tableOf('ddb', run));
        if (step.key === 'again' && !/nothing to do|in sync|no changes/i.test(result.stdout)) throw new Error(`second apply did something: ${result.stdout}`);
      },
    });
    const terraform = (step: (typeof STEPS)[number]): Contender => ({
      name: step.terraform,
      prepare: (run) => ({
        file: tools.terraform,
        args: [
          ...(step.key === 'plan' ? ['plan', '-detailed-exitcode'] : ['apply', '-auto-approve']),
          '-input=false',
          '-no-color',
          `-var=table_name=${tableOf('tf', run)}`,
        ],
        cwd: workspaceOf(run).dir,
        env: terraformEnvironment(),
      }),
      check: async (result, run) => {
        if (step.key === 'plan') return expectExit(result, 2);
        exitedZero(result);
        await engine.assertActive(tableOf('tf', run));
        const summary = step.key === 'create' ? /1 added, 0 changed, 0 destroyed/ : /0 added, 0 changed, 0 destroyed|No changes/;
        if (!summary.test(result.stdout)) throw new Error(`unexpected apply summary: ${result.stdout.slice(-400)}`);
      },
    });
    const contenders = STEPS.flatMap((step) => [ddb(step), terraform(step)]);
    options.log(`beside Terraform: ${contenders.map((contender) => contender.name).join(', ')} (dynalite, ${ENGINE_DELAY_MS} ms CREATING)`);
    return report(title, await alternate(contenders, options), tools);
  } finally {
    await engine.close();
  }
}

function expectExit(result: RunResult, code: number): void {
  if (result.code !== code) throw new Error(`exit code ${result.code}, expected ${code}`);
}

const goalOf = (step: (typeof STEPS)[number]) => `${step.ddb} ≥ ${TERRAFORM_GOAL_AT_LEAST}× faster than ${step.terraform}`;

function report(title: string, timed: RunResult[][], tools: TerraformTools): Section {
  const msOf = timed.map((runs) => runs.map((run) => run.ms));
  const rows: string[][] = [];
  const goals: Goal[] = [];
  const data: Record<string, unknown> = {
    terraform: { version: tools.terraformVersion, bytes: tools.terraformBytes },
    provider: { version: tools.providerVersion, bytes: tools.providerBytes },
  };
  for (const [index, step] of STEPS.entries()) {
    const [ddbMs, terraformMs] = [msOf[index * 2]!, msOf[index * 2 + 1]!];
    const [ddb, terraform] = [summarize(ddbMs), summarize(terraformMs)];
    const faster = ratio(terraformMs, ddbMs);
    rows.push([`\`${step.ddb}\``, ms(ddb.median), range(ddb), `\`${step.terraform}\``, ms(terraform.median), range(terraform), `**${times(faster.median)}** (${range(faster, times)})`]);
    goals.push({ goal: goalOf(step), met: faster.median >= TERRAFORM_GOAL_AT_LEAST, result: `${times(faster.median)} (${ms(terraform.median)} vs ${ms(ddb.median)})` });
    data[step.key] = { ddbMigrateMs: ddbMs, terraformMs, ratio: faster };
  }
  const body = [
    `The same shopify_sessions table (built-in schema, generated main.tf) on dynalite in the bench process (127.0.0.1, every new table`,
    `CREATING for ${ENGINE_DELAY_MS} ms). Each round gives each tool a fresh table: plan with no table yet (both exit 2), apply`,
    'that creates it (checked ACTIVE), and apply again with nothing to do. Terraform runs with a provider override file (endpoints on',
    'loopback, no credential or account lookups) in a folder initialised once with `terraform init -plugin-dir`; init is not timed.',
    `Terraform ${tools.terraformVersion} (${MB(tools.terraformBytes)} binary), hashicorp/aws ${tools.providerVersion} (${MB(tools.providerBytes)} provider binary, from ${tools.pluginDir}).`,
    '',
    ...markdownTable(['ddb-migrate', 'Median', 'Min – max', 'Terraform', 'Median', 'Min – max', 'Terraform / ddb-migrate'], rows),
    '',
    `Every terraform command starts the provider, a ${MB(tools.providerBytes)} binary serving the schema of every AWS resource type;`,
    'ddb-migrate is one Node process that sends the DynamoDB calls itself.',
    '',
  ];
  return { title, body, goals, data };
}
