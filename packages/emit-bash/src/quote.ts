import type { ScriptQuoting } from '@ddb-migrations/core';

/** A single-quoted bash word: nothing inside is expanded. */
export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * An ANSI-C quoted bash word (`$'a\tb'`), for expected CLI text output with tabs and newlines.
 * Supported by bash 3.2, unlike printf -v tricks.
 */
export function ansiCQuoted(lines: string[]): string {
  const text = lines.join('\n');
  // Plain single quotes where nothing needs an escape (`ENABLED`), as a person would write it.
  if (text !== '' && /^[A-Za-z0-9_.:\/ -]+$/.test(text)) return singleQuoted(text);
  const escaped = lines.join('\n').replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  return `$'${escaped}'`;
}

/**
 * The AWS CLI's own vocabulary (`dynamodb`, operations, `--flags`, `text`) is written bare, as a person
 * would type it; every value from the schema or a query is single-quoted.
 */
const CLI_VOCABULARY = /^(--)?[a-z][a-z-]*$/;

export const bashQuoting: ScriptQuoting = {
  word: (value) => (CLI_VOCABULARY.test(value) ? value : singleQuoted(value)),
  variable: (name) => ({ tableName: '"$table_name"', tableArn: '"$arn"', query: '"$1"', resourcePolicyUri: '"$resource_policy_uri"' })[name],
  text: ansiCQuoted,
  pattern: singleQuoted,
  separator: ' ',
};
