import { execFileSync, spawnSync } from 'node:child_process';
import type { Invocation } from './process-timing.js';

/**
 * Runs the command under python3 and reads the peak resident set size the kernel recorded for it
 * (getrusage of the waited-for children: the largest process of the tree, e.g. cdk's app process).
 * Node cannot read a child's rusage, and /usr/bin/time is often missing; python3 is not, but when it
 * is, the caller reports "not measured" instead of a number.
 */
const WRAPPER = `
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
`;

export function python3Available(): boolean {
  return spawnSync('python3', ['-c', 'pass']).status === 0;
}

/** Peak RSS in MB (Linux reports KiB; macOS bytes), or undefined without python3. Throws if the command fails. */
export function peakRssMb(invocation: Invocation): number | undefined {
  if (!python3Available()) return undefined;
  const output = execFileSync('python3', ['-c', WRAPPER, invocation.file, ...invocation.args], { cwd: invocation.cwd, env: invocation.env, encoding: 'utf8' });
  const [code, maxRss] = output.trim().split(/\s+/).map(Number);
  if (code !== 0) throw new Error(`${invocation.file} ${invocation.args.join(' ')} exited ${code} while measuring its memory`);
  return process.platform === 'darwin' ? maxRss! / 1024 / 1024 : maxRss! / 1024;
}
