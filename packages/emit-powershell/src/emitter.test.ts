import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsCliRequirementOf, canonicalSchema, DESCRIBE_QUERIES, toCreateTableCliOptions, toCreateTableScript, type Schema, type TableSchema } from '@ddb-migrations/core';
import {
  extractAwsInvocations,
  extractTableTextQueries,
  findNativeCommands,
  parsePowerShell,
  richSchema,
  type AwsInvocation,
  type PowerShellSyntax,
} from '@ddb-migrations/test-support';
import { emitPowerShell } from './index.js';

const committedCanonical = readFileSync(new URL('../../../dynamodb-migrations/create-sessions-table.ps1', import.meta.url));

interface Script {
  /** `canonical` or `rich`: the golden folder. */
  set: string;
  path: string;
  table: TableSchema;
  contents: string;
  syntax: PowerShellSyntax;
}

async function render(set: string, schema: Schema): Promise<Script[]> {
  const files = emitPowerShell(schema).files.filter((file) => file.path.endsWith('.ps1'));
  return Promise.all(
    files.map(async (file, i) => ({ set, path: file.path, table: schema.tables[i]!, contents: file.contents, syntax: await parsePowerShell(file.contents) })),
  );
}

const canonicalScripts = await render('canonical', canonicalSchema);
const richScripts = await render('rich', richSchema());
const scripts = [...canonicalScripts, ...richScripts];
const canonical = canonicalScripts[0]!;
const [orders, events] = richScripts;

/** The create-table call the script should make for `table`: the core's CLI options, flattened. */
const expectedCreateTable = (table: TableSchema, tableName = table.name) => [
  'dynamodb', 'create-table', '--table-name', tableName,
  ...toCreateTableCliOptions(table).flat(),
  ...(table.resourcePolicy ? ['--resource-policy', '<ResourcePolicyUri>'] : []),
  '--output', 'text', '--query', 'TableDescription.TableStatus',
];

/** The throughput checks and contributor insights targets of `table`, as the core describes them. */
const throughputOf = (table: TableSchema) => toCreateTableScript(table).throughput ?? [];
const insightsOf = (table: TableSchema) => toCreateTableScript(table).contributorInsights ?? [];

/** The `dynamodb` subcommands in document order: functions first, then the top-level probe. */
function expectedSubcommands(table: TableSchema): string[] {
  return [
    ...(awsCliRequirementOf(table) ? ['--version'] : []), // before any AWS call
    'describe-table', // Get-TableText
    'create-table',
    ...(table.timeToLiveAttribute ? ['describe-time-to-live', 'update-time-to-live'] : []),
    ...(table.pointInTimeRecovery ? ['describe-continuous-backups', 'update-continuous-backups'] : []),
    ...throughputOf(table).map(() => 'update-table'),
    ...insightsOf(table).flatMap(() => ['describe-contributor-insights', 'update-contributor-insights']),
    ...(table.deletionProtection ? ['update-table'] : []),
    ...(table.tags.length > 0 ? ['list-tags-of-resource', 'tag-resource'] : []),
    ...(table.resourcePolicy ? ['get-resource-policy', 'put-resource-policy'] : []),
    'describe-table', // the probe at script level
  ];
}

/** The `Get-TableText '...'` queries in document order. */
function expectedTableTextQueries(table: TableSchema): string[] {
  return [
    DESCRIBE_QUERIES.keySchema,
    DESCRIBE_QUERIES.attributeDefinitions,
    DESCRIBE_QUERIES.indexes,
    ...(table.localSecondaryIndexes.length > 0 ? [DESCRIBE_QUERIES.localIndexes] : []),
    DESCRIBE_QUERIES.status,
    ...throughputOf(table).flatMap((check) => [check.query.word, ...(check.statusQuery ? [check.statusQuery.word] : [])]),
    ...(table.deletionProtection ? ['Table.DeletionProtectionEnabled'] : []),
    ...(table.tags.length > 0 ? ['Table.TableArn'] : []),
    ...(table.resourcePolicy ? ['Table.TableArn'] : []),
    'Table.TableArn', // the final "is ACTIVE" message
  ];
}

const invocation = (invocations: AwsInvocation[], subcommand: string) => invocations.filter((call) => call.args[1] === subcommand);
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('emitPowerShell', () => {
  it('renders the canonical script byte for byte as committed', async () => {
    expect(canonical.path).toBe('create-sessions-table.ps1');
    await expect(canonical.contents).toMatchFileSnapshot('../../../dynamodb-migrations/create-sessions-table.ps1');
    expect(Buffer.from(canonical.contents, 'utf8').equals(committedCanonical)).toBe(true);
  });

  it('renders one script per table of a multi-table schema', async () => {
    expect(richScripts.map((script) => script.path)).toEqual(['create-orders-table.ps1', 'create-app-events-table.ps1', 'create-app-sessions-table.ps1']);
    for (const script of richScripts) await expect(script.contents).toMatchFileSnapshot(`./__golden__/rich/${script.path}`);
  });

  it('writes the resource policy next to the script, the same file as the bash emitter', () => {
    const files = emitPowerShell(richSchema()).files;
    expect(files.map((file) => file.path)).toContain('create-orders-table.resource-policy.json');
    const policy = files.find((file) => file.path.endsWith('.json'))!;
    expect(JSON.parse(policy.contents)).toEqual(richSchema().tables[0]!.resourcePolicy);
    expect(orders!.contents).toContain("$ResourcePolicyUri = 'file://' + [IO.Path]::Combine($PSScriptRoot, 'create-orders-table.resource-policy.json')");
  });
});

describe.each(scripts.map((script) => [`${script.set}/${script.path}`, script] as const))('%s', (_name, script) => {
  const { contents, syntax, table } = script;
  const invocations = extractAwsInvocations(syntax);

  it('parses without ERROR or MISSING nodes', () => {
    expect(syntax.problems).toEqual([]);
    expect(syntax.tree.rootNode.hasError).toBe(false);
  });

  it('is ASCII with LF line ends and no BOM', () => {
    expect(contents.charCodeAt(0)).not.toBe(0xfeff);
    expect(contents).not.toContain('\r');
    expect([...contents].filter((c) => c.charCodeAt(0) > 0x7e || (c < ' ' && c !== '\n'))).toEqual([]);
    expect(contents.endsWith('\n')).toBe(true);
  });

  it('turns on strict mode before any AWS call', () => {
    const lineOf = (pattern: RegExp) => contents.split('\n').findIndex((line) => pattern.test(line)) + 1;
    const strict = lineOf(/^Set-StrictMode -Version \d+(\.\d+)?$/);
    expect(strict).toBeGreaterThan(0);
    expect(lineOf(/^\$ErrorActionPreference = 'Stop'$/)).toBeGreaterThan(0);
    expect(strict).toBeLessThan(Math.min(...invocations.map((call) => call.line)));
  });

  it('runs aws only once, as "& aws @Arguments", and reads $LASTEXITCODE right after', () => {
    const natives = findNativeCommands(syntax);
    expect(natives).toHaveLength(1);
    expect(natives[0]).toMatchObject({ name: 'aws', text: '& aws @Arguments 2>&1' });
    expect(natives[0]!.nextStatement).toMatch(/^\$\w+ = \$LASTEXITCODE$/);
    expect(invocations.length).toBeGreaterThan(0);
  });

  it('checks the result of every Invoke-AwsCli call', () => {
    // Rule: the result is assigned to $x, and the very next statement is `Assert-AwsSuccess $x ...`
    // or an `if ($x.ExitCode -eq|-ne 0)` that branches on it.
    for (const call of invocations) {
      expect(call.assignedTo, `line ${call.line}`).not.toBeNull();
      const x = call.assignedTo!;
      const checked = new RegExp(`^(Assert-AwsSuccess \\$${x} |if \\(\\$${x}\\.ExitCode -(eq|ne) 0\\) \\{$)`);
      expect(call.nextStatement, `line ${call.line}`).toMatch(checked);
    }
  });

  it('passes no inline JSON to the AWS CLI', () => {
    for (const call of invocations) {
      for (const arg of call.args) {
        expect(arg, `line ${call.line}`).not.toMatch(/^\s*[[{]/);
        expect(arg, `line ${call.line}`).not.toContain('"');
      }
    }
  });

  it('defaults TableName to the schema table name and uses it in every call', () => {
    expect(syntax.parameterDefaults).toEqual({ TableName: table.name, Region: '', AwsProfile: '', EndpointUrl: '', TimeoutSeconds: 600 });
    for (const call of invocations.filter((c) => c.args.includes('--table-name'))) {
      expect(valueAfter(call.args, '--table-name')).toBe(table.name);
    }
  });

  it('creates the table with exactly the core create-table options', () => {
    const creates = invocation(invocations, 'create-table');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.args).toEqual(expectedCreateTable(table));
    expect(creates[0]!.inFunction).toBe('New-Table');
  });

  it('substitutes the TableName parameter and appends $connection to every call', () => {
    const connection = ['--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:8000'];
    const other = extractAwsInvocations(syntax, { parameters: { TableName: 'other_name' }, connection });
    expect(other.map((call) => call.line)).toEqual(invocations.map((call) => call.line));
    expect(invocation(other, 'create-table')[0]!.args).toEqual([...expectedCreateTable(table, 'other_name'), ...connection]);
    for (const [i, call] of other.entries()) {
      // `aws --version` is the one call that goes nowhere: it only reads the local CLI.
      if (call.args[0] === '--version') {
        expect(call.args).toEqual(['--version']);
        continue;
      }
      expect(call.args.slice(-connection.length)).toEqual(connection);
      expect(call.args.slice(0, -connection.length)).toEqual(invocations[i]!.args.map((arg) => (arg === table.name ? 'other_name' : arg)));
    }
  });

  it('makes the post-create calls exactly when the schema asks for them', () => {
    expect(invocations.map((call) => call.args.slice(0, 2))).toEqual(expectedSubcommands(table).map((sub) => (sub === '--version' ? [sub] : ['dynamodb', sub])));
    expect(extractTableTextQueries(syntax)).toEqual(expectedTableTextQueries(table));

    const ttl = invocation(invocations, 'update-time-to-live');
    expect(ttl.map((call) => valueAfter(call.args, '--time-to-live-specification'))).toEqual(
      table.timeToLiveAttribute ? [`Enabled=true,AttributeName=${table.timeToLiveAttribute}`] : [],
    );
    const pitr = invocation(invocations, 'update-continuous-backups');
    expect(pitr.map((call) => valueAfter(call.args, '--point-in-time-recovery-specification'))).toEqual(
      table.pointInTimeRecovery ? [`PointInTimeRecoveryEnabled=true${table.recoveryPeriodInDays ? `,RecoveryPeriodInDays=${table.recoveryPeriodInDays}` : ''}`] : [],
    );
    const updates = invocation(invocations, 'update-table');
    expect(updates.map((call) => call.args.slice(4))).toEqual([
      ...throughputOf(table).map((check) => check.update.options[1]),
      ...(table.deletionProtection ? [['--deletion-protection-enabled']] : []),
    ]);
    const enables = invocation(invocations, 'update-contributor-insights');
    const indexNames = [...(table.contributorInsights ? [undefined] : []), ...table.globalSecondaryIndexes.filter((index) => index.contributorInsights).map((index) => index.name)];
    expect(enables.map((call) => (call.args.includes('--index-name') ? valueAfter(call.args, '--index-name') : undefined))).toEqual(indexNames);
    const tagging = invocation(invocations, 'tag-resource');
    const tagArguments = table.tags.map((tag) => `Key=${tag.key},Value=${tag.value}`);
    expect(tagging.map((call) => call.args)).toEqual(
      table.tags.length > 0 ? [['dynamodb', 'tag-resource', '--resource-arn', '<TableArn>', '--tags', ...tagArguments]] : [],
    );
  });
});

describe('feature coverage of the fixtures', () => {
  it('the canonical script makes none of the post-create calls', () => {
    const subcommands = extractAwsInvocations(canonical.syntax).map((call) => call.args[1]);
    expect(subcommands).toEqual(['describe-table', 'create-table', 'describe-table']);
    for (const setting of ['update-time-to-live', 'update-continuous-backups', 'update-table', 'tag-resource']) {
      expect(subcommands).not.toContain(setting);
    }
    expect(canonical.contents).not.toContain('--deletion-protection-enabled');
  });

  it('the canonical create-table call is exactly the documented one', () => {
    const create = (options?: Parameters<typeof extractAwsInvocations>[1]) =>
      invocation(extractAwsInvocations(canonical.syntax, options), 'create-table')[0]!.args;
    const expected = [
      'dynamodb', 'create-table', '--table-name', 'shopify_sessions',
      '--attribute-definitions', 'AttributeName=id,AttributeType=S', 'AttributeName=shop,AttributeType=S',
      '--key-schema', 'AttributeName=id,KeyType=HASH',
      '--billing-mode', 'PAY_PER_REQUEST',
      '--global-secondary-indexes', 'IndexName=shop_index,KeySchema=[{AttributeName=shop,KeyType=HASH}],Projection={ProjectionType=ALL}',
      '--output', 'text', '--query', 'TableDescription.TableStatus',
    ];
    expect(create()).toEqual(expected);
    expect(create({ parameters: { TableName: 'other_name' } })).toEqual(expected.map((arg) => (arg === 'shopify_sessions' ? 'other_name' : arg)));
  });

  it('the rich orders table uses every post-create setting, the events table tags and throughput', () => {
    const subcommands = (script: Script) => new Set(extractAwsInvocations(script.syntax).map((call) => call.args[1]));
    expect([...subcommands(orders!)]).toEqual(
      expect.arrayContaining(['update-time-to-live', 'update-continuous-backups', 'update-contributor-insights', 'update-table', 'tag-resource']),
    );
    const eventCalls = subcommands(events!);
    expect(eventCalls.has('tag-resource')).toBe(true);
    // update-table: the on-demand caps and warm throughput of a table that already existed.
    expect(eventCalls.has('update-table')).toBe(true);
    for (const setting of ['update-time-to-live', 'update-continuous-backups', 'update-contributor-insights']) expect(eventCalls.has(setting)).toBe(false);
  });

  it('reads the described table and its tags through the documented placeholders', () => {
    const calls = extractAwsInvocations(orders!.syntax);
    expect(invocation(calls, 'describe-table')[0]!.args).toEqual(['dynamodb', 'describe-table', '--table-name', 'app_orders', '--output', 'text', '--query', '<Query>']);
    expect(invocation(calls, 'list-tags-of-resource')[0]!.args).toEqual([
      'dynamodb', 'list-tags-of-resource', '--resource-arn', '<TableArn>', '--output', 'text', '--query', 'Tags[].[Key,Value]',
    ]);
  });
});

describe('negative controls for the PowerShell analysis', () => {
  it('reports a script with one closing brace removed', async () => {
    const broken = canonical.contents.replace(/\n}\n/, '\n\n');
    expect(broken).not.toBe(canonical.contents);
    const syntax = await parsePowerShell(broken);
    expect(syntax.problems.length).toBeGreaterThan(0);
    expect(syntax.tree.rootNode.hasError).toBe(true);
  });

  it('refuses arguments it cannot resolve statically', async () => {
    const rejects = async (source: string, message: RegExp) => {
      const syntax = await parsePowerShell(source);
      expect(syntax.problems, source).toEqual([]);
      expect(() => extractAwsInvocations(syntax), source).toThrow(message);
    };
    await rejects("Invoke-AwsCli -Arguments (@('dynamodb', $unknownVar))\n", /^line 1: cannot resolve statically: \$unknownVar$/);
    await rejects('Invoke-AwsCli -Arguments (@(\'dynamodb\', "describe-$x"))\n', /cannot resolve statically: "describe-\$x"/);
    await rejects("Invoke-AwsCli -Arguments (@('dynamodb', $connection))\n", /cannot resolve statically: \$connection/);
    await rejects("Invoke-AwsCli -Arguments (@('dynamodb') + $extra)\n", /cannot resolve statically: \$extra/);
    // A placeholder outside its function, and a script parameter shadowed by a local variable.
    await rejects("\n\nInvoke-AwsCli -Arguments (@('dynamodb', $Query))\n", /^line 3: cannot resolve statically: \$Query$/);
    await rejects("param([string]$T = 'a')\nfunction F {\n    $T = 'b'\n    Invoke-AwsCli -Arguments (@($T))\n}\n", /^line 4: .*\$T$/);
    await rejects("Invoke-AwsCli @('dynamodb')\n", /expected exactly "-Arguments <value>"/);
    await expect(parsePowerShell('param([string]$T = $env:T)\n')).rejects.toThrow(/non-literal default of \$T/);
  });

  it('resolves escaped quotes, case-insensitive names and parameter overrides', async () => {
    const syntax = await parsePowerShell("param([string]$T = 'it''s')\ninvoke-awscli -arguments (@('a''b', $t) + $Connection)\n");
    expect(syntax.problems).toEqual([]);
    expect(extractAwsInvocations(syntax, { connection: ['--region', 'x'] })[0]!.args).toEqual(["a'b", "it's", '--region', 'x']);
    expect(extractAwsInvocations(syntax, { parameters: { t: 'u' } })[0]!.args).toEqual(["a'b", 'u']);
  });

  it('finds native commands other than aws', async () => {
    const syntax = await parsePowerShell("function F { Write-Host 'x' }\nF\n& aws s3 ls\ncurl.exe -s http://x\n& $tool\n");
    expect(findNativeCommands(syntax).map(({ name, line }) => [name, line])).toEqual([['aws', 3], ['curl.exe', 4], ['$tool', 5]]);
  });
});
