/**
 * A value as one POSIX shell word, for the commands our messages tell users to run: bare when it has
 * no character a shell treats specially, else single-quoted.
 */
export function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
