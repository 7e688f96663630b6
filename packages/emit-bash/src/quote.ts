/** A single-quoted bash word: nothing inside is expanded. */
export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * An ANSI-C quoted bash word (`$'a\tb'`), for expected CLI text output with tabs and newlines.
 * Supported by bash 3.2, unlike printf -v tricks.
 */
export function ansiCQuoted(lines: string[]): string {
  const escaped = lines.join('\n').replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  return `$'${escaped}'`;
}
