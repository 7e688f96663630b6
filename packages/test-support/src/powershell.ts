/**
 * Static analysis of generated PowerShell scripts with a real grammar (tree-sitter-powershell run by
 * web-tree-sitter), so tests can check syntax and the exact AWS CLI calls without running PowerShell.
 *
 * Resolution is deliberately strict: an AWS CLI argument resolves only when it is a single-quoted
 * literal, a script parameter (its value from the options, else its default: the script's own
 * `$TableName = $env:TABLE_NAME` is what the options model), `$connection` as the right operand of
 * `+`, or a documented placeholder ({@link AWS_ARGUMENT_PLACEHOLDERS}). Anything else throws, so a
 * template change that builds arguments dynamically fails the tests instead of slipping past them.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let languageLoad: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  languageLoad ??= Parser.init().then(() => Language.load(wasm));
  return languageLoad;
}

/** A syntax error (`ERROR` node) or a token the parser had to invent (`MISSING` node). 1-based. */
export interface PowerShellProblem {
  line: number;
  column: number;
  kind: 'ERROR' | 'MISSING';
  /** The erroneous source text (first 80 characters), or the missing node's type. */
  text: string;
}

/** A parsed script. `tree` is the raw tree-sitter tree for checks the helpers here do not cover. */
export interface PowerShellSyntax {
  source: string;
  tree: Tree;
  problems: PowerShellProblem[];
  /** Names (without `$`) of the script-level `param()` block, in declaration order. */
  parameters: string[];
  /** Literal defaults of the script parameters: single-quoted strings unescaped, decimal integers as
   *  numbers. Without a default: absent. Empty when the param block has syntax problems. */
  parameterDefaults: Record<string, string | number>;
  /** Names of the functions the script defines with `function Name`. */
  functions: string[];
}

/** One `Invoke-AwsCli -Arguments (...)` call, resolved statically. */
export interface AwsInvocation {
  /** 1-based line of the `Invoke-AwsCli` command. */
  line: number;
  /** The arguments `aws` receives, e.g. `['dynamodb', 'describe-table', ...]`. */
  args: string[];
  /** Variable (without `$`) the result is assigned to, or null when it is not assigned. */
  assignedTo: string | null;
  /** First line of the statement after the call's statement in the same block, or null. */
  nextStatement: string | null;
  /** Name of the function the call is written in, or null at script level. */
  inFunction: string | null;
}

/** A command the script runs that is neither a known cmdlet nor a function it defines. */
export interface NativeCommand extends Pick<AwsInvocation, 'line' | 'nextStatement'> {
  name: string;
  /** The whole command, e.g. `& aws @Arguments 2>&1`. */
  text: string;
}

/** Cmdlets the generated scripts may use; any other command that is not a script function is native. */
export const KNOWN_CMDLETS = ['Write-Host', 'Where-Object', 'ForEach-Object', 'Start-Sleep', 'Get-Command', 'Set-StrictMode'];

/**
 * Variables that are not script parameters but still resolve, each only inside one function and only
 * when bound as described:
 * - `$Query` in `Get-TableText` -> `'<Query>'`: the function's own parameter; the literal queries it is
 *   called with come from {@link extractTableTextQueries}.
 * - `$arn` in `Set-Tags` and `Set-ResourcePolicy` -> `'<TableArn>'`: assigned exactly once, from `Get-TableText 'Table.TableArn'`.
 * - `$ResourcePolicyUri` in `New-Table` and `Set-ResourcePolicy` -> `'<ResourcePolicyUri>'`: assigned exactly once.
 */
export const AWS_ARGUMENT_PLACEHOLDERS = [
  { variable: 'Query', inFunction: 'Get-TableText', placeholder: '<Query>', isBound: (fn: Node) => functionParameters(fn).includes('query') },
  { variable: 'arn', inFunction: 'Set-Tags', placeholder: '<TableArn>', isBound: (fn: Node) => isTableArnOnly(assignedValues(fn, 'arn')) },
  { variable: 'arn', inFunction: 'Set-ResourcePolicy', placeholder: '<TableArn>', isBound: (fn: Node) => isTableArnOnly(assignedValues(fn, 'arn')) },
  // The file:// URI of the resource policy next to the script, assigned once where create-table or put-resource-policy reads it.
  { variable: 'ResourcePolicyUri', inFunction: 'New-Table', placeholder: '<ResourcePolicyUri>', isBound: (fn: Node) => assignedValues(fn, 'ResourcePolicyUri').length === 1 },
  { variable: 'ResourcePolicyUri', inFunction: 'Set-ResourcePolicy', placeholder: '<ResourcePolicyUri>', isBound: (fn: Node) => assignedValues(fn, 'ResourcePolicyUri').length === 1 },
] as const;

/** Precedence wrappers the grammar nests around every expression; each is skipped when it has one child. */
const WRAPPERS = new Set(['pipeline', 'pipeline_chain', 'logical_expression', 'bitwise_expression', 'comparison_expression',
  'additive_expression', 'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression', 'unary_expression']);

const lower = (text: string) => text.toLowerCase();
const lineOf = (node: Node) => node.startPosition.row + 1;
const firstLine = (text: string) => text.split('\n')[0]!.trimEnd();

function* descendants(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) yield* descendants(child);
}

function unwrap(node: Node): Node {
  let current = node;
  while (WRAPPERS.has(current.type) && current.childCount === 1) current = current.child(0)!;
  return current;
}

function unresolvable(node: Node, why = 'cannot resolve statically'): Error {
  return new Error(`line ${lineOf(node)}: ${why}: ${firstLine(node.text)}`);
}

/** The value of a single-quoted string literal (`''` unescaped), or undefined for anything else. */
function singleQuotedValue(node: Node): string | undefined {
  const inner = node.type === 'string_literal' && node.childCount === 1 ? node.child(0) : null;
  const text = inner?.type === 'verbatim_string_characters' ? inner.text : '';
  if (text.length < 2 || !text.startsWith("'") || !text.endsWith("'")) return undefined;
  return text.slice(1, -1).replace(/''/g, "'");
}

/** `$Name` or `${Name}` -> `Name`; undefined for scoped variables, splats and non-variables. */
function variableName(node: Node): string | undefined {
  return node.type === 'variable' ? /^\$\{?(\w+)\}?$/.exec(node.text)?.[1] : undefined;
}

function scriptParameters(paramBlock: Node | undefined): Node[] {
  const list = paramBlock?.namedChildren.find((child) => child.type === 'parameter_list');
  return (list?.namedChildren ?? []).filter((child) => child.type === 'script_parameter');
}

function parameterName(parameter: Node): string {
  const variable = parameter.namedChildren.find((child) => child.type === 'variable');
  return variable ? variableName(variable) ?? variable.text : '';
}

const parameterNames = (paramBlock: Node | undefined) => scriptParameters(paramBlock).map(parameterName);

const functionName = (fn: Node) => fn.namedChildren.find((child) => child.type === 'function_name')?.text ?? '';

/** Lower-cased parameter names of a `function_statement`'s own `param()` block. */
function functionParameters(fn: Node): string[] {
  const body = fn.namedChildren.find((child) => child.type === 'script_block');
  return parameterNames(body?.namedChildren.find((child) => child.type === 'param_block')).map(lower);
}

const isTableArnOnly = (values: Node[]) => values.length === 1 && values[0]!.type === 'command' && tableTextQuery(values[0]!) === 'Table.TableArn';

/** Unwrapped right-hand sides of every `$name = ...` inside `scope`. */
function assignedValues(scope: Node, name: string): Node[] {
  return [...descendants(scope)]
    .filter((node) => node.type === 'assignment_expression' && lower(assignedVariable(node) ?? '') === lower(name))
    .map((node) => unwrap(node.childForFieldName('value') ?? node));
}

/** `x` for `$x = ...`, undefined for any other target. */
function assignedVariable(assignment: Node): string | undefined {
  const target = assignment.namedChild(0)?.namedChild(0);
  return target ? variableName(unwrap(target)) : undefined;
}

function enclosingFunction(node: Node): Node | null {
  let current = node.parent;
  while (current && current.type !== 'function_statement') current = current.parent;
  return current;
}

/** The statement holding `node` in a block (climbing out of `@( )` and `$( )`), and the one after it. */
function nextStatementAfter(node: Node): string | null {
  const isBlock = (list: Node) => list.type === 'statement_list' && !['array_expression', 'sub_expression'].includes(list.parent?.type ?? '');
  let current = node;
  while (current.parent && !isBlock(current.parent)) current = current.parent;
  let next = current.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  return next ? firstLine(next.text) : null;
}

function commandName(command: Node): string {
  const name = command.childForFieldName('command_name');
  return name?.type === 'command_name_expr' ? name.namedChild(0)?.text ?? name.text : name?.text ?? '';
}

/** Arguments and parameters of a command, without separators. */
function commandElements(command: Node): Node[] {
  const elements = command.childForFieldName('command_elements');
  return (elements?.namedChildren ?? []).filter((child) => child.type !== 'command_argument_sep');
}

function commandsNamed(syntax: PowerShellSyntax, name: string): Node[] {
  return [...descendants(syntax.tree.rootNode)].filter((node) => node.type === 'command' && lower(commandName(node)) === lower(name));
}

/** The literal query of a `Get-TableText '...'` command; throws for anything else. */
function tableTextQuery(command: Node): string {
  const elements = commandElements(command);
  const query = elements.length === 1 ? singleQuotedValue(unwrap(elements[0]!)) : undefined;
  if (query === undefined || lower(commandName(command)) !== 'get-tabletext') throw unresolvable(command);
  return query;
}

/** Parses a script. Never throws for syntax errors (see `problems`); throws for a non-literal parameter default. */
export async function parsePowerShell(source: string): Promise<PowerShellSyntax> {
  const language = await loadLanguage(); // before new Parser(): the constructor needs Parser.init() done
  const parser = new Parser().setLanguage(language);
  const tree = parser.parse(source);
  parser.delete();
  if (!tree) throw new Error('tree-sitter returned no tree');
  const nodes = [...descendants(tree.rootNode)];
  const problems = nodes.filter((node) => node.isError || node.isMissing).map((node): PowerShellProblem => {
    const [kind, text] = node.isMissing ? (['MISSING', node.type] as const) : (['ERROR', node.text.slice(0, 80)] as const);
    return { line: lineOf(node), column: node.startPosition.column + 1, kind, text };
  });
  const paramBlock = tree.rootNode.namedChildren.find((child) => child.type === 'param_block');
  const parameterDefaults: Record<string, string | number> = {};
  if (paramBlock && !paramBlock.hasError) {
    for (const parameter of scriptParameters(paramBlock)) {
      const name = parameterName(parameter);
      const defaultNode = parameter.namedChildren.find((child) => child.type === 'script_parameter_default')?.namedChild(0);
      if (!defaultNode) continue;
      const value = unwrap(defaultNode);
      const literal = singleQuotedValue(value) ?? (value.type === 'integer_literal' && /^\d+$/.test(value.text) ? Number(value.text) : undefined);
      if (literal === undefined) throw unresolvable(value, `non-literal default of $${name}`);
      parameterDefaults[name] = literal;
    }
  }
  const functions = nodes.filter((node) => node.type === 'function_statement').map(functionName);
  return { source, tree, problems, parameters: parameterNames(paramBlock), parameterDefaults, functions };
}

/** Options of {@link extractAwsInvocations}. */
export interface AwsInvocationOptions {
  /** Script parameter values overriding the defaults (names case-insensitive, as in PowerShell). */
  parameters?: Record<string, string>;
  /** What `$connection` holds, e.g. `['--region', 'eu-west-1']`. Default: `[]`. */
  connection?: string[];
}

/**
 * Every `Invoke-AwsCli -Arguments (@(...) + $connection)` call (name case-insensitive), in document
 * order, with its arguments resolved statically. Throws, naming the line, for any argument that is
 * not resolvable under the strict rules in this module's description.
 */
export function extractAwsInvocations(syntax: PowerShellSyntax, options: AwsInvocationOptions = {}): AwsInvocation[] {
  const overrides = new Map(Object.entries(options.parameters ?? {}).map(([name, value]) => [lower(name), value]));
  const defaults = new Map(Object.entries(syntax.parameterDefaults).map(([name, value]) => [lower(name), String(value)]));
  const declared = new Set(syntax.parameters.map(lower));
  const resolveVariable = (node: Node, fn: Node | null): string => {
    const name = lower(variableName(node) ?? '');
    const inFn = fn ? lower(functionName(fn)) : null;
    const placeholder = AWS_ARGUMENT_PLACEHOLDERS.find((p) => lower(p.variable) === name && lower(p.inFunction) === inFn && p.isBound(fn!));
    if (placeholder) return placeholder.placeholder;
    // A function parameter or local assignment of the same name shadows the script parameter.
    if (declared.has(name) && !(fn && (functionParameters(fn).includes(name) || assignedValues(fn, name).length > 0))) {
      const value = overrides.get(name) ?? defaults.get(name);
      if (value === undefined) throw unresolvable(node, 'script parameter without a default; pass it in options.parameters');
      return value;
    }
    throw unresolvable(node);
  };

  return commandsNamed(syntax, 'Invoke-AwsCli').map((command) => {
    const fn = enclosingFunction(command);
    const elements = commandElements(command);
    if (elements.length !== 2 || elements[0]!.type !== 'command_parameter' || lower(elements[0]!.text) !== '-arguments') {
      throw unresolvable(command, 'expected exactly "-Arguments <value>"');
    }
    let value = unwrap(elements[1]!);
    if (value.type === 'parenthesized_expression' && value.namedChildCount === 1) value = unwrap(value.namedChild(0)!);
    let tail: string[] = [];
    if (value.type === 'additive_expression' && value.childCount === 3 && value.child(1)?.type === '+') {
      const right = unwrap(value.child(2)!);
      if (lower(variableName(right) ?? '') !== 'connection') throw unresolvable(right);
      tail = options.connection ?? [];
      value = unwrap(value.child(0)!);
    }
    if (value.type !== 'array_expression') throw unresolvable(value);
    const items: Node[] = [];
    for (const statement of value.childForFieldName('statements')?.namedChildren ?? []) {
      if (statement.type === 'comment') continue;
      const expression = unwrap(statement);
      if (expression.type === 'array_literal_expression') items.push(...expression.namedChildren.map(unwrap));
      else items.push(expression);
    }
    const args = items.map((item) => singleQuotedValue(item) ?? resolveVariable(item, fn));
    let parent = command.parent;
    while (parent && WRAPPERS.has(parent.type) && parent.childCount === 1) parent = parent.parent;
    return {
      line: lineOf(command),
      args: [...args, ...tail],
      assignedTo: (parent?.type === 'assignment_expression' && assignedVariable(parent)) || null,
      nextStatement: nextStatementAfter(command),
      inFunction: fn ? functionName(fn) : null,
    };
  });
}

/** The single-quoted query of every `Get-TableText '...'` call, in document order; throws for any other argument. */
export function extractTableTextQueries(syntax: PowerShellSyntax): string[] {
  return commandsNamed(syntax, 'Get-TableText').map(tableTextQuery);
}

/** Every command that is neither in {@link KNOWN_CMDLETS} nor a function of the script, in document order. */
export function findNativeCommands(syntax: PowerShellSyntax): NativeCommand[] {
  const known = new Set([...KNOWN_CMDLETS, ...syntax.functions].map(lower));
  return [...descendants(syntax.tree.rootNode)]
    .filter((node) => node.type === 'command' && !known.has(lower(commandName(node))))
    .map((node) => ({ name: commandName(node), line: lineOf(node), text: node.text, nextStatement: nextStatementAfter(node) }));
}
