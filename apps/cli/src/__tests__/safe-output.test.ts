import { describe, expect, it } from 'vitest';
import { printable, redactCredentials } from '../safe-output.js';

describe('printable error lines', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//token' };

  it('redacts the credentials of the environment and any access key id', () => {
    const echoed = `invalid: Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1 secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY token FwoGZXIvYXdzEJr//token other ASIAY34FZKBOKMUTVV7A`;
    expect(redactCredentials(echoed, env)).toBe('invalid: Credential=[redacted]/20261125/us-east-1 secret [redacted] token [redacted] other [redacted]');
  });

  it('leaves short dummy values and ordinary words alone', () => {
    expect(redactCredentials('table local_sessions in ASIAN_MARKETS', { AWS_ACCESS_KEY_ID: 'local' })).toBe('table local_sessions in ASIAN_MARKETS');
  });

  it('escapes control characters so one error stays one line', () => {
    expect(printable('table "a\u0000b\nc\u001b[31m"')).toBe('table "a\\u0000b\\u000ac\\u001b[31m"');
  });
});

describe('printable error lines: Unicode that reorders or hides text', () => {
  it('escapes the bidi embeddings, overrides and isolates', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    expect(printable(`table "${bidi.join('')}"`)).toBe('table "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"');
  });

  it('escapes the line and paragraph separators, zero-width and other format characters, C1 controls and lone surrogates', () => {
    expect(printable('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
    expect(printable('\u200b\u200d\u200e\u200f\u061c\ufeff\u00ad\u2060')).toBe('\\u200b\\u200d\\u200e\\u200f\\u061c\\ufeff\\u00ad\\u2060');
    expect(printable('\u0085\u009b\ud800x')).toBe('\\u0085\\u009b\\ud800x');
    expect(printable('tag\u{e0041}')).toBe('tag\\u{e0041}');
  });

  it('leaves printable Unicode alone: accents, CJK, emoji, right-to-left letters', () => {
    expect(printable('café 表 🙂 שלום')).toBe('café 表 🙂 שלום');
  });
});
