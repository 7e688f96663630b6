import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable, toCreateTableInput } from '@ddb-migrations/core';
import { makeSessionPopulation, quietDdbMigrateCache, toAdapterItem, writeItems } from '@ddb-migrations/test-support';
import { liveHeap } from './live-heap.js';
import { peakRssMb } from './peak-rss.js';
import { alternate, exitedZero, type Contender } from './process-timing.js';
import { markdownTable, type BenchOptions, type Goal, type Section } from './section.js';
import { ratio, summarize, times } from './stats.js';
import { awsEnvironment, chooseAwsCli, CLI_BIN, missingTool } from './tools.js';

export const GOALS = { vsAwsCliLoopAtLeast: 50, memoryGrowthAtMost: 1.25, memoryPlateauAtMost: 1.1 } as const;

/**
 * The loop a team writes without the command: scan for expired online sessions, then one
 * `delete-item` per session. (Unconditional, as such loops are: it is only here to be timed.)
 */
const SCAN_THEN_DELETE = `set -eu
ids=$(aws --endpoint-url "$1" dynamodb scan --table-name "$2" --projection-expression id \\
  --filter-expression 'isOnline = :online AND expires < :now' \\
  --expression-attribute-values '{":online":{"BOOL":true},":now":{"S":"'"$3"'"}}' \\
  --query 'Items[].id.S' --output text)
for id in $ids; do
  aws --endpoint-url "$1" dynamodb delete-item --table-name "$2" --key '{"id":{"S":"'"$id"'"}}'
done
`;

/** The engine in its own process (`ddb-migrate local --in-memory`), so memory can be measured synchronously. */
async function startEngineProcess(env: NodeJS.ProcessEnv): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI_BIN, 'local', '--in-memory', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { endpoint: string }).endpoint);
    });
    child.on('exit', (code) => reject(new Error(`ddb-migrate local exited ${code} before it was ready`)));
  });
  return { endpoint, child };
}

/** Items left in the table, and how many of them are online sessions expired before `cutoff`. */
async function remaining(client: DynamoDBClient, table: string, cutoff: string): Promise<{ items: number; expired: number }> {
  let items = 0;
  let expired = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ProjectionExpression: 'isOnline, expires' }));
    for (const item of page.Items ?? []) {
      items++;
      if (item.isOnline?.BOOL === true && item.expires?.S !== undefined && item.expires.S < cutoff) expired++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, expired };
}

/**
 * Items deleted per second: `ddb-migrate prune-sessions` against the AWS CLI loop above, on the same
 * engine and the same data (a fresh table per run), alternating; then the command's peak RSS on
 * tables ten times apart in size.
 */
export async function pruneSessionsBench(options: BenchOptions): Promise<Section> {
  const smoke = options.runs === 1 && options.warmups === 0;
  // The AWS CLI loop costs an AWS CLI start-up per session: a few hundred items per round is plenty.
  const loopSessions = smoke ? 25 : 500;
  // The third size shows whether what grows from the first to the second keeps growing with the table.
  const memorySizes = smoke ? [500, 2_000] : [2_000, 20_000, 60_000];
  const rounds = Math.min(options.runs, 3);
  const cwd = join(options.workDir, 'prune-sessions');
  mkdirSync(cwd, { recursive: true });
  // The SDK warns on Node 20 that later releases need Node 22: noise in the bench's log, not a finding.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const cliEnv = awsEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache(join(options.workDir, 'xdg-cache')) });
  const { endpoint, child } = await startEngineProcess(cliEnv);
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCHLOCAL', secretAccessKey: 'bench-local-secret' } });
  try {
    const now = Date.now();
    const cutoff = new Date(now).toISOString();
    /** A fresh sessions table with `count` sessions of every kind; returns how many are expired online ones. */
    const seed = async (table: string, count: number) => {
      await client.send(new CreateTableCommand(toCreateTableInput(shopifySessionsTable, table)));
      for (;;) {
        const description = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
        if (description.TableStatus === 'ACTIVE' && description.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === 'ACTIVE')) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const population = makeSessionPopulation(count, now, { prefix: table });
      await writeItems(client, table, population.map(({ session }) => toAdapterItem(session)));
      return population.filter(({ kind }) => kind === 'online-expired').length;
    };
    const expiredIn = new Map<string, number>();
    const contender = (name: string, key: string, command: (table: string) => { file: string; args: string[]; env: NodeJS.ProcessEnv }): Contender => ({
      name,
      prepare: async (run) => {
        const table = `prune_${key}_${run}`;
        expiredIn.set(table, await seed(table, loopSessions));
        return { ...command(table), cwd };
      },
      check: async (result, run) => {
        exitedZero(result);
        const table = `prune_${key}_${run}`;
        const left = await remaining(client, table, cutoff);
        if (left.expired !== 0 || left.items !== loopSessions - expiredIn.get(table)!) {
          throw new Error(`${table}: ${left.expired} expired sessions left, ${left.items} items in all (expected ${loopSessions - expiredIn.get(table)!})`);
        }
      },
    });
    const contenders: Contender[] = [
      contender('ddb-migrate prune-sessions', 'ddb', (table) => ({ file: process.execPath, args: [CLI_BIN, 'prune-sessions', '--endpoint-url', endpoint, '--table', table], env: cliEnv })),
    ];
    const awsCli = chooseAwsCli(options.workDir);
    const skipped = awsCli ? undefined : missingTool('no AWS CLI (looked for $DDB_BENCH_AWS_CLI, /usr/bin/aws, aws on PATH): the scan + delete-item loop was not run');
    if (awsCli) {
      contenders.push(
        contender('aws scan + delete-item loop', 'loop', (table) => ({
          file: 'bash',
          args: ['-c', SCAN_THEN_DELETE, 'scan-then-delete', endpoint, table, cutoff],
          env: awsEnvironment({ PATH: `${awsCli.binDir}:${process.env.PATH ?? ''}` }),
        })),
      );
    }
    options.log(`prune-sessions: ${contenders.map((c) => c.name).join(' vs ')}, ${loopSessions} sessions per table, ${rounds} round(s)`);
    const timed = await alternate(contenders, { warmups: 0, runs: rounds, log: options.log });
    const expiredPerRun = loopSessions / 5;
    const rates = timed.map((runs) => runs.map((run) => expiredPerRun / (run.ms / 1000)));

    const memory: MemoryRow[] = [];
    const pruneCommand = (table: string) => ({ file: process.execPath, args: [CLI_BIN, 'prune-sessions', '--endpoint-url', endpoint, '--table', table], cwd, env: cliEnv });
    const checkPruned = async (table: string, size: number, expired: number) => {
      const left = await remaining(client, table, cutoff);
      if (left.expired !== 0 || left.items !== size - expired) throw new Error(`${table}: ${left.expired} expired left of ${expired}, ${left.items} items`);
    };
    for (const size of memorySizes) {
      // Two runs on two fresh tables of the same data: the live-heap sampler's collections would change peak RSS.
      const table = `prune_memory_${size}`;
      const expired = await seed(table, size);
      const started = performance.now();
      const peak = peakRssMb(pruneCommand(table));
      const elapsed = performance.now() - started;
      await checkPruned(table, size, expired);
      const heapTable = `prune_heap_${size}`;
      await seed(heapTable, size);
      const heap = await liveHeap(pruneCommand(heapTable), options.workDir);
      await checkPruned(heapTable, size, expired);
      memory.push({ sessions: size, expired, peakRssMb: peak, liveHeapMb: heap.peakMb, heapSamples: heap.samples, ms: elapsed });
      options.log(`  ${size} sessions: ${expired} deleted in ${elapsed.toFixed(0)} ms, peak RSS ${peak?.toFixed(1) ?? 'not measured'} MB, live heap ${heap.peakMb.toFixed(1)} MB (${heap.samples} samples)`);
    }
    return report({ contenders, timed: timed.map((runs) => runs.map((run) => run.ms)), rates, expiredPerRun, loopSessions, memory, awsCli: awsCli?.version, skipped });
  } finally {
    client.destroy();
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

interface MemoryRow {
  sessions: number;
  expired: number;
  peakRssMb: number | undefined;
  /** The largest heap in use after a full collection, sampled every 200 ms in a run of its own. */
  liveHeapMb: number;
  heapSamples: number;
  ms: number;
}

interface Measured {
  contenders: Contender[];
  timed: number[][];
  rates: number[][];
  expiredPerRun: number;
  loopSessions: number;
  memory: MemoryRow[];
  awsCli: string | undefined;
  skipped: string | undefined;
}

function report(measured: Measured): Section {
  const { contenders, timed, rates, expiredPerRun, loopSessions, memory } = measured;
  const perSecond = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)}/s`;
  const body = [
    `Deleting the expired online sessions of a \`shopify_sessions\` table on the embedded engine (\`ddb-migrate local\`,`,
    `dynalite, in its own process): ${loopSessions} sessions of every kind per table, ${expiredPerRun} of them expired online`,
    'ones, a fresh table per run, contenders alternating. Whole processes, spawn to exit; each run counts only if afterwards',
    'no expired online session is left and every other session is.',
    '',
    ...markdownTable(
      ['Command', 'Median time', 'Deleted per second (median)', 'Runs'],
      contenders.map((contender, index) => [`\`${contender.name}\``, `${(summarize(timed[index]!).median / 1000).toFixed(2)} s`, perSecond(summarize(rates[index]!).median), String(timed[index]!.length)]),
    ),
    '',
    measured.awsCli ? `AWS CLI: ${measured.awsCli}; it starts once for the scan and once per delete.` : measured.skipped!,
    '',
    'Memory of `ddb-migrate prune-sessions` (scan pages of 1,000 projected items per segment, 4 segments, 8 deletes in',
    'flight per segment). Live heap: the largest heap in use after a full collection, forced every 200 ms in a second run',
    'on a fresh table of the same data (`bench/src/live-heap.ts`); it is what the pruner holds. Peak RSS: the kernel\'s',
    'high-water mark for the pruner\'s own process (the engine runs in another).',
    '',
    ...markdownTable(
      ['Sessions', 'Deleted', 'Time', 'Deleted per second', 'Live heap', 'Peak RSS'],
      memory.map((row) => [
        String(row.sessions),
        String(row.expired),
        `${(row.ms / 1000).toFixed(2)} s`,
        perSecond(row.expired / (row.ms / 1000)),
        `${row.liveHeapMb.toFixed(1)} MB`,
        row.peakRssMb === undefined ? 'not measured (no python3)' : `${row.peakRssMb.toFixed(1)} MB`,
      ]),
    ),
    '',
    ...rssNote(memory),
  ];
  const goals: Goal[] = [];
  if (timed.length === 2) {
    const speedup = ratio(timed[1]!, timed[0]!);
    goals.push({
      goal: `prune-sessions ≥ ${GOALS.vsAwsCliLoopAtLeast}× the items per second of an AWS CLI scan + delete-item loop`,
      met: speedup.median >= GOALS.vsAwsCliLoopAtLeast,
      result: `${times(speedup.median)} (${perSecond(summarize(rates[0]!).median)} vs ${perSecond(summarize(rates[1]!).median)}; per-round ${times(speedup.min)} – ${times(speedup.max)})`,
    });
  } else {
    goals.push({ goal: `prune-sessions ≥ ${GOALS.vsAwsCliLoopAtLeast}× the items per second of an AWS CLI scan + delete-item loop`, met: undefined, result: measured.skipped! });
  }
  for (const [from, to, limit, what] of [[0, 1, GOALS.memoryGrowthAtMost, 'flat'], [1, 2, GOALS.memoryPlateauAtMost, 'bounded']] as const) {
    const [a, b] = [memory[from], memory[to]];
    if (!a || !b) continue;
    goals.push({
      goal: `prune-sessions memory ${what} from ${a.sessions} to ${b.sessions} sessions: live heap at most ${limit}×`,
      met: b.liveHeapMb / a.liveHeapMb <= limit,
      result: `${a.liveHeapMb.toFixed(1)} MB → ${b.liveHeapMb.toFixed(1)} MB (${(b.liveHeapMb / a.liveHeapMb).toFixed(2)}×)`,
    });
  }
  return { title: 'Session pruning', body, goals, data: { timedMs: timed, deletedPerSecond: rates, memory } };
}

/**
 * Why peak RSS is reported and not the goal, with this run's figures: it measures V8's sizing, not what
 * the pruner holds (investigated in issue 15 with --trace-gc-nvp and a sampling heap profiler).
 */
function rssNote(memory: MemoryRow[]): string[] {
  const [first, second] = memory;
  if (first?.peakRssMb === undefined || second?.peakRssMb === undefined) return [];
  return [
    `From ${first.sessions} to ${second.sessions} sessions peak RSS grows ${(second.peakRssMb / first.peakRssMb).toFixed(2)}× and the live heap ${(second.liveHeapMb / first.liveHeapMb).toFixed(2)}×.`,
    'V8 doubles its young generation each time as many bytes have survived scavenges as it holds (module loading at',
    'start-up, then the deletes in flight at each scavenge), up to 2 × 16 MB, and lets promoted garbage build up in the',
    'old generation until a limit set at the first full collection. A run of a second reaches neither; a longer one',
    'reaches the young generation\'s cap and then grows only by old-generation garbage up to that limit.',
    '`cacheMiddleware` on the command\'s client (the SDK otherwise rebuilds its middleware chain on every send and keeps',
    'it for the whole call) cut what V8 promotes by 60% and peak RSS at 20,000 sessions from 121 MB to 108 MB; fewer',
    'deletes in flight (1 instead of 8 per segment) or smaller scan pages (100) changed it by less than run-to-run noise,',
    'and capping the young generation only moves the growth into the old one. The live heap does catch what the pruner',
    'keeps: holding on to each deleted item (three attributes, about 200 bytes) took it to 13.8 MB at 60,000 sessions.',
  ];
}
