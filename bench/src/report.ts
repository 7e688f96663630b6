import type { Environment } from './environment.js';
import { markdownTable, type BenchOptions, type Section } from './section.js';

export interface ReportInput {
  smoke: boolean;
  options: BenchOptions;
  environment: Environment;
  loadAverageAtEnd: string;
  startedAt: Date;
  durationMs: number;
  sections: Section[];
  /** Said under the goals: why a goal is not met and what was tried. */
  notes: string[];
}

const verdict = (met: boolean | undefined) => (met === undefined ? '**not measured**' : met ? 'met' : '**not met**');

export function renderReport(input: ReportInput): string {
  const { options, environment } = input;
  const goals = input.sections.flatMap((section) => section.goals.map((goal) => [section.title, goal.goal, verdict(goal.met), goal.result]));
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`pnpm bench${input.smoke ? ' --smoke' : ''}\` (bench/) on ${input.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${(input.durationMs / 60_000).toFixed(1)} min.`,
    input.smoke
      ? '**Smoke run: one run of each command, no warm-up. These numbers only show that every part of the bench works; the full run (`pnpm bench`) is the one to read.**'
      : `Every comparison alternates its commands (A B A B …) in one run: ${options.warmups} warm-up round${options.warmups === 1 ? '' : 's'}, then ${options.runs} timed rounds. Medians, min – max, and ratios of medians with the range of the per-round ratios.`,
    '',
    '## Goals',
    '',
    ...markdownTable(['Part', 'Goal', 'Verdict', 'Result'], goals),
    '',
    ...(input.notes.length > 0 ? [...input.notes, ''] : []),
    '## Machine and versions',
    '',
    ...markdownTable(
      ['What', 'Version'],
      [
        ['Machine', environment.machine],
        ['OS', environment.os],
        ['Node', environment.node],
        ...environment.tools,
        ['Load average (1, 5, 15 min) at start / end', `${environment.loadAverageAtStart} / ${input.loadAverageAtEnd}`],
      ],
    ),
    '',
  ];
  input.sections.forEach((section, index) => lines.push(`## ${index + 1}. ${section.title}`, '', ...section.body, ''));
  lines.push(
    '## Method',
    '',
    '- `pnpm bench` builds the CLI and the bench, then runs `bench/dist/main.js`; `pnpm bench --smoke` runs each command once',
    '  and writes to a temporary file (CI runs it through `bench/src/smoke.test.ts`, checking only that every part produced numbers).',
    '- Timing: wall clock from spawn to exit of each process (`bench/src/process-timing.ts`); preparation (clearing an output',
    '  folder, writing a schema) and checks (files written, tables ACTIVE) are outside the clock.',
    '- Speed goals live here only; no test asserts a duration.',
    '',
  );
  return lines.join('\n');
}
