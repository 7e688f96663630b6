import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeEnvironment, formatLoad } from './environment.js';
import { generateBench } from './generate-bench.js';
import { installFootprintBench } from './install-footprint-bench.js';
import { pruneSessionsBench } from './prune-bench.js';
import { renderReport } from './report.js';
import { scaleBench } from './scale-bench.js';
import type { BenchOptions, Section } from './section.js';
import { terraformBench } from './terraform-bench.js';
import { timeToActiveBench } from './time-to-active-bench.js';
import { CLI_BIN, REPO_ROOT } from './tools.js';

const USAGE = `usage: node bench/dist/main.js [--smoke] [--out FILE] [--json FILE] [--runs N] [--only generate,time-to-active,scale,install-footprint,prune-sessions,terraform]

  (default)   full run: 1 warm-up and 10 timed rounds per comparison; writes BENCHMARKS.md at the repository root
  --smoke     one run of each command, no warm-up; writes to a temporary file unless --out is given
  --out FILE  where to write the Markdown report
  --json FILE also write the raw numbers as JSON
  --runs N    timed rounds per comparison (at least 10 for a full run that means anything)
  --only      run only these parts

bench/goal-notes.md, when present, goes under the goals table: how the goals are met and measured, kept by hand.`;

/** Kept by hand: how the goals are met and why they are measured as they are, carried into every report. */
const GOAL_NOTES = join(REPO_ROOT, 'bench', 'goal-notes.md');

const PARTS = {
  generate: generateBench,
  'time-to-active': timeToActiveBench,
  scale: scaleBench,
  'install-footprint': installFootprintBench,
  'prune-sessions': pruneSessionsBench,
  terraform: terraformBench,
} as const satisfies Record<string, (options: BenchOptions) => Promise<Section>>;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      out: { type: 'string' },
      json: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm turbo run build\` (pnpm bench does)`);
  const smoke = values.smoke ?? false;
  const runs = values.runs !== undefined ? Number(values.runs) : smoke ? 1 : 10;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a positive whole number`);
  const parts = (values.only?.split(',') ?? Object.keys(PARTS)) as (keyof typeof PARTS)[];
  const unknown = parts.filter((part) => !(part in PARTS));
  if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ')} (known: ${Object.keys(PARTS).join(', ')})`);

  const workDir = mkdtempSync(join(tmpdir(), 'ddb-migrate-bench-'));
  const out = resolve(values.out ?? (smoke ? join(tmpdir(), `ddb-migrate-bench-smoke-${process.pid}.md`) : join(REPO_ROOT, 'BENCHMARKS.md')));
  const options: BenchOptions = { warmups: smoke ? 0 : 1, runs, rssRuns: smoke ? 1 : 3, workDir, log: (line) => console.log(line) };
  const startedAt = new Date();
  try {
    const environment = describeEnvironment(workDir);
    console.log(`bench: ${smoke ? 'smoke run' : 'full run'}, ${runs} timed round${runs === 1 ? '' : 's'}; ${environment.machine}; Node ${environment.node}`);
    const sections: Section[] = [];
    for (const part of parts) sections.push(await PARTS[part](options));
    const report = renderReport({
      smoke,
      options,
      environment,
      loadAverageAtEnd: formatLoad(),
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      sections,
      notes: existsSync(GOAL_NOTES) ? [readFileSync(GOAL_NOTES, 'utf8').trim()] : [],
    });
    writeFileSync(out, report);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ smoke, runs, sections: sections.map(({ title, goals, data }) => ({ title, goals, data })) }, null, 2)}\n`);
    console.log(`\n${sections.flatMap((section) => section.goals.map((goal) => `${goal.met === undefined ? 'NOT MEASURED' : goal.met ? 'met    ' : 'NOT MET'}  ${goal.goal}: ${goal.result}`)).join('\n')}`);
    console.log(`\nwrote ${out}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
