/**
 * What installing the CLI costs a user's app, beside what they would install instead: Terraform and
 * its AWS provider, or aws-cdk with aws-cdk-lib. The CLI is packed as a release would pack it and
 * installed alone into a fresh folder (our tarball from disk, its dependencies from the registry).
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable, type BenchOptions, type Section } from './section.js';
import { REPO_ROOT, cliVersion, packageVersion } from './tools.js';

export const TERRAFORM_BIN = '/usr/local/bin/terraform';
export const TERRAFORM_PLUGINS = '/opt/tf-plugins';

export interface Footprint {
  what: string;
  mb: number;
  /** Packages in node_modules; undefined for a native binary. */
  packages: number | undefined;
}

/** Disk used under a path (du: hard links counted once, symbolic links not followed). */
export function diskMb(...paths: string[]): number {
  const out = execFileSync('du', ['-skc', ...paths], { encoding: 'utf8' });
  return Number(/^(\d+)\s+total$/m.exec(out)![1]) / 1024;
}

/** Installed packages: every real folder `node_modules/<name>` or `node_modules/@scope/<name>` with a package.json, npm and pnpm layouts alike. */
export function countPackages(nodeModules: string): number {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === '.bin' || entry === '.cache') continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(path)) visitPackage(join(path, scoped));
      } else if (entry === '.pnpm') {
        for (const store of readdirSync(path)) if (existsSync(join(path, store, 'node_modules'))) visit(join(path, store, 'node_modules'));
      } else {
        visitPackage(path);
      }
    }
  };
  const visitPackage = (path: string) => {
    if (!existsSync(join(path, 'package.json'))) return;
    const real = realpathSync(path);
    if (seen.has(real)) return;
    seen.add(real);
    if (!lstatSync(path).isSymbolicLink() && existsSync(join(path, 'node_modules'))) visit(join(path, 'node_modules'));
  };
  visit(nodeModules);
  return seen.size;
}

const userEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|PNPM_|INIT_CWD$)/i.test(key)));

function installFresh(dir: string, manager: 'npm' | 'pnpm', dependencies: Record<string, string>): Footprint & { seconds: number } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'footprint-app', private: true, dependencies }));
  const started = Date.now();
  const args = manager === 'npm' ? ['install', '--no-audit', '--no-fund', '--loglevel=error'] : ['install', '--reporter=silent'];
  execFileSync(manager, args, { cwd: dir, env: userEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = (Date.now() - started) / 1000;
  const nodeModules = join(dir, 'node_modules');
  return { what: '', mb: diskMb(nodeModules), packages: countPackages(nodeModules), seconds };
}

const mb = (value: number) => `${value.toFixed(1)} MB`;

export async function installFootprintBench(options: BenchOptions): Promise<Section> {
  const smoke = options.runs === 1 && options.warmups === 0;
  const dir = join(options.workDir, 'install-footprint');
  mkdirSync(dir, { recursive: true });
  options.log('install-footprint: packing the CLI and installing it into fresh folders');
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(REPO_ROOT, 'apps', 'cli'), stdio: 'ignore' });
  const tarball = join(dir, `ddb-migrations-${cliVersion()}.tgz`);
  const tarballKb = lstatSync(tarball).size / 1024;

  const rows: (Footprint & { seconds?: number })[] = [];
  rows.push({ ...installFresh(join(dir, 'cli-npm'), 'npm', { 'ddb-migrations': `file:${tarball}` }), what: `ddb-migrations ${cliVersion()} (npm install)` });
  if (!smoke) rows.push({ ...installFresh(join(dir, 'cli-pnpm'), 'pnpm', { 'ddb-migrations': `file:${tarball}` }), what: `ddb-migrations ${cliVersion()} (pnpm install)` });
  const terraform = existsSync(TERRAFORM_BIN) && existsSync(TERRAFORM_PLUGINS)
    ? { what: 'Terraform binary + hashicorp/aws provider (/usr/local/bin/terraform, /opt/tf-plugins)', mb: diskMb(TERRAFORM_BIN, TERRAFORM_PLUGINS), packages: undefined }
    : undefined;
  if (terraform) rows.push(terraform);
  // A cold aws-cdk-lib download is large; the smoke run (CI) leaves it out and says so.
  const cdk = smoke
    ? undefined
    : { ...installFresh(join(dir, 'cdk-npm'), 'npm', { 'aws-cdk': packageVersion('aws-cdk'), 'aws-cdk-lib': packageVersion('aws-cdk-lib'), constructs: packageVersion('constructs') }), what: `aws-cdk ${packageVersion('aws-cdk')} + aws-cdk-lib ${packageVersion('aws-cdk-lib')} + constructs (npm install)` };
  if (cdk) rows.push(cdk);

  const cli = rows[0]!;
  const anchors = [terraform, cdk].filter((anchor): anchor is NonNullable<typeof anchor> => anchor !== undefined);
  const smallest = anchors.length > 0 ? Math.min(...anchors.map((anchor) => anchor.mb)) : undefined;
  return {
    title: 'Install footprint',
    body: [
      `The CLI tarball (\`pnpm pack\` of apps/cli: the bundle and schema.json) is ${tarballKb.toFixed(0)} kB. Installed alone into an empty folder, beside the alternatives on this machine:`,
      '',
      ...markdownTable(
        ['What', 'Disk (du)', 'Packages', 'Install time'],
        rows.map((row) => [row.what, mb(row.mb), row.packages === undefined ? 'n/a (native binaries)' : String(row.packages), row.seconds === undefined ? 'already on disk' : `${row.seconds.toFixed(1)} s`]),
      ),
      '',
      'Install times include registry downloads (cold or warm cache, as the machine had it) and are not compared. ' +
        'The CLI\'s run-time dependencies are the AWS SDK DynamoDB client (plan/apply/verify), dynalite (`local`, `--local`), yaml and fastest-levenshtein (schema files); everything else is inside the bundle.' +
        (smoke ? ' **Smoke run: pnpm and aws-cdk installs left out.**' : ''),
    ],
    goals: [
      {
        goal: 'the CLI installs smaller than each alternative (Terraform + AWS provider; aws-cdk + aws-cdk-lib)',
        met: smallest === undefined ? undefined : cli.mb < smallest,
        result: `${mb(cli.mb)}, ${cli.packages} packages vs ${anchors.map((anchor) => mb(anchor.mb)).join(' and ') || 'no alternative found'}`,
      },
    ],
    data: { tarballKb, rows },
  };
}
