import { run } from './cli.js';

const streams = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
const interrupt = new AbortController();
// First Ctrl+C: stop waiting and exit 130 (a rerun finishes the job). Second: exit at once.
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
process.on('SIGTERM', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
const tty = process.stderr.isTTY === true;
void run(process.argv.slice(2), process.cwd(), streams, {
  signal: interrupt.signal,
  tty,
  color: tty && !process.env.NO_COLOR,
}).then((code) => {
  process.exitCode = code;
});
