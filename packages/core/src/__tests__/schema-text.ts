/**
 * Schema text for the core tests, and the one assertion of a positioned `SchemaError`: the file name,
 * the 1-based line and column a user is sent to, the reason, and the `file:line:column:` message.
 */
import { expect } from 'vitest';
import { SchemaError } from '../errors.js';
import { loadSchema } from '../load.js';

export const FILE = 'ddb-migrations.yaml';
export const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

/** A table named `name` on lines 1-5 (name value at 2:11, key name value at 4:13); `extra` from line 6. */
export const namedTable = (name: string, ...extra: string[]) =>
  lines(
    'tables:', //         1
    `  - name: ${name}`, // 2
    '    partitionKey:', // 3
    '      name: id', //    4
    '      type: S', //     5
    ...extra,
  );

/** A valid table `sessions` on lines 1-5 (the table mapping starts at 2:5); `extra` continues at line 6. */
export const table = (...extra: string[]) => namedTable('sessions', ...extra);

/** The SchemaError `loadSchema` throws for `source` (fails the test if it throws nothing or something else). */
export function schemaError(source: string | Uint8Array): SchemaError {
  try {
    loadSchema(source, FILE);
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error('expected loadSchema to throw a SchemaError');
}

/** Asserts position and reason together, so a failure shows everything that differs. */
export function expectError(source: string | Uint8Array, line: number, column: number, reason: string | RegExp): SchemaError {
  const error = schemaError(source);
  expect({ line: error.position?.line, column: error.position?.column, file: error.position?.file }).toEqual({ line, column, file: FILE });
  if (typeof reason === 'string') expect(error.reason).toContain(reason);
  else expect(error.reason).toMatch(reason);
  expect(error.message).toBe(`${FILE}:${line}:${column}: ${error.reason}`);
  return error;
}
