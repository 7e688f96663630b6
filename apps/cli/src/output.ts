/**
 * One convention for every command's output. Without --json: lines for people on stdout, progress
 * and errors on stderr. With --json: stdout is NDJSON, one JSON object per line. Events (apply's
 * progress) come first and always have a `type`; the last line is the result, which never has one:
 * the command's data, or `{"error": {...}}` when it failed (the error's one line still goes to stderr).
 */
import { printable } from './safe-output.js';

/** What a command returns: data for `--json`, lines for people, and the exit code. */
export interface CommandResult<T> {
  data: T;
  lines: string[];
  exitCode: number;
}

export interface OutputStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function printResult<T>(result: CommandResult<T>, json: boolean, streams: OutputStreams): void {
  if (json) streams.stdout(`${JSON.stringify(result.data)}\n`);
  else if (result.lines.length > 0) streams.stdout(`${result.lines.join('\n')}\n`);
}

export interface ErrorDocument {
  error: { code: string; message: string; file: string | null; line: number | null; column: number | null };
}

interface ErrorLike {
  code?: unknown;
  reason?: unknown;
  position?: { file?: string; line?: number; column?: number };
  name?: string;
  message?: string;
}

/** The `--json` form of a failure. A SchemaError (core) carries its position apart from its reason. */
export function toErrorDocument(error: unknown, fallbackCode: string): ErrorDocument {
  const failure = (error ?? {}) as ErrorLike;
  const position = failure.position;
  const schemaError = failure.name === 'SchemaError';
  // Our errors carry an UPPER_SNAKE code; an AWS service error is known by its name (ValidationException).
  const serviceError = typeof failure.name === 'string' && '$metadata' in (failure as object) && /^[A-Z][A-Za-z]+$/.test(failure.name);
  const code =
    typeof failure.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(failure.code) ? failure.code : schemaError ? 'SCHEMA_INVALID' : serviceError ? failure.name! : fallbackCode;
  const message = schemaError && typeof failure.reason === 'string' ? failure.reason : error instanceof Error ? error.message : String(error);
  return {
    error: {
      code,
      message: printable(message),
      file: position?.file ?? null,
      line: position?.line ?? null,
      column: position?.column ?? null,
    },
  };
}
