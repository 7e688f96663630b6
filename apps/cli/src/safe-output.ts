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

/** One printable line: credentials redacted, control characters (NUL, newline, ESC) shown escaped. */
export function printable(message: string): string {
  return redactCredentials(message).replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
