/** Exit codes used by every command. 130 and 143 are the shell's 128 + SIGINT (2) and SIGTERM (15). */
export const EXIT = { ok: 0, error: 1, differences: 2, interrupted: 130, terminated: 143 } as const;

/** The exit code for a run stopped by a signal: the abort reason bin.ts gives is the signal's name. */
export function exitCodeForSignal(signal: AbortSignal): number {
  return signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/**
 * A failure the user can act on: its message is printed as one line, without a stack trace unless
 * `--debug`. Library code throws its own errors; the CLI maps them here.
 */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** Stable name for `--json` consumers. */
    readonly code: string = 'USAGE',
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
