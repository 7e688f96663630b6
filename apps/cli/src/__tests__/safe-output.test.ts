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
