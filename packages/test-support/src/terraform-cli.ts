/**
 * Runs the real `terraform` with the real hashicorp/aws provider from a local plugin folder (no
 * registry access), pointed at a loopback engine through a provider override file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findTool, localAwsEnvironment } from './tools.js';

const PROVIDER_PATH = join('registry.terraform.io', 'hashicorp', 'aws');
/** The file tests add beside main.tf; `_override.tf` files merge into the module's own blocks. */
export const PROVIDER_OVERRIDE_FILE = 'local_engine_override.tf';

export interface TerraformTools {
  terraform: string;
  /** `-plugin-dir` for init: TF_PLUGIN_DIR, default /opt/tf-plugins. */
  pluginDir: string;
  terraformVersion: string;
  providerVersion: string;
  /** Size in bytes of the provider binary. */
  providerBytes: number;
  terraformBytes: number;
}

let cached: TerraformTools | undefined | null = null;

/**
 * terraform on PATH and hashicorp/aws in TF_PLUGIN_DIR (default /opt/tf-plugins). Missing under
 * CI=true is a failure; elsewhere a loud SKIPPED line and undefined.
 */
/** 5.99.0 before 5.100.0: by number, part by part, not by text. */
const compareVersions = (a: string, b: string) => {
  const [left, right] = [a, b].map((version) => version.split('.').map((part) => Number.parseInt(part, 10) || 0));
  for (let i = 0; i < Math.max(left!.length, right!.length); i++) if ((left![i] ?? 0) !== (right![i] ?? 0)) return (left![i] ?? 0) - (right![i] ?? 0);
  return 0;
};

export function findTerraform(): TerraformTools | undefined {
  if (cached !== null) return cached;
  const terraform = findTool('terraform');
  const pluginDir = process.env.TF_PLUGIN_DIR || '/opt/tf-plugins';
  const versions = existsSync(join(pluginDir, PROVIDER_PATH)) ? readdirSync(join(pluginDir, PROVIDER_PATH)).sort(compareVersions) : [];
  if (!terraform) return (cached = undefined);
  if (versions.length === 0) {
    const message = `the hashicorp/aws provider is not in ${join(pluginDir, PROVIDER_PATH)} (set TF_PLUGIN_DIR)`;
    if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure`);
    console.warn(`\n*** SKIPPED: ${message}. Tests that need it did not run. ***\n`);
    return (cached = undefined);
  }
  const providerVersion = versions.at(-1)!;
  const platformDir = join(pluginDir, PROVIDER_PATH, providerVersion, `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`);
  const binary = existsSync(platformDir) ? readdirSync(platformDir).find((name) => name.startsWith('terraform-provider-aws')) : undefined;
  cached = {
    terraform,
    pluginDir,
    terraformVersion: terraformVersionOf(terraform),
    providerVersion,
    providerBytes: binary ? statSync(join(platformDir, binary)).size : 0,
    terraformBytes: statSync(terraform).size,
  };
  return cached;
}

/** Synchronous on purpose: called once, at collection time. */
function terraformVersionOf(terraform: string): string {
  const out = execFileSync(terraform, ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment() });
  return (JSON.parse(out) as { terraform_version: string }).terraform_version;
}

let cliConfig: string | undefined;

/**
 * A clean environment: no AWS_* from the caller, no user CLI config (an empty one, so terraform
 * does not warn about a missing ~/.terraformrc), no checkpoint calls, never a prompt.
 */
export function terraformEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  if (!cliConfig) {
    cliConfig = join(mkdtempSync(join(tmpdir(), 'tf-cli-')), 'terraformrc');
    writeFileSync(cliConfig, '');
  }
  const env = localAwsEnvironment();
  for (const key of Object.keys(env)) if (key.startsWith('TF_')) delete env[key];
  return { ...env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...extra };
}

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

const TERRAFORM_TIMEOUT_MS = 300_000;

/**
 * `terraform <args>` in `dir`. A non-zero exit not listed in `allow` throws with terraform's output.
 * Terraform runs in a process group of its own, and a run past the timeout is killed as a group:
 * killing terraform alone would leave its provider plugin running, orphaned, on the machine.
 */
export function runTerraform(tools: TerraformTools, dir: string, args: string[], allow: number[] = []): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tools.terraform, [...args, '-no-color'], { cwd: dir, env: terraformEnvironment(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, TERRAFORM_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const result = { code: code ?? -1, stdout, stderr: timedOut ? `killed after ${TERRAFORM_TIMEOUT_MS / 1000} s\n${stderr}` : stderr };
      if (result.code === 0 || allow.includes(result.code)) return resolve(result);
      reject(new Error(`terraform ${args.join(' ')} exited ${result.code} in ${dir}:\n${result.stderr}\n${result.stdout.slice(-4000)}`));
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export interface LocalProviderSettings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where the provider's KMS calls go; default the same engine. */
  kmsEndpoint?: string;
  /**
   * The provider's retries of a failed call (its default is 25, with backoff: minutes against an
   * engine that answers an operation it lacks with HTTP 500). Set to see such a refusal at once.
   */
  maxRetries?: number;
}

/**
 * The provider block a user would write to run the module against a local engine: every endpoint
 * the module can call (DynamoDB, KMS for `data "aws_kms_key"`, STS) on loopback, and no call to the
 * real AWS for credentials, account id, metadata or region lists.
 */
export function providerOverride(settings: LocalProviderSettings): string {
  return `provider "aws" {
  region                      = "${settings.region}"
  access_key                  = "${settings.accessKeyId}"
  secret_key                  = "${settings.secretAccessKey}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
${settings.maxRetries === undefined ? '' : `  max_retries                 = ${settings.maxRetries}\n`}
  endpoints {
    dynamodb = "${settings.endpoint}"
    kms      = "${settings.kmsEndpoint ?? settings.endpoint}"
    sts      = "${settings.endpoint}"
  }
}
`;
}

/**
 * A folder holding the module's `.tf` files, initialised once with `terraform init -plugin-dir`.
 * `copy()` gives each run its own state beside the same initialised `.terraform` (whose provider is a
 * symlink into the plugin folder), so init runs once per module, not once per engine.
 */
export class InitialisedModule {
  private constructor(readonly tools: TerraformTools, readonly dir: string) {}

  static async init(tools: TerraformTools, moduleFiles: Record<string, string>): Promise<InitialisedModule> {
    const dir = mkdtempSync(join(tmpdir(), 'tf-module-'));
    for (const [name, contents] of Object.entries(moduleFiles)) writeFileSync(join(dir, name), contents);
    await runTerraform(tools, dir, ['init', `-plugin-dir=${tools.pluginDir}`, '-input=false', '-backend=false']);
    return new InitialisedModule(tools, dir);
  }

  /** A copy with its own (empty) state, pointed at `provider`. */
  copy(provider: LocalProviderSettings): TerraformWorkspace {
    const dir = mkdtempSync(join(tmpdir(), 'tf-run-'));
    cpSync(this.dir, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, PROVIDER_OVERRIDE_FILE), providerOverride(provider));
    return new TerraformWorkspace(this.tools, dir);
  }
}

/** One resource change in `terraform show -json` of a saved plan. */
export interface PlannedChange {
  address: string;
  actions: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Set when an import block brings the resource under management. */
  importing: boolean;
}

export class TerraformWorkspace {
  constructor(readonly tools: TerraformTools, readonly dir: string) {}

  run(args: string[], allow: number[] = []): Promise<TerraformResult> {
    return runTerraform(this.tools, this.dir, args, allow);
  }

  /** A copy of this folder, state included: a branch to plan a different main.tf against. */
  copy(): TerraformWorkspace {
    const dir = mkdtempSync(join(tmpdir(), 'tf-run-'));
    cpSync(this.dir, dir, { recursive: true, verbatimSymlinks: true });
    return new TerraformWorkspace(this.tools, dir);
  }

  /** Replaces (or adds) one of the module's files, e.g. a regenerated main.tf. */
  write(name: string, contents: string): void {
    mkdirSync(dirname(join(this.dir, name)), { recursive: true });
    writeFileSync(join(this.dir, name), contents);
  }

  apply(): Promise<TerraformResult> {
    return this.run(['apply', '-auto-approve', '-input=false']);
  }

  /**
   * `plan -detailed-exitcode`: 0 no changes, 2 changes; with the plan saved and shown as JSON.
   * `refresh: false` plans the configuration against the state alone (no reads of the engine): what
   * a changed main.tf asks for, once a refreshed plan has shown the state matches the engine.
   */
  async plan({ refresh = true }: { refresh?: boolean } = {}): Promise<{ code: number; output: string; changes: PlannedChange[] }> {
    const planned = await this.run(['plan', '-detailed-exitcode', '-input=false', '-out=tfplan', ...(refresh ? [] : ['-refresh=false'])], [2]);
    // show starts the provider again: only worth it when there is something to show.
    if (planned.code === 0) return { code: 0, output: planned.stdout, changes: [] };
    const shown = await this.run(['show', '-json', 'tfplan']);
    const json = JSON.parse(shown.stdout) as { resource_changes?: { address: string; change: { actions: string[]; before: any; after: any; importing?: object } }[] };
    const changes = (json.resource_changes ?? [])
      .filter((change) => change.change.importing || !(change.change.actions.length === 1 && change.change.actions[0] === 'no-op'))
      .map((change) => ({
        address: change.address,
        actions: change.change.actions,
        before: change.change.before,
        after: change.change.after,
        importing: change.change.importing !== undefined,
      }));
    return { code: planned.code, output: planned.stdout, changes };
  }
}
