/**
 * Flags of `pull` and `prune-sessions`, kept out of cli.ts so that file stays a list of commands.
 * Both import their command module (and through it the AWS SDK) only when run.
 */
import type { Command } from 'commander';
import type { RunContext } from '../cli.js';
import { addConnectionOptions } from '../connection-options.js';
import { ExitError, EXIT } from '../errors.js';
import { printResult, type OutputStreams } from '../output.js';

export interface RegisterContext {
  cwd: string;
  streams: OutputStreams;
  context: RunContext;
  setExitCode(code: number): void;
}

interface ConnectionOptionFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  dbPath: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function positiveInteger(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new ExitError(EXIT.error, `invalid ${flag} "${value}": expected a whole number from 1 to ${max}`);
  return number;
}

export function registerSessionCommands(program: Command, { cwd, streams, context, setExitCode }: RegisterContext): void {
  addConnectionOptions(
    program
      .command('pull')
      .description('write the live tables as a schema file (ddb-migrations.yaml) that verify reports in sync')
      .option('--table <name>', 'pull this table (repeat for more; default: every table)', collect, [])
      .option('--out <file>', 'schema file to write', 'ddb-migrations.yaml')
      .option('--force', 'replace the file if it exists'),
  ).action(async (flags: ConnectionOptionFlags & { table: string[]; out: string; force?: boolean }) => {
    const { pull } = await import('./pull.js');
    const result = await pull({ cwd, ...flags, tables: flags.table, streams, signal: context.signal });
    printResult(result, flags.json ?? false, streams);
    setExitCode(result.exitCode);
  });

  addConnectionOptions(
    program
      .command('prune-sessions')
      .description('delete expired online Shopify sessions (isOnline true, expires in the past); nothing else')
      .option('--table <name>', 'sessions table', 'shopify_sessions')
      .option('--dry-run', 'count what would be deleted; delete nothing')
      .option('--rate <items>', 'at most this many deletes per second (default: as fast as the table allows)')
      .option('--segments <n>', 'parallel scan segments', '4'),
  ).action(async (flags: ConnectionOptionFlags & { table: string; dryRun?: boolean; rate?: string; segments: string }) => {
    const { pruneSessions } = await import('./prune-sessions.js');
    const result = await pruneSessions({
      cwd,
      ...flags,
      maxItemsPerSecond: positiveInteger('--rate', flags.rate, 1_000_000),
      segments: positiveInteger('--segments', flags.segments, 1_000_000)!,
      streams,
      signal: context.signal,
      tty: context.tty,
      color: context.color,
    });
    printResult(result, flags.json ?? false, streams);
    setExitCode(result.exitCode);
  });
}
