/**
 * PowerShell without PowerShell (none can be installed here): each script is parsed by the
 * tree-sitter PowerShell grammar, every `aws` call is extracted from the syntax tree with the
 * script's default parameters, compared as effective requests with the calls the bash script made,
 * then executed against the engine in the order the script runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { extractAwsInvocations, extractTableTextQueries, findNativeCommands, parsePowerShell } from '@ddb-migrations/test-support';
import { toCreateTableInput, type TableSchema } from '@ddb-migrations/core';
import { canonicalJson, describeRequest, runAws, type EffectiveRequest, type RecordedCall, type RequestResolver } from './aws-cli.js';
import { artifactsWith, userEnvironment, waitUntilTableActive, type PathContext } from './paths.js';

/**
 * The one request bash may skip that PowerShell lists: tag-resource, which both scripts send only
 * when create-table did not already apply the tags (engines that honour create-time tags).
 */
const SKIPPABLE_IN_BASH = new Set(['TagResource']);

const isReadOnly = (args: string[]) => /^(describe|list)-/.test(args[1] ?? '');
/** `aws --version`: the scripts' CLI version check, which sends no request. */
const isVersionCheck = (args: string[]) => args[0] === '--version';

/** A PowerShell call's arguments with `<ResourcePolicyUri>` as the script resolves it: the policy file next to `script`. */
export function withPolicyFile(args: string[], artifacts: string, script: string): string[] {
  const uri = `file://${join(artifacts, script.replace(/\.ps1$/, '.resource-policy.json'))}`;
  return args.map((arg) => (arg === '<ResourcePolicyUri>' ? uri : arg));
}

/**
 * Functions whose calls both scripts send only to a table that already existed before the run (the
 * on-demand caps and warm throughput they bring to the schema, the policy they attach when it has
 * none): a bash run that created the table skips them, while PowerShell's static listing has them all.
 */
const EXISTING_TABLE_ONLY = new Set(['Set-Throughput', 'Set-ResourcePolicy']);
/** Queries read only after such an update: whether DynamoDB still applies the warm throughput. */
const AFTER_UPDATE_ONLY_QUERY = /WarmThroughput\.Status$/;

/** Bash's recorded arguments with the live table ARN replaced by PowerShell's placeholder. */
function withArnPlaceholder(argv: string[]): string[] {
  return argv.map((arg, i) => (argv[i - 1] === '--resource-arn' && arg.startsWith('arn:') ? '<TableArn>' : arg));
}

export interface PowerShellComparison {
  script: string;
  requests: number;
  /** Requests PowerShell lists that this bash run did not need (see SKIPPABLE_IN_BASH and EXISTING_TABLE_ONLY). */
  skippedByBash: string[];
}

async function compareWithBash(
  script: string,
  invocations: string[][],
  existingTableOnly: string[][],
  bashCalls: RecordedCall[],
  resolver: RequestResolver,
  cwd: string,
  table: TableSchema,
): Promise<PowerShellComparison> {
  const resolveAll = async (argvs: string[][]) => {
    const requests: EffectiveRequest[] = [];
    for (const argv of argvs) requests.push(await resolver.resolve(argv, cwd));
    return new Map(requests.map((request) => [describeRequest(request), request]));
  };
  const fromPowerShell = await resolveAll(invocations);
  const skippable = await resolveAll(existingTableOnly);
  assertSameCreateTable(script, [...fromPowerShell.values()], table);
  const fromBash = await resolveAll(bashCalls.filter((call) => !isVersionCheck(call.argv)).map((call) => withArnPlaceholder(call.argv)));
  const onlyInBash = [...fromBash.keys()].filter((key) => !fromPowerShell.has(key));
  const onlyInPowerShell = [...fromPowerShell.entries()].filter(([key]) => !fromBash.has(key));
  const unexplained = onlyInPowerShell.filter(([key, request]) => !SKIPPABLE_IN_BASH.has(request.operation) && !skippable.has(key));
  if (onlyInBash.length > 0 || unexplained.length > 0) {
    throw new Error(
      `${script}: PowerShell and bash send different requests.\n` +
        `  only bash: ${onlyInBash.join('\n            ') || '(none)'}\n` +
        `  only PowerShell: ${unexplained.map(([key]) => key).join('\n                   ') || '(none)'}`,
    );
  }
  return { script, requests: fromPowerShell.size, skippedByBash: onlyInPowerShell.map(([key]) => key) };
}

/**
 * The CreateTable request the CLI built from the scripts' shorthand must be the SDK path's request
 * (less deletion protection, which the scripts set afterwards for CLIs older than 2.10). This is the
 * only live check of settings no engine here stores, such as the table class.
 */
function assertSameCreateTable(script: string, requests: EffectiveRequest[], table: TableSchema): void {
  const created = requests.filter((request) => request.operation === 'CreateTable');
  const { DeletionProtectionEnabled: _setLater, ...input } = toCreateTableInput(table);
  const expected = canonicalJson(input);
  if (created.length !== 1 || created[0]!.body !== expected) {
    throw new Error(`${script}: create-table sends ${created.map((request) => request.body).join(' and ') || 'nothing'}\n  expected ${expected}`);
  }
}

/** Runs one script's extracted calls: create-table first, then the rest in the order written. */
async function execute(context: PathContext, aws: string, tableName: string, invocations: string[][], firstQuery: string): Promise<void> {
  const env = userEnvironment(context.region);
  const connection = ['--endpoint-url', context.endpoint, '--region', context.region];
  const ordered = [...invocations.filter((args) => args[1] === 'create-table'), ...invocations.filter((args) => args[1] !== 'create-table')];
  for (const template of ordered) {
    let args = template.map((arg) => (arg === '<Query>' ? firstQuery : arg));
    if (args.includes('<TableArn>')) {
      const { Table } = await context.client.send(new DescribeTableCommand({ TableName: tableName }));
      args = args.map((arg) => (arg === '<TableArn>' ? Table!.TableArn! : arg));
    }
    await runAws(aws, [...args, ...connection], env, context.fixture.artifacts);
    if (!isReadOnly(args)) await waitUntilTableActive(context.client, tableName);
  }
}

export async function runPowerShellPath(
  context: PathContext,
  aws: string,
  resolver: RequestResolver,
  bashCalls: Map<string, RecordedCall[]>,
): Promise<PowerShellComparison[]> {
  const comparisons: PowerShellComparison[] = [];
  for (const script of artifactsWith(context.fixture, '.ps1')) {
    const syntax = await parsePowerShell(readFileSync(join(context.fixture.artifacts, script), 'utf8'));
    if (syntax.problems.length > 0) throw new Error(`${script}: syntax errors ${JSON.stringify(syntax.problems)}`);
    const natives = findNativeCommands(syntax).filter((command) => command.name !== 'aws');
    if (natives.length > 0) throw new Error(`${script}: runs native commands other than aws: ${natives.map((c) => c.text).join(', ')}`);
    const queries = extractTableTextQueries(syntax);
    const stem = script.replace(/\.ps1$/, '');
    // Throws for any argument that cannot be resolved statically. The policy file is the one bash passed.
    const extracted = extractAwsInvocations(syntax)
      .map((call) => ({ ...call, args: withPolicyFile(call.args, context.fixture.artifacts, script) }))
      .filter((call) => !isVersionCheck(call.args));
    const invocations = extracted.map(({ args }) => args);
    const existingTableOnly = extracted.filter((call) => call.inFunction !== null && EXISTING_TABLE_ONLY.has(call.inFunction)).map(({ args }) => args);
    const everyQuery = invocations.flatMap((args) =>
      args.includes('<Query>') ? queries.map((query) => args.map((arg) => (arg === '<Query>' ? query : arg))) : [args],
    );
    existingTableOnly.push(...everyQuery.filter((args) => AFTER_UPDATE_ONLY_QUERY.test(args[args.indexOf('--query') + 1] ?? '')));
    const bash = bashCalls.get(stem);
    if (!bash) throw new Error(`${script}: no bash script ${stem}.sh was run to compare with`);
    const tableName = String(syntax.parameterDefaults.TableName);
    const table = context.fixture.schema.tables.find((candidate) => candidate.name === tableName);
    if (!table) throw new Error(`${script}: its default table name ${tableName} is not in the schema`);
    comparisons.push(await compareWithBash(script, everyQuery, existingTableOnly, bash, resolver, context.fixture.artifacts, table));
    await execute(context, aws, tableName, invocations, queries[0]!);
  }
  return comparisons;
}
