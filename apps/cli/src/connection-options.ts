import type { Command } from 'commander';

/** The connection flags every command that talks to DynamoDB takes (see connection.ts for how they resolve). */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--region <region>', 'AWS region (default: the standard AWS configuration)')
    .option('--profile <profile>', 'AWS profile (default: AWS_PROFILE / default)')
    .option('--endpoint-url <url>', 'DynamoDB endpoint (default: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, AWS)')
    .option('--local', 'use the embedded local engine (data in .ddb-local/, or a running `ddb-migrate local`)')
    .option('--db-path <dir>', 'data folder of the embedded engine', '.ddb-local')
    .option('--json', 'machine-readable output');
}
