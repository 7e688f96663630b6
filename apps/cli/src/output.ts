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
