import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { addConnectionOptions } from './connection-options.js';
import { ExitError, EXIT, exitCodeForSignal } from './errors.js';
import { printResult, toErrorDocument, type OutputStreams } from './output.js';
import { printable, redactCredentials } from './safe-output.js';

const { version: VERSION } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface RunContext {
  /** Aborted on SIGINT or SIGTERM (the reason is the signal's name): waits stop, exit 130 or 143 (local: 0). */
  signal?: AbortSignal;
  /** Asks the user a yes/no question on the terminal; absent when there is none to ask. */
  confirm?: (question: string) => Promise<boolean>;
  /** stderr is a terminal: show live progress. */
  tty?: boolean;
  /** Colours allowed: a terminal and no NO_COLOR. */
  color?: boolean;
}

interface TableFlags {
  schema?: string;
  table?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  dbPath?: string;
  json?: boolean;
  timeout?: string;
  pruneIndexes?: boolean;
  yes?: boolean;
}

/** Said in every table command's --help; the numbers come from packages/apply/src/client.ts. */
const CONNECTION_HELP = `
Connection: every request has a 3 s connect timeout and a 10 s request timeout and is tried 4 times,
so an endpoint that never answers fails the command with one line and exit 1 within 45 seconds
(throttling answers, from an endpoint that is alive, are retried up to 8 times with backoff).
With --json, stdout is NDJSON: events (apply) carry a "type", the last line is the result or {"error": {...}}.
Exit codes: 0 done / in sync, 1 error or refused, 2 differences (plan, verify), 130 SIGINT, 143 SIGTERM.`;

function addTableOptions(command: Command, withPrune: boolean): Command {
  addConnectionOptions(
    command
      .option('--schema <file>', 'schema file (default: ddb-migrations.yaml if present, else the built-in shopify_sessions table)')
      .option('--table <name>', 'only this table of the schema (for a one-table schema: apply it under this name)'),
  );
  if (withPrune) command.option('--prune-indexes', 'delete global secondary indexes that are not in the schema (apply asks first)');
  if (command.name() === 'apply') {
    command.option('--yes', 'confirm what --prune-indexes deletes without asking (needed without a terminal)');
    command.option('--timeout <seconds>', 'give up waiting for ACTIVE after this long', '600');
  }
  return command.addHelpText('after', CONNECTION_HELP);
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ExitError(EXIT.error, `invalid --timeout "${value}": expected a positive number of seconds`);
  return seconds;
}

/**
 * Parses flags and dispatches; commands are imported lazily so `generate` never loads what `apply`
 * needs. Returns the exit code instead of exiting, so tests can call it in-process.
 */
export async function run(argv: string[], cwd: string, streams: OutputStreams, context: RunContext = {}): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = new Command('ddb-migrate')
    .description('Keep DynamoDB tables in code: one schema, every setup artifact, applied and verified.')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr })
    .exitOverride();

  program
    .command('init')
    .description('write an editable ddb-migrations.yaml of the built-in shopify_sessions schema (never overwrites)')
    .option('--schema <file>', 'file to write', 'ddb-migrations.yaml')
    .option('--json', 'print the result as JSON')
    .action(async (options: { schema: string; json?: boolean }) => {
      const { init } = await import('./commands/init.js');
      const result = await init({ cwd, schema: options.schema });
      printResult(result, options.json ?? false, streams);
      exitCode = result.exitCode;
    });

  program
    .command('generate')
    .description('write the setup artifacts (scripts, CloudFormation, Terraform, README, IAM policy) for the schema')
    .option('--schema <file>', 'schema file (default: ddb-migrations.yaml if present, else the built-in shopify_sessions table)')
    .option('--out <dir>', 'output folder', 'dynamodb-migrations')
    .option('--check', 'write nothing; exit 2 naming each file that differs')
    .addOption(new Option('--cloudformation-format <format>', 'write the CloudFormation template as json or yaml').choices(['json', 'yaml']).default('json'))
    .option('--terraform-import', 'also write imports.tf: Terraform import blocks that adopt existing tables')
    .addOption(new Option('--json', 'print the result as JSON'))
    .action(async (options: { schema?: string; out: string; check?: boolean; json?: boolean; cloudformationFormat: 'json' | 'yaml'; terraformImport?: boolean }) => {
      const { generate } = await import('./commands/generate.js');
      const result = await generate({
        cwd,
        schema: options.schema,
        out: options.out,
        check: options.check,
        cloudFormationFormat: options.cloudformationFormat,
        terraformImport: options.terraformImport,
      });
      printResult(result, options.json ?? false, streams);
      exitCode = result.exitCode;
    });

  const tableCommand = (name: 'plan' | 'apply' | 'verify', description: string) =>
    addTableOptions(program.command(name).description(description), name !== 'verify').action(async (flags: TableFlags) => {
      const commands = { plan: () => import('./commands/plan.js'), apply: () => import('./commands/apply.js'), verify: () => import('./commands/verify.js') };
      const module = (await commands[name]()) as unknown as Record<typeof name, (options: object) => Promise<import('./output.js').CommandResult<unknown>>>;
      const result = await module[name]({
        cwd,
        ...flags,
        timeoutSeconds: flags.timeout === undefined ? undefined : parseTimeout(flags.timeout),
        streams,
        signal: context.signal,
        tty: context.tty,
        color: context.color,
        confirm: context.confirm,
      });
      // apply --json streams its events as JSON lines; its summary is one more line.
      printResult(result, flags.json ?? false, streams);
      exitCode = result.exitCode;
    });
  tableCommand('plan', 'show the steps apply would run (exit 2 when there are any)');
  tableCommand('apply', 'create or update the tables to match the schema; never deletes or replaces a table');
  tableCommand('verify', 'compare the live tables with the schema (exit 2 naming each difference)');

  // pull and prune-sessions: their flags and dispatch live in commands/session-commands.ts.
  const { registerSessionCommands } = await import('./commands/session-commands.js');
  registerSessionCommands(program, { cwd, streams, context, setExitCode: (code) => (exitCode = code) });

  program
    .command('local')
    .description('serve the embedded DynamoDB-compatible engine (dynalite) and print the variables an app needs')
    .option('--port <port>', 'port to listen on', '8000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db-path <dir>', 'where data is kept', '.ddb-local')
    .option('--in-memory', 'keep no data on disk')
    .option('--json', 'print the endpoint and variables as JSON')
    .action(async (flags: { port: string; host: string; dbPath: string; inMemory?: boolean; json?: boolean }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ExitError(EXIT.error, `invalid --port "${flags.port}"`);
      const { local } = await import('./commands/local.js');
      exitCode = await local({ cwd, ...flags, port, streams, signal: context.signal ?? new AbortController().signal });
    });

  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successful exits; a usage error has been printed already.
      if (error.exitCode === 0) return EXIT.ok;
      if (json) streams.stdout(`${JSON.stringify(toErrorDocument(new ExitError(EXIT.error, error.message.replace(/^error: /, '')), 'USAGE'))}\n`);
      return EXIT.error;
    }
    if (context.signal?.aborted) {
      // Whatever the interrupted call threw (an SDK AbortError, say), the user pressed Ctrl+C or the system
      // asked us to stop. A command that says how far it got (prune-sessions) keeps its own words.
      const own = error instanceof Error && (error as { exitCode?: unknown }).exitCode === 130 ? error.message : undefined;
      const message = own ?? 'interrupted; run the same command again to finish';
      streams.stderr(`ddb-migrate: ${message}\n`);
      if (json) streams.stdout(`${JSON.stringify(toErrorDocument(Object.assign(new Error(message), { code: 'INTERRUPTED' }), 'INTERRUPTED'))}\n`);
      return exitCodeForSignal(context.signal);
    }
    const code = (error as { exitCode?: unknown }).exitCode;
    streams.stderr(`ddb-migrate: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    if (json) streams.stdout(`${JSON.stringify(toErrorDocument(error, 'FAILED'))}\n`);
    if (debug && error instanceof Error && error.stack) streams.stderr(`${redactCredentials(error.stack)}\n`);
    return typeof code === 'number' ? code : EXIT.error;
  }
}
