import { run } from './cli.js';
import { EXIT } from './errors.js';

const streams = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
const interrupt = new AbortController();
// First signal: stop waiting and exit 130 (SIGINT) or 143 (SIGTERM); a rerun finishes the job.
// A second one: exit at once.
for (const [signal, code] of [['SIGINT', EXIT.interrupted], ['SIGTERM', EXIT.terminated]] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(code);
    interrupt.abort(signal);
  });
}
const tty = process.stderr.isTTY === true;

/** A yes/no question on the terminal; only offered when both ends of the conversation are one. */
async function confirm(question: string): Promise<boolean> {
  // Loaded here, not at the top: readline pulls in Node's streams, ~15 ms of every `generate`.
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  // In raw mode readline takes Ctrl+C itself (and would only pause): treat it as the signal it means.
  terminal.on('SIGINT', () => process.emit('SIGINT'));
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `, { signal: interrupt.signal })).trim());
  } catch {
    return false;
  } finally {
    terminal.close();
  }
}

void run(process.argv.slice(2), process.cwd(), streams, {
  signal: interrupt.signal,
  tty,
  color: tty && !process.env.NO_COLOR,
  ...(tty && process.stdin.isTTY ? { confirm } : {}),
}).then((code) => {
  process.exitCode = code;
});
