import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssMb } from './peak-rss.js';
import { alternate, exitedZero, type Contender, type Invocation } from './process-timing.js';
import { markdownTable, type BenchOptions, type Section } from './section.js';
import { ms, range, ratio, summarize, times } from './stats.js';
import { CDK_APP_DIR, CDK_BIN, cdkEnvironment, CLI_BIN, contenderEnvironment } from './tools.js';
import { canonicalSchema } from '@ddb-migrations/core';
import { expectedArtifactCount } from './schemas.js';

export const GOALS = { vsCdkAtLeast: 30, vsBareNodeAtMost: 2.5, peakRssMbAtMost: 80 } as const;

/**
 * `ddb-migrate generate` (built-in schema, every artifact, into an empty folder) against `cdk synth`
 * of the same table (bench/cdk-app) and against a Node process that does nothing.
 */
export async function generateBench(options: BenchOptions): Promise<Section> {
  const cwd = join(options.workDir, 'generate');
  mkdirSync(cwd, { recursive: true });
  const generateOut = join(cwd, 'dynamodb-migrations');
  const cdkOut = join(cwd, 'cdk.out');

  const env = contenderEnvironment();
  const generate: Invocation = { file: process.execPath, args: [CLI_BIN, 'generate', '--out', generateOut], cwd, env };
  const cdkSynth: Invocation = { file: process.execPath, args: [CDK_BIN, 'synth', '--no-notices', '--output', cdkOut], cwd: CDK_APP_DIR, env: cdkEnvironment() };
  const bareNode: Invocation = { file: process.execPath, args: ['-e', '0'], cwd, env };

  const contenders: Contender[] = [
    {
      name: 'ddb-migrate generate',
      // Every run writes all files into an empty folder, as a first generate does (a re-run that finds
      // every file unchanged writes nothing and is faster).
      prepare: () => (rmSync(generateOut, { recursive: true, force: true }), generate),
      check: (result) => {
        exitedZero(result);
        const written = readdirSync(generateOut).length;
        if (written !== expectedArtifactCount(canonicalSchema)) throw new Error(`wrote ${written} files, expected ${expectedArtifactCount(canonicalSchema)}`);
      },
    },
    {
      name: 'cdk synth',
      prepare: () => (rmSync(cdkOut, { recursive: true, force: true }), cdkSynth),
      check: (result) => {
        exitedZero(result);
        const template = join(cdkOut, 'ShopifySessionsTable.template.json');
        if (!existsSync(template)) throw new Error(`no ${template}`);
        const text = readFileSync(template, 'utf8');
        for (const expected of ['"shop_index"', '"PAY_PER_REQUEST"', '"DeletionPolicy": "Retain"']) {
          if (!text.includes(expected)) throw new Error(`the synthesized template lacks ${expected}`);
        }
      },
    },
    { name: 'node -e 0', prepare: () => bareNode, check: exitedZero },
  ];
  const caBundle = process.env.NODE_EXTRA_CA_CERTS;
  if (caBundle) {
    // Only to show what this machine's setting costs every Node process; no goal uses it.
    contenders.push({ name: 'node -e 0 with NODE_EXTRA_CA_CERTS', prepare: () => ({ ...bareNode, env: { ...env, NODE_EXTRA_CA_CERTS: caBundle } }), check: exitedZero });
  }

  options.log('generate: ddb-migrate generate vs cdk synth vs node -e 0');
  const [generateRuns, cdkRuns, nodeRuns, caBundleRuns] = (await alternate(contenders, options)).map((runs) => runs.map((run) => run.ms)) as [number[], number[], number[], number[]?];

  const peakRss = (invocation: Invocation, clear: string | undefined) => {
    let peak: number | undefined;
    for (let i = 0; i < options.rssRuns; i++) {
      if (clear) rmSync(clear, { recursive: true, force: true });
      const mb = peakRssMb(invocation);
      if (mb !== undefined) peak = Math.max(peak ?? 0, mb);
    }
    return peak;
  };
  const rss: (number | undefined)[] = [peakRss(generate, generateOut), peakRss(cdkSynth, cdkOut), peakRss(bareNode, undefined)];

  const summaries = [summarize(generateRuns), summarize(cdkRuns), summarize(nodeRuns), ...(caBundleRuns ? [summarize(caBundleRuns)] : [])];
  const vsCdk = ratio(cdkRuns, generateRuns);
  const vsNode = ratio(generateRuns, nodeRuns);
  const showMb = (mb: number | undefined) => (mb === undefined ? 'not measured (no python3)' : `${mb.toFixed(0)} MB`);

  const body = [
    `Each command is a whole process, timed from spawn to exit. \`generate\` writes all ${expectedArtifactCount(canonicalSchema)} artifacts of the built-in`,
    '`shopify_sessions` schema into an empty folder; `cdk synth` synthesizes the same table (classic `Table`: key `id` S,',
    'GSI `shop_index` on `shop` S with projection ALL, on demand, `RemovalPolicy.RETAIN`; `bench/cdk-app/`) into an',
    'empty `cdk.out`, offline (`--no-notices`, `CDK_DISABLE_VERSION_CHECK`, `CDK_DISABLE_CLI_TELEMETRY`); both are run',
    'as `node <entry point>`, so neither pays for a shell wrapper. Peak RSS: the largest process of the tree.',
    'Every contender runs without `NODE_OPTIONS` and `NODE_EXTRA_CA_CERTS`, as on a typical developer machine.',
    '',
    ...markdownTable(
      ['Command', 'Median', 'Min – max', 'Runs', 'Peak RSS'],
      contenders.map((contender, index) => [`\`${contender.name}\``, ms(summaries[index]!.median), range(summaries[index]!), String(summaries[index]!.runs), index < rss.length ? showMb(rss[index]) : '–']),
    ),
    '',
    `- \`cdk synth\` / \`generate\`: **${times(vsCdk.median)}** (per-round ratios ${range(vsCdk, times)})`,
    `- \`generate\` / \`node -e 0\`: **${times(vsNode.median)}** (per-round ratios ${range(vsNode, times)})`,
  ];
  const rssMb = rss[0];
  return {
    title: 'Generate',
    body,
    goals: [
      {
        goal: `generate ≥ ${GOALS.vsCdkAtLeast}× faster than cdk synth`,
        met: vsCdk.median >= GOALS.vsCdkAtLeast,
        result: `${times(vsCdk.median)} (${ms(summaries[1]!.median)} vs ${ms(summaries[0]!.median)})`,
      },
      {
        goal: `generate ≤ ${GOALS.vsBareNodeAtMost}× a bare Node start`,
        met: vsNode.median <= GOALS.vsBareNodeAtMost,
        result: `${times(vsNode.median)} (${ms(summaries[0]!.median)} vs ${ms(summaries[2]!.median)})`,
      },
      {
        goal: `generate peak RSS ≤ ${GOALS.peakRssMbAtMost} MB`,
        met: rssMb === undefined ? undefined : rssMb <= GOALS.peakRssMbAtMost,
        result: showMb(rssMb),
      },
    ],
    data: {
      generateMs: generateRuns,
      cdkSynthMs: cdkRuns,
      bareNodeMs: nodeRuns,
      ...(caBundleRuns ? { bareNodeWithCaBundleMs: caBundleRuns } : {}),
      peakRssMb: { generate: rss[0], cdkSynth: rss[1], bareNode: rss[2] },
      ratios: { cdkOverGenerate: vsCdk, generateOverNode: vsNode },
    },
  };
}
