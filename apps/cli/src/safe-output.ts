/**
 * What the CLI prints about an error, made safe for a terminal and a log: an endpoint's message can
 * quote the request (a hostile or misconfigured endpoint may echo the signature, which names the
 * access key id, and the session token), and a schema value can carry control characters.
 */

/** Environment variables whose values are credentials the SDK may send. */
const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'];

/** Access key ids (long-term AKIA, temporary ASIA) wherever they appear, e.g. from a profile file. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

export function redactCredentials(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let redacted = text;
  for (const name of CREDENTIAL_VARIABLES) {
    const value = env[name];
    // Short values ("local", "x") are test dummies; replacing them would garble ordinary words.
    if (value && value.length >= 12) redacted = redacted.split(value).join('[redacted]');
  }
  return redacted.replace(ACCESS_KEY_ID, '[redacted]');
}

/**
 * What a terminal would act on rather than show: control characters (Cc: NUL, newline, ESC, C1),
 * format characters (Cf: the bidi embeddings and overrides U+202A-202E and isolates U+2066-2069,
 * which can reorder what follows them on screen, zero-width characters, the BOM), the line and
 * paragraph separators U+2028/U+2029, and lone surrogates.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** One printable line: credentials redacted, unprintable characters shown as `\uXXXX` (or `\u{XXXXX}`). */
export function printable(message: string): string {
  return redactCredentials(message).replace(UNPRINTABLE, (char) => {
    const code = char.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
