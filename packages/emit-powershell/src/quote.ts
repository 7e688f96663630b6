/** A single-quoted PowerShell string: nothing inside is expanded. */
export function singleQuoted(value: string): string {
  // PowerShell also treats the typographic quotes U+2018/U+2019 as single quotes; names are ASCII-only.
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The body of a double-quoted PowerShell string holding CLI text output (tabs, newlines), written
 * with backtick escapes. Only used for values the validator limited to inert characters.
 */
export function escapedLines(lines: string[]): string {
  return lines.join('\n').replace(/[`"$]/g, (c) => '`' + c).replace(/\t/g, '`t').replace(/\n/g, '`n');
}
