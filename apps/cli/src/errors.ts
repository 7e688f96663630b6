/** Exit codes used by every command. */
export const EXIT = { ok: 0, error: 1, differences: 2, interrupted: 130 } as const;

/**
 * A failure the user can act on: its message is printed as one line, without a stack trace unless
 * `--debug`. Library code throws its own errors; the CLI maps them here.
 */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
