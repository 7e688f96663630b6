import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Finds an external tool a test needs. Missing under CI=true is a failure (CI must install it);
 * elsewhere the test is skipped with a loud warning, never passed silently.
 */
export function findTool(name: string, candidates: string[] = [name]): string | undefined {
  for (const candidate of candidates) {
    if (candidate.includes('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    try {
      const found = execFileSync('sh', ['-c', `command -v "$1"`, 'sh', candidate], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next candidate
    }
  }
  const message = `required test tool "${name}" is not installed (looked for: ${candidates.join(', ')})`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure: .ci/run must install it`);
  console.warn(`\n*** SKIPPED: ${message}. Tests that need it did not run. ***\n`);
  return undefined;
}

/**
 * The AWS CLI the script tests run. Debian's /usr/bin/aws (v2) first: a pip-installed v1 may shadow
 * it on PATH. DDB_TEST_AWS_CLI overrides.
 */
export function findAwsCli(): string | undefined {
  const override = process.env.DDB_TEST_AWS_CLI;
  return findTool('aws (AWS CLI)', override ? [override] : ['/usr/bin/aws', 'aws']);
}

/** True when `aws --version` output is at least `v1` (for a v1 CLI) or `v2` (for v2), compared part by part; a v3 passes. */
export function awsCliVersionAtLeast(versionOutput: string, v1: string, v2: string): boolean {
  const match = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(versionOutput);
  if (!match) return false;
  const have = match.slice(1).map(Number);
  if (have[0]! > 2) return true;
  const want = (have[0] === 1 ? v1 : have[0] === 2 ? v2 : '99.0.0').split('.').map(Number);
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i]! > want[i]!;
  return true;
}

/**
 * An AWS CLI of at least `v1` / `v2` (`why` names the flags), for the scripts of schemas that need a
 * newer CLI than Debian's 2.9.19: normally pip's v1 (scripts/install-test-tools.sh).
 * DDB_TEST_MODERN_AWS_CLI overrides. Missing: loud skip, or a failure under CI=true.
 */
export function findAwsCliAtLeast(v1: string, v2: string, why: string): string | undefined {
  const override = process.env.DDB_TEST_MODERN_AWS_CLI;
  const candidates = override ? [override] : ['aws', '/usr/local/bin/aws', '/usr/bin/aws'];
  const modern = candidates.filter((candidate) => {
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return awsCliVersionAtLeast(version, v1, v2);
    } catch {
      return false;
    }
  });
  return findTool(`aws (AWS CLI >= ${v1} or >= ${v2}, for ${why})`, modern.length > 0 ? modern : ['aws-cli-too-old']);
}

/** Environment for running the AWS CLI against a local engine: dummy credentials, no user config. */
export function localAwsEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_')) delete env[key];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}
