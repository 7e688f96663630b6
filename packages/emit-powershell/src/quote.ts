import { toDotNetPattern, type ScriptQuoting } from '@ddb-migrations/core';

/** A single-quoted PowerShell string: nothing inside is expanded. */
export function singleQuoted(value: string): string {
  // PowerShell also treats the typographic quotes U+2018/U+2019 as single quotes; names are ASCII-only.
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A double-quoted PowerShell string holding CLI text output (tabs, newlines), written with backtick
 * escapes. Only used for values the validator limited to inert characters.
 */
export function escapedLines(lines: string[]): string {
  return `"${lines.join('\n').replace(/[`"$]/g, (c) => '`' + c).replace(/\t/g, '`t').replace(/\n/g, '`n')}"`;
}

/** Every word is an element of an argument array passed to `aws`: strings single-quoted, variables bare. */
export const powerShellQuoting: ScriptQuoting = {
  word: singleQuoted,
  variable: (name) => ({ tableName: '$TableName', tableArn: '$arn', query: '$Query', resourcePolicyUri: '$ResourcePolicyUri' })[name],
  // The script compares against ConvertTo-SortedLines, which trims each line the CLI printed (so a
  // tag with an empty value reads "key", not "key<tab>"); the expectation is trimmed the same way.
  text: (lines) => escapedLines(lines.map((line) => line.trim())),
  // .NET's `$` also matches before a trailing newline; `\z` does not.
  pattern: (ere) => singleQuoted(toDotNetPattern(ere)),
  separator: ', ',
};
