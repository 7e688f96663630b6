import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The bound apply runs tables with, read from the CLI itself so the report's floor never drifts from it.
import { APPLY_CONCURRENCY } from '@ddb-migrations/apply';
import { quietDdbMigrateCache } from '@ddb-migrations/test-support';
import { startBenchEngine } from './local-engine.js';
import { peakRssMb } from './peak-rss.js';
import { alternate, exitedZero, type Contender, type Invocation, type RunResult } from './process-timing.js';
import { loadSchema } from '@ddb-migrations/core';
import { expectedArtifactCount, manyTablesSchema, tableNames } from './schemas.js';
import { markdownTable, type BenchOptions, type Section } from './section.js';
import { ms, range, summarize } from './stats.js';
import { ENGINE_DELAY_MS } from './time-to-active-bench.js';
import { awsEnvironment, CLI_BIN, contenderEnvironment } from './tools.js';

export const GENERATE_SIZES = [1, 10, 100, 500] as const;
export const APPLY_SIZES = [1, 10, 50] as const;
export const GOALS = { generate500TablesAtMostMs: 1500, linearWithin: 1.5 } as const;

export async function scaleBench(options: BenchOptions): Promise<Section> {
  const generate = await generateScale(options);
  const apply = await applyScale(options);
  return {
    title: 'Scale',
    body: [...generate.body, '', ...apply.body],
    goals: generate.goals,
    data: { generate: generate.data, apply: apply.data },
  };
}

async function generateScale(options: BenchOptions) {
  const cwd = join(options.workDir, 'scale-generate');
  mkdirSync(cwd, { recursive: true });
  const expected = new Map<number, number>();
  const invocations = GENERATE_SIZES.map((size): Invocation => {
    const text = manyTablesSchema(tableNames('scale_table', size));
    writeFileSync(join(cwd, `tables-${size}.yaml`), text);
    expected.set(size, expectedArtifactCount(loadSchema(text, `tables-${size}.yaml`)));
    return { file: process.execPath, args: [CLI_BIN, 'generate', '--schema', `tables-${size}.yaml`, '--out', `out-${size}`], cwd, env: contenderEnvironment() };
  });
  const contenders = GENERATE_SIZES.map((size, index): Contender => ({
    name: `generate, ${size} table${size === 1 ? '' : 's'}`,
    prepare: () => (rmSync(join(cwd, `out-${size}`), { recursive: true, force: true }), invocations[index]!),
    check: (result) => {
      exitedZero(result);
      const written = readdirSync(join(cwd, `out-${size}`)).length;
      if (written !== expected.get(size)) throw new Error(`wrote ${written} files, expected ${expected.get(size)}`);
    },
  }));
  options.log(`scale: generate for ${GENERATE_SIZES.join(', ')} tables`);
  const summaries = (await alternate(contenders, options)).map((runs) => summarize(runs.map((run) => run.ms)));

  let rss: number | undefined;
  for (let i = 0; i < options.rssRuns; i++) {
    rmSync(join(cwd, `out-${GENERATE_SIZES.at(-1)}`), { recursive: true, force: true });
    const mb = peakRssMb(invocations.at(-1)!);
    if (mb !== undefined) rss = Math.max(rss ?? 0, mb);
  }

  // Cost per added table over each span of sizes: linear means the spans agree.
  const marginal = GENERATE_SIZES.slice(1).map((size, index) => {
    const from = GENERATE_SIZES[index]!;
    return { from, to: size, msPerTable: (summaries[index + 1]!.median - summaries[index]!.median) / (size - from) };
  });
  const [, tenToHundred, hundredToFiveHundred] = marginal;
  const spread = Math.max(tenToHundred!.msPerTable, hundredToFiveHundred!.msPerTable) / Math.min(tenToHundred!.msPerTable, hundredToFiveHundred!.msPerTable);
  const largest = summaries.at(-1)!;
  const body = [
    '### generate',
    '',
    'Schemas of N tables of the canonical shape (`bench/src/schemas.ts`), every artifact written into an empty folder.',
    '',
    ...markdownTable(
      ['Tables', 'Files', 'Median', 'Min – max', 'Runs', 'Per table (median / N)'],
      GENERATE_SIZES.map((size, index) => [String(size), String(expected.get(size)), ms(summaries[index]!.median), range(summaries[index]!), String(summaries[index]!.runs), `${(summaries[index]!.median / size).toFixed(2)} ms`]),
    ),
    '',
    'One table from a file takes longer than the built-in schema in part 1: reading a file loads the YAML parser.',
    '',
    `Added cost per table: ${marginal.map((span) => `${span.from}→${span.to}: ${span.msPerTable.toFixed(2)} ms`).join('; ')}. Peak RSS at ${GENERATE_SIZES.at(-1)} tables: ${rss === undefined ? 'not measured (no python3)' : `${rss.toFixed(0)} MB`}.`,
  ];
  const goals = [
    { goal: `generate for 500 tables ≤ ${GOALS.generate500TablesAtMostMs / 1000} s`, met: largest.median <= GOALS.generate500TablesAtMostMs, result: ms(largest.median) },
    {
      goal: 'generate cost linear in tables',
      met: spread <= GOALS.linearWithin,
      result: `${tenToHundred!.msPerTable.toFixed(2)} ms per added table from 10 to 100, ${hundredToFiveHundred!.msPerTable.toFixed(2)} ms from 100 to 500 (×${spread.toFixed(2)} apart; linear: within ×${GOALS.linearWithin})`,
    },
  ];
  return { body, goals, data: { sizes: GENERATE_SIZES, summaries, marginal, peakRssMb500: rss } };
}

interface ApplyPhases {
  startupAndPlanMs: number;
  createAndWaitMs: number;
  exitMs: number;
}

/** From apply --json's event lines: when the first write went out and when the last table was done. */
function phasesOf(result: RunResult): ApplyPhases {
  const events = result.stdoutLines.flatMap((line) => {
    try {
      return [{ atMs: line.atMs, event: JSON.parse(line.text) as { type?: string } }];
    } catch {
      return [];
    }
  });
  const firstStep = events.find((entry) => entry.event.type === 'step');
  const lastDone = events.filter((entry) => entry.event.type === 'done').at(-1);
  if (!firstStep || !lastDone) throw new Error('apply --json printed no step or done event');
  return { startupAndPlanMs: firstStep.atMs, createAndWaitMs: lastDone.atMs - firstStep.atMs, exitMs: result.ms - lastDone.atMs };
}

async function applyScale(options: BenchOptions) {
  const cwd = join(options.workDir, 'scale-apply');
  mkdirSync(cwd, { recursive: true });
  const engine = await startBenchEngine(ENGINE_DELAY_MS);
  try {
    const env = awsEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache(join(options.workDir, 'xdg-cache')) });
    const namesOf = (size: number, run: number) => tableNames(`scale_n${size}_r${run + 1}`, size);
    const contenders = APPLY_SIZES.map((size): Contender => ({
      name: `apply, ${size} table${size === 1 ? '' : 's'}`,
      prepare: (run) => {
        const schema = `tables-${size}-run-${run + 1}.yaml`;
        writeFileSync(join(cwd, schema), manyTablesSchema(namesOf(size, run)));
        return { file: process.execPath, args: [CLI_BIN, 'apply', '--json', '--schema', schema, '--endpoint-url', engine.endpoint, '--region', 'us-east-1'], cwd, env };
      },
      check: async (result, run) => {
        exitedZero(result);
        phasesOf(result);
        for (const name of namesOf(size, run)) await engine.assertActive(name);
      },
    }));
    options.log(`scale: apply ${APPLY_SIZES.join(', ')} tables (engine delay ${ENGINE_DELAY_MS} ms, ${APPLY_CONCURRENCY} tables at once)`);
    const timed = await alternate(contenders, options);

    const rows = APPLY_SIZES.map((size, index) => {
      const runs = timed[index]!;
      const total = summarize(runs.map((run) => run.ms));
      const phases = runs.map(phasesOf);
      const phase = (key: keyof ApplyPhases) => summarize(phases.map((entry) => entry[key])).median;
      const floorMs = Math.ceil(size / APPLY_CONCURRENCY) * ENGINE_DELAY_MS;
      return { size, total, tablesPerSecond: size / (total.median / 1000), startupAndPlanMs: phase('startupAndPlanMs'), createAndWaitMs: phase('createAndWaitMs'), exitMs: phase('exitMs'), floorMs };
    });
    const body = [
      '### apply',
      '',
      `N tables of the canonical shape, fresh names every run, on dynalite with the ${ENGINE_DELAY_MS} ms creation delay;`,
      `apply runs ${APPLY_CONCURRENCY} tables at once. Where the time goes, from \`apply --json\`'s events (medians): start-up,`,
      'schema and the read of every table before the first write; creating and waiting until the last table is ACTIVE',
      `(its floor is ⌈N / ${APPLY_CONCURRENCY}⌉ × ${ENGINE_DELAY_MS} ms of engine delay); then exit.`,
      '',
      ...markdownTable(
        ['Tables', 'Median', 'Min – max', 'Runs', 'Tables/s', 'Start-up + reads', 'Create + wait', 'Engine floor', 'Exit'],
        rows.map((row) => [String(row.size), ms(row.total.median), range(row.total), String(row.total.runs), row.tablesPerSecond.toFixed(1), ms(row.startupAndPlanMs), ms(row.createAndWaitMs), ms(row.floorMs), ms(row.exitMs)]),
      ),
    ];
    return { body, data: { sizes: APPLY_SIZES, concurrency: APPLY_CONCURRENCY, rows } };
  } finally {
    await engine.close();
  }
}
