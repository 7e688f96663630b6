import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The repository root (this file is bench/src/tools.ts, or bench/dist/tools.js once built). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI, as its package's `bin` names it. */
export { DDB_MIGRATE_BIN as CLI_BIN } from '@ddb-migrations/test-support';
export const CDK_APP_DIR = join(REPO_ROOT, 'bench', 'cdk-app');
export const CDK_BIN = join(dirname(require.resolve('aws-cdk/package.json')), 'bin', 'cdk');

export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

export const cliVersion = () => (JSON.parse(readFileSync(join(REPO_ROOT, 'apps', 'cli', 'package.json'), 'utf8')) as { version: string }).version;

/** First line a tool prints for `--version` (the AWS CLI v1 prints it to stderr). */
export function toolVersion(file: string, args: string[] = ['--version'], env: NodeJS.ProcessEnv = process.env): string {
  try {
    const output = execFileSync(file, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    return output.trim().split('\n')[0]!;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const text = `${stdout ?? ''}${stderr ?? ''}`.trim();
    return text ? text.split('\n')[0]! : 'unknown';
  }
}

/** A missing tool: under CI=true a failure (CI must install it), elsewhere a loud note in the report. */
export function missingTool(message: string): string {
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure: scripts/install-test-tools.sh installs it`);
  const note = `*** NOT MEASURED: ${message} ***`;
  console.warn(`\n${note}\n`);
  return note;
}

export interface AwsCli {
  /** The real executable. */
  path: string;
  version: string;
  /** A folder holding only an `aws` link to it: put first on PATH, so the generated script uses this CLI. */
  binDir: string;
}

/**
 * The AWS CLI both AWS CLI contenders use. Debian's /usr/bin/aws (v2) first, because a pip-installed
 * v1 may shadow it on PATH and the two start at different speeds; DDB_BENCH_AWS_CLI overrides.
 */
export function chooseAwsCli(workDir: string): AwsCli | undefined {
  const candidates = [process.env.DDB_BENCH_AWS_CLI, '/usr/bin/aws'].filter((path): path is string => Boolean(path));
  let path = candidates.find((candidate) => existsSync(candidate));
  if (!path) {
    try {
      path = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      path = undefined;
    }
  }
  if (!path) return undefined;
  const binDir = join(workDir, 'aws-cli-bin');
  mkdirSync(binDir, { recursive: true });
  if (!existsSync(join(binDir, 'aws'))) symlinkSync(path, join(binDir, 'aws'));
  return { path, version: toolVersion(path, ['--version'], awsEnvironment()), binDir };
}

/**
 * Variables that change how every Node process starts, whatever the tool: NODE_OPTIONS can preload
 * anything, and NODE_EXTRA_CA_CERTS makes Node parse a CA bundle at start-up (~30 ms on the machine
 * this bench was written on, which sets it for its network proxy). A typical developer machine has
 * neither, so no contender gets them; the generate report shows what the CA bundle costs when set.
 */
export const NODE_START_VARIABLES = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;

/** The bench's environment without NODE_START_VARIABLES: what every contender runs with. */
export function contenderEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NODE_START_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

/**
 * Dummy credentials and no user configuration, for every contender that talks to the local engine:
 * nothing reads ~/.aws, nothing can reach real AWS. AWS_DEFAULT_REGION too, for the AWS CLI v1.
 */
export function awsEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(contenderEnvironment())) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCHLOCAL',
    AWS_SECRET_ACCESS_KEY: 'bench-local-secret',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}

/** cdk synth without network: no notices, no telemetry, no version check (each would call out). */
export function cdkEnvironment(): NodeJS.ProcessEnv {
  return contenderEnvironment({ CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' });
}
