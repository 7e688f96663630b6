import { Command, CommanderError, Option } from 'commander';
import { ExitError, EXIT } from './errors.js';
import { printResult, type OutputStreams } from './output.js';

const VERSION = '0.1.0';

/**
 * Parses flags and dispatches; commands are imported lazily so `generate` never loads what `apply`
 * needs. Returns the exit code instead of exiting, so tests can call it in-process.
 */
export async function run(argv: string[], cwd: string, streams: OutputStreams): Promise<number> {
  let exitCode: number = EXIT.ok;
  let debug = argv.includes('--debug');
  const program = new Command('ddb-migrate')
    .description('Keep DynamoDB tables in code: one schema, every setup artifact, applied and verified.')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr })
    .exitOverride();

  program
    .command('generate')
    .description('write the setup artifacts (scripts, CloudFormation, Terraform, README, IAM policy) for the schema')
    .option('--schema <file>', 'schema file (default: ddb-migrations.yaml if present, else the built-in shopify_sessions table)')
    .option('--out <dir>', 'output folder', 'dynamodb-migrations')
    .option('--check', 'write nothing; exit 2 naming each file that differs')
    .addOption(new Option('--json', 'print the result as JSON'))
    .action(async (options: { schema?: string; out: string; check?: boolean; json?: boolean }) => {
      const { generate } = await import('./commands/generate.js');
      const result = await generate({ cwd, schema: options.schema, out: options.out, check: options.check });
      printResult(result, options.json ?? false, streams);
      exitCode = result.exitCode;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    debug = program.opts<{ debug?: boolean }>().debug ?? debug;
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successful exits; a usage error has been printed already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    const code = (error as { exitCode?: unknown }).exitCode;
    streams.stderr(`ddb-migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    if (debug && error instanceof Error && error.stack) streams.stderr(`${error.stack}\n`);
    if (error instanceof ExitError || typeof code === 'number') return typeof code === 'number' ? code : EXIT.error;
    return EXIT.error;
  }
}
