import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { quietDdbMigrateCache } from '@ddb-migrations/test-support';
import { startBenchEngine } from './local-engine.js';
import { alternate, exitedZero, type Contender, type RunResult } from './process-timing.js';
import { markdownTable, type BenchOptions, type Goal, type Section } from './section.js';
import { ms, range, ratio, summarize, times } from './stats.js';
import { awsEnvironment, chooseAwsCli, CLI_BIN, missingTool, type AwsCli } from './tools.js';

/**
 * How long the engine keeps every new table CREATING, for every contender. Not 500 ms: the AWS CLI
 * takes ~0.4-0.5 s to start, so `wait table-exists`'s first read raced a 500 ms creation and saw the
 * table ACTIVE about half the time, skipping its 20 s sleep, which real DynamoDB (seconds to create a
 * table) never lets it do. At 1 s the first read always sees CREATING, as it would on AWS.
 */
export const ENGINE_DELAY_MS = 1000;
export const GOALS = { applyVsWaiterAtLeast: 10, applyOverDelayAtMostMs: 500, scriptVsWaiterAtLeast: 5 } as const;

/**
 * The AWS CLI path a team writes by hand: create the table, then the CLI's own waiter. The waiter polls
 * DescribeTable every 20 s (and checks only the table status), so a table ready in 0.5 s is seen at ~20 s.
 */
const CREATE_THEN_WAIT = `set -eu
aws --endpoint-url "$1" dynamodb create-table --table-name "$2" \\
  --attribute-definitions AttributeName=id,AttributeType=S AttributeName=shop,AttributeType=S \\
  --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST \\
  --global-secondary-indexes 'IndexName=shop_index,KeySchema=[{AttributeName=shop,KeyType=HASH}],Projection={ProjectionType=ALL}' \\
  --output text --query TableDescription.TableStatus >/dev/null
aws --endpoint-url "$1" dynamodb wait table-exists --table-name "$2"
`;

/**
 * From nothing to an ACTIVE shopify_sessions table (with its index) on the same local engine:
 * `ddb-migrate apply`, the generated bash script, and create-table + `aws dynamodb wait table-exists`.
 */
export async function timeToActiveBench(options: BenchOptions): Promise<Section> {
  const cwd = join(options.workDir, 'time-to-active');
  mkdirSync(cwd, { recursive: true });
  const engine = await startBenchEngine(ENGINE_DELAY_MS);
  try {
    const artifacts = join(cwd, 'dynamodb-migrations');
    execFileSync(process.execPath, [CLI_BIN, 'generate', '--out', artifacts], { cwd, stdio: 'ignore' });
    const awsCli = chooseAwsCli(options.workDir);
    const skipped = awsCli ? undefined : missingTool('no AWS CLI (looked for $DDB_BENCH_AWS_CLI, /usr/bin/aws, aws on PATH): the bash script and the CLI waiter were not run');

    const tableOf = (contender: string, run: number) => `tta_${contender}_${String(run + 1).padStart(3, '0')}`;
    const contender = (name: string, key: string, argsOf: (table: string) => { file: string; args: string[]; env: NodeJS.ProcessEnv }): Contender => ({
      name,
      prepare: (run) => ({ ...argsOf(tableOf(key, run)), cwd }),
      check: async (result, run) => {
        exitedZero(result);
        await engine.assertActive(tableOf(key, run));
      },
    });
    const applyEnv = awsEnvironment({ XDG_CACHE_HOME: quietDdbMigrateCache(join(options.workDir, 'xdg-cache')) });
    const cliEnv = (cli: AwsCli) => awsEnvironment({ PATH: `${cli.binDir}:${process.env.PATH ?? ''}` });
    const contenders: Contender[] = [
      contender('ddb-migrate apply', 'apply', (table) => ({
        file: process.execPath,
        args: [CLI_BIN, 'apply', '--endpoint-url', engine.endpoint, '--region', 'us-east-1', '--table', table],
        env: applyEnv,
      })),
    ];
    if (awsCli) {
      contenders.push(
        contender('generated bash script', 'bash', (table) => ({
          file: 'bash',
          args: [join(artifacts, 'create-sessions-table.sh'), '--endpoint-url', engine.endpoint, '--region', 'us-east-1', '--table-name', table],
          env: cliEnv(awsCli),
        })),
        contender('aws create-table + wait table-exists', 'waiter', (table) => ({
          file: 'bash',
          args: ['-c', CREATE_THEN_WAIT, 'create-then-wait', engine.endpoint, table],
          env: cliEnv(awsCli),
        })),
      );
    }

    options.log(`time to ACTIVE: ${contenders.map((c) => c.name).join(' vs ')} (engine delay ${ENGINE_DELAY_MS} ms)`);
    const timed = await alternate(contenders, options);
    return report(timed, contenders, awsCli, skipped);
  } finally {
    await engine.close();
  }
}

function report(timed: RunResult[][], contenders: Contender[], awsCli: AwsCli | undefined, skipped: string | undefined): Section {
  const msOf = timed.map((runs) => runs.map((run) => run.ms));
  const summaries = msOf.map(summarize);
  const [apply, bash, waiter] = summaries;
  const body = [
    `From no table to the table and its index ACTIVE, on dynalite in the bench process (127.0.0.1) with every new`,
    `table CREATING for **${ENGINE_DELAY_MS} ms**. Each run creates a fresh table and counts only if the engine then reports`,
    'the table and index ACTIVE. Whole processes, spawn to exit. Why 1 s and not 500 ms: the AWS CLI needs ~0.5 s to start,',
    "so with 500 ms the waiter's first read raced the creation and, about half the time, found the table ACTIVE and skipped",
    'its 20 s sleep, which real DynamoDB (seconds per table) never allows; at 1 s every contender sees CREATING first.',
    '',
    ...markdownTable(
      ['Command', 'Median', 'Min – max', 'Runs', 'Above the engine delay'],
      contenders.map((contender, index) => [`\`${contender.name}\``, ms(summaries[index]!.median), range(summaries[index]!), String(summaries[index]!.runs), ms(summaries[index]!.median - ENGINE_DELAY_MS)]),
    ),
    '',
  ];
  if (awsCli) {
    body.push(
      `AWS CLI for both CLI contenders: \`${awsCli.path}\` (${awsCli.version}), first on PATH as \`aws\`.`,
      'The bash script starts `aws` once per step: a describe to see whether the table exists, create-table, one describe',
      'per status poll (a second apart) and one for the ARN, so its time is mostly AWS CLI start-ups. The waiter path',
      'creates the table, then `wait table-exists` reads at once (CREATING) and again 20 s later.',
      '',
    );
  } else body.push(skipped!, '');

  const applyOverDelay = apply!.median - ENGINE_DELAY_MS;
  const goals: Goal[] = [
    {
      goal: `apply within ${GOALS.applyOverDelayAtMostMs} ms of the engine's ${ENGINE_DELAY_MS} ms delay`,
      met: applyOverDelay <= GOALS.applyOverDelayAtMostMs,
      result: `${ms(apply!.median)}: ${ms(applyOverDelay)} above it`,
    },
  ];
  const data: Record<string, unknown> = { engineDelayMs: ENGINE_DELAY_MS, applyMs: msOf[0], awsCli: awsCli ? { path: awsCli.path, version: awsCli.version } : null };
  if (awsCli && bash && waiter) {
    const applyVsWaiter = ratio(msOf[2]!, msOf[0]!);
    const scriptVsWaiter = ratio(msOf[2]!, msOf[1]!);
    body.push(
      `- waiter path / apply: **${times(applyVsWaiter.median)}** (per-round ${range(applyVsWaiter, times)})`,
      `- waiter path / bash script: **${times(scriptVsWaiter.median)}** (per-round ${range(scriptVsWaiter, times)})`,
    );
    goals.unshift({
      goal: `apply ≥ ${GOALS.applyVsWaiterAtLeast}× faster than create-table + wait table-exists`,
      met: applyVsWaiter.median >= GOALS.applyVsWaiterAtLeast,
      result: `${times(applyVsWaiter.median)} (${ms(waiter.median)} vs ${ms(apply!.median)})`,
    });
    goals.push({
      goal: `bash script ≥ ${GOALS.scriptVsWaiterAtLeast}× faster than create-table + wait table-exists`,
      met: scriptVsWaiter.median >= GOALS.scriptVsWaiterAtLeast,
      result: `${times(scriptVsWaiter.median)} (${ms(waiter.median)} vs ${ms(bash.median)})`,
    });
    Object.assign(data, { bashScriptMs: msOf[1], waiterMs: msOf[2], ratios: { waiterOverApply: applyVsWaiter, waiterOverScript: scriptVsWaiter } });
  } else {
    goals.unshift({ goal: `apply ≥ ${GOALS.applyVsWaiterAtLeast}× faster than create-table + wait table-exists`, met: undefined, result: skipped! });
    goals.push({ goal: `bash script ≥ ${GOALS.scriptVsWaiterAtLeast}× faster than create-table + wait table-exists`, met: undefined, result: skipped! });
  }
  return { title: 'Time to ACTIVE', body, goals, data };
}
