import { describe, expect, it } from 'vitest';
import { toErrorDocument } from './output.js';

describe('toErrorDocument: the --json form of every kind of failure', () => {
  it('a positioned schema error keeps its reason and position apart', () => {
    const schemaError = Object.assign(new Error('a.yaml:2:5: bad'), { name: 'SchemaError', reason: 'bad', position: { file: 'a.yaml', line: 2, column: 5 } });
    expect(toErrorDocument(schemaError, 'FAILED')).toEqual({ error: { code: 'SCHEMA_INVALID', message: 'bad', file: 'a.yaml', line: 2, column: 5 } });
  });

  it('our errors by their code, AWS service errors by their name, anything else by the fallback', () => {
    expect(toErrorDocument(Object.assign(new Error('no region'), { code: 'NO_REGION' }), 'FAILED').error.code).toBe('NO_REGION');
    expect(toErrorDocument(Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $metadata: {} }), 'FAILED').error.code).toBe('ValidationException');
    expect(toErrorDocument(Object.assign(new Error('a Node errno code is stable too'), { code: 'ENOENT' }), 'FAILED').error.code).toBe('ENOENT');
    expect(toErrorDocument(Object.assign(new Error('a library code that is not a name'), { code: 'commander.unknownOption' }), 'FAILED').error.code).toBe('FAILED');
    expect(toErrorDocument('thrown text', 'FAILED')).toEqual({ error: { code: 'FAILED', message: 'thrown text', file: null, line: null, column: null } });
  });

  it('escapes control characters in the message like the stderr line', () => {
    expect(toErrorDocument(new Error('a\u001b[31mb'), 'FAILED').error.message).toBe('a\\u001b[31mb');
  });
});
