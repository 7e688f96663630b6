import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed, type Invocation } from './process-timing.js';

/**
 * Preloaded into the measured process (NODE_OPTIONS=--require): every SAMPLE_MS a full collection,
 * then the heap still in use, which is what the process holds rather than garbage V8 has not yet
 * collected. Peak RSS cannot tell those apart: V8 sizes its young generation to what survives and
 * lets the old one grow to a limit before collecting it, so a longer run has a larger RSS whatever
 * it holds. The collections slow the process, so this is a run of its own, never the timed one.
 */
const SAMPLER = `
const { writeFileSync } = require('node:fs');
const { setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const out = process.env.BENCH_LIVE_HEAP_OUT;
const samples = [];
const sample = () => {
  gc();
  samples.push(process.memoryUsage().heapUsed);
};
setInterval(sample, Number(process.env.BENCH_LIVE_HEAP_SAMPLE_MS)).unref();
process.on('exit', () => {
  sample();
  writeFileSync(out, JSON.stringify(samples));
});
`;

const SAMPLE_MS = 200;

export interface LiveHeap {
  /** The largest heap in use after a full collection, in MB. */
  peakMb: number;
  samples: number;
}

/** Runs the (Node) command with the sampler preloaded; throws if it fails. */
export async function liveHeap(invocation: Invocation, workDir: string): Promise<LiveHeap> {
  const dir = join(workDir, 'live-heap');
  mkdirSync(dir, { recursive: true });
  const sampler = join(dir, 'sampler.cjs');
  const out = join(dir, `samples-${process.pid}-${Date.now()}.json`);
  writeFileSync(sampler, SAMPLER);
  const nodeOptions = [invocation.env.NODE_OPTIONS, `--require ${JSON.stringify(sampler)}`].filter(Boolean).join(' ');
  const result = await runTimed({ ...invocation, env: { ...invocation.env, NODE_OPTIONS: nodeOptions, BENCH_LIVE_HEAP_OUT: out, BENCH_LIVE_HEAP_SAMPLE_MS: String(SAMPLE_MS) } });
  if (result.code !== 0) throw new Error(`${invocation.file} ${invocation.args.join(' ')} exited ${result.code} while measuring its heap: ${result.stderr.trim()}`);
  const samples = JSON.parse(readFileSync(out, 'utf8')) as number[];
  return { peakMb: Math.max(...samples) / 1024 / 1024, samples: samples.length };
}
