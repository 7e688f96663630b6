import { spawn } from 'node:child_process';

/** One command line to run, as a user would: a whole process, from spawn to exit. */
export interface Invocation {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface RunResult {
  /** Wall time from spawn to the process's exit, in milliseconds. */
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Each stdout line with the time it arrived, in ms after spawn (apply --json events, for one). */
  stdoutLines: { atMs: number; text: string }[];
}

export async function runTimed(invocation: Invocation): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(invocation.file, invocation.args, { cwd: invocation.cwd, env: invocation.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const stdoutLines: RunResult['stdoutLines'] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const atMs = elapsed();
      stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const text of lines) stdoutLines.push({ atMs, text });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let ms = 0;
    // The clock stops at exit; 'close' (all output read) follows.
    child.on('exit', () => (ms = elapsed()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial) stdoutLines.push({ atMs: ms, text: partial });
      resolve({ ms, code, stdout, stderr, stdoutLines });
    });
  });
}

/** A command in a comparison. `prepare` and `check` are not timed. */
export interface Contender {
  name: string;
  /** The command of run number `run` (warm-ups included): a fresh table name, a cleared output folder. */
  prepare(run: number): Invocation | Promise<Invocation>;
  /** Throws when the run did not do its job; a fast failure must never pass as a fast run. */
  check(result: RunResult, run: number): void | Promise<void>;
}

export interface AlternationPlan {
  warmups: number;
  runs: number;
  /** Called with a short progress note; the bench prints it. */
  log?: (line: string) => void;
}

/**
 * Runs the contenders in turn, A B C A B C ..., so a machine that gets busier or quieter during the
 * run affects every contender alike; the warm-up rounds (file cache, JIT of the engine) are not kept.
 * Returns the timed runs of each contender, in contender order.
 */
export async function alternate(contenders: Contender[], plan: AlternationPlan): Promise<RunResult[][]> {
  const timed: RunResult[][] = contenders.map(() => []);
  for (let round = 0; round < plan.warmups + plan.runs; round++) {
    const warmup = round < plan.warmups;
    for (const [index, contender] of contenders.entries()) {
      const invocation = await contender.prepare(round);
      const result = await runTimed(invocation);
      try {
        await contender.check(result, round);
      } catch (error) {
        const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
        throw new Error(`${contender.name} (round ${round + 1}) failed its check: ${(error as Error).message}\nexit code ${result.code}; last output:\n${output}`);
      }
      if (!warmup) timed[index]!.push(result);
      plan.log?.(`  ${warmup ? 'warm-up' : `run ${round - plan.warmups + 1}/${plan.runs}`} ${contender.name}: ${result.ms.toFixed(0)} ms`);
    }
  }
  return timed;
}

export const exitedZero = (result: RunResult) => {
  if (result.code !== 0) throw new Error(`exit code ${result.code}, expected 0`);
};
