/**
 * Structural errors of `loadSchema`: what the file is (bytes, YAML) and what JSON Schema checks
 * (keys, types, enums). Every case pins the exact 1-based line and column a user is sent to.
 */
import { describe, expect, it } from 'vitest';
import { expectError, FILE, lines, schemaError, table } from './__tests__/schema-text.js';
import { loadSchema, MAX_SCHEMA_BYTES } from './load.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('SchemaError shape', () => {
  it('is an Error named SchemaError with exit code 1 and a file:line:column message', () => {
    const error = schemaError(lines('tabels: []'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SchemaError');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`${FILE}:1:1: unknown key "tabels"; did you mean "tables"?`);
  });

  it('has a position of exactly { file, line, column }', () => {
    const error = schemaError(table('    sortKey:', '      name: id', '      type: S'));
    expect(error.position).toStrictEqual({ file: FILE, line: 7, column: 13 });
  });
});

describe('YAML syntax errors', () => {
  it('points at a duplicate key', () => {
    const yaml = lines(
      'tables:', //           1
      '  - name: sessions', // 2
      '    name: orders', //   3  <- duplicate "name" at column 5
    );
    expectError(yaml, 3, 5, /^YAML syntax error: Map keys must be unique/);
  });

  it('points at a tab used for indentation', () => {
    const yaml = lines(
      'tables:', //       1
      '\t- name: a', //   2  <- tab at column 1
    );
    expectError(yaml, 2, 1, /^YAML syntax error: Tabs are not allowed as indentation/);
  });

  it('points at the opening quote of an unterminated string, not the end of the file', () => {
    const yaml = lines(
      'tables:', //             1
      '  - name: "sessions', //  2  <- opening quote at column 11
      '    partitionKey: x', //  3
    );
    expectError(yaml, 2, 11, /^YAML syntax error: Missing closing "quote/);
  });

  it('points at the second document of a multi-document file', () => {
    expectError(table('---', 'foo: 1'), 6, 1, /^YAML syntax error: a schema file holds one YAML document/);
  });

  it('keeps only the first sentence of the parser message, on one line', () => {
    const error = schemaError(lines('tables:', '  - name: sessions', '    name: orders'));
    expect(error.reason).not.toMatch(/\n/);
    expect(error.reason).not.toMatch(/at line \d+, column \d+/);
  });
});

describe('file-level errors', () => {
  it.each([
    ['an empty string', ''],
    ['only blank lines', '\n\n\n'],
    ['only a comment', '# nothing here\n'],
  ])('refuses %s as an empty file at 1:1', (_, text) => {
    expectError(text, 1, 1, 'schema file is empty; it needs a "tables:" list');
  });

  it('refuses empty bytes as an empty file', () => {
    expectError(new Uint8Array(0), 1, 1, 'schema file is empty');
  });

  it('points at the first byte that is not UTF-8', () => {
    const bytes = new Uint8Array([
      ...utf8('tables:\n  - name: ses'), // line 2, "ses" ends at column 13
      0xff, //                              <- line 2, column 14
      ...utf8('sions\n    partitionKey:\n      name: id\n      type: S\n'),
    ]);
    expectError(bytes, 2, 14, 'schema file is not valid UTF-8');
  });

  it('refuses bytes that are not UTF-8 even when the file also holds a genuine U+FFFD', () => {
    const bytes = new Uint8Array([
      ...utf8('# a real \uFFFD in a comment\n'), // 1
      ...utf8('tables:\n  - name: ses'), //         2, 3 ("ses" ends at column 13)
      0xc3, //                                       <- line 3, column 14: truncated 2-byte sequence
      ...utf8('sions\n    partitionKey:\n      name: id\n      type: S\n'),
    ]);
    expectError(bytes, 3, 14, 'schema file is not valid UTF-8');
  });

  it('accepts a genuine U+FFFD in a comment', () => {
    expect(loadSchema(utf8(`# \uFFFD\n${table()}`), FILE).tables[0]!.name).toBe('sessions');
  });

  it('refuses a file larger than MAX_SCHEMA_BYTES before parsing', () => {
    const bytes = new Uint8Array(MAX_SCHEMA_BYTES + 1).fill(0x7b); // "{" everywhere: unparseable if it were parsed
    expectError(bytes, 1, 1, `schema file is ${MAX_SCHEMA_BYTES + 1} bytes; the limit is ${MAX_SCHEMA_BYTES}`);
  });

  it('accepts a file of exactly MAX_SCHEMA_BYTES', () => {
    const head = utf8(`${table()}#`);
    const bytes = new Uint8Array(MAX_SCHEMA_BYTES).fill(0x20);
    bytes.set(head, 0);
    expect(loadSchema(bytes, FILE).tables).toHaveLength(1);
  });

  it('ignores a UTF-8 byte-order mark in positions', () => {
    expectError(utf8(`\uFEFFtabels: []\n`), 1, 1, 'unknown key "tabels"');
    expectError(`\uFEFF${table('    sortKey:', '      name: id', '      type: S')}`, 7, 13, 'sort key "id"');
    expect(loadSchema(utf8(`\uFEFF${table()}`), FILE).tables[0]!.name).toBe('sessions');
  });

  it('counts lines the same with CRLF line endings', () => {
    const crlf = table('    sortKey:', '      name: id', '      type: S').replace(/\n/g, '\r\n');
    expectError(crlf, 7, 13, 'sort key "id" must differ from the partition key');
  });

  it('refuses a document that is a list or a scalar', () => {
    expectError(lines('- name: sessions'), 1, 1, 'the file must be an object');
    expectError(lines('hello'), 1, 1, 'the file must be an object');
  });
});

describe('unknown keys', () => {
  it('suggests "tables" for a misspelt top-level key', () => {
    expectError(lines('tabels:', '  - name: sessions'), 1, 1, 'unknown key "tabels"; did you mean "tables"?');
  });

  it('lists the allowed top-level keys when nothing is close', () => {
    expectError(lines('foo: 1'), 1, 1, 'unknown key "foo"; allowed keys: $schema, tables');
  });

  it('suggests "partitionKey" for "partitonKey" and does not also report it missing', () => {
    const yaml = lines(
      'tables:', //           1
      '  - name: sessions', // 2
      '    partitonKey:', //   3  <- key at column 5
      '      name: id', //     4
      '      type: S', //      5
    );
    const error = expectError(yaml, 3, 5, 'unknown key "partitonKey"; did you mean "partitionKey"?');
    expect(error.reason).not.toContain('missing');
  });

  it('suggests "projection" for a misspelt index key', () => {
    const yaml = table(
      '    globalSecondaryIndexes:', // 6
      '      - name: by_shop', //       7
      '        partitionKey:', //       8
      '          name: shop', //        9
      '          type: S', //           10
      '        projecton: ALL', //      11  <- key at column 9
    );
    expectError(yaml, 11, 9, 'unknown key "projecton"; did you mean "projection"?');
  });

  it('suggests "type" for a misspelt encryption key', () => {
    const yaml = table(
      '    encryption:', // 6
      '      typ: KMS', //  7  <- key at column 7
    );
    expectError(yaml, 7, 7, 'unknown key "typ"; did you mean "type"?');
  });

  it('suggests "name" in a key attribute and "type" in a documented attribute', () => {
    expectError(table('    sortKey:', '      nam: sk', '      type: S'), 7, 7, 'unknown key "nam"; did you mean "name"?');
    expectError(table('    attributes:', '      - name: x', '        tpye: S'), 8, 9, 'unknown key "tpye"; did you mean "type"?');
  });

  it('does not suggest an unrelated key just because its length is similar', () => {
    // "version" and "$schema" share nothing but their length.
    expectError(lines('version: 1', 'tables: []'), 1, 1, 'unknown key "version"; allowed keys: $schema, tables');
  });

  it('lists table keys, not top-level keys, for an unrelated key in a table', () => {
    const error = expectError(table('    colour: blue'), 6, 5, 'unknown key "colour"; allowed keys: name, scriptName, description, partitionKey');
    expect(error.reason).not.toMatch(/\$schema|"tables"/);
  });

  it('points at an unknown key named like an enclosing key ("tables" inside a table)', () => {
    const yaml = table(
      '    tables:', //       6  <- key at column 5
      '      - name: more', // 7
    );
    expectError(yaml, 6, 5, 'unknown key "tables"');
  });

  it('points at an unknown "partitionKey" nested inside an index partition key', () => {
    const yaml = table(
      '    globalSecondaryIndexes:', // 6
      '      - name: by_shop', //       7
      '        partitionKey:', //       8
      '          name: shop', //        9
      '          type: S', //           10
      '          partitionKey: x', //   11  <- key at column 11
    );
    expectError(yaml, 11, 11, 'unknown key "partitionKey"; allowed keys: name, type');
  });
});

describe('missing required keys', () => {
  it('points at the table that lacks partitionKey', () => {
    const yaml = lines(
      'tables:', //                      1
      '  - name: sessions', //            2  <- the table mapping starts at column 5
      '    billingMode: PAY_PER_REQUEST', // 3
    );
    expectError(yaml, 2, 5, 'missing required key "partitionKey"');
  });

  it('points at the key attribute that lacks type', () => {
    const yaml = lines(
      'tables:', //           1
      '  - name: sessions', // 2
      '    partitionKey:', //  3
      '      name: id', //     4  <- the key mapping starts at column 7
    );
    expectError(yaml, 4, 7, 'missing required key "type"');
  });

  it('points at the index that lacks partitionKey', () => {
    const yaml = table(
      '    globalSecondaryIndexes:', // 6
      '      - name: by_shop', //       7  <- index mapping at column 9
      '        projection: ALL', //     8
    );
    expectError(yaml, 7, 9, 'missing required key "partitionKey"');
  });

  it('points at the start of a file without tables', () => {
    expectError(lines('$schema: ./schema.json'), 1, 1, 'missing required key "tables"');
  });

  it('points at the encryption block that lacks type', () => {
    expectError(table('    encryption:', '      kmsKeyId: alias/x'), 7, 7, 'missing required key "type"');
  });
});

describe('wrong types', () => {
  it.each([
    ['a number as table name', lines('tables:', '  - name: 123', '    partitionKey:', '      name: id', '      type: S'), 2, 11, '"name" must be a string'],
    ['a string as partitionKey', lines('tables:', '  - name: sessions', '    partitionKey: id'), 3, 19, '"partitionKey" must be an object'],
    ['a quoted "yes" as a boolean', table('    pointInTimeRecovery: "yes"'), 6, 26, '"pointInTimeRecovery" must be a boolean'],
    ['a number as tables', lines('tables: 5'), 1, 9, '"tables" must be an array'],
    ['a mapping as globalSecondaryIndexes', table('    globalSecondaryIndexes:', '      name: by_shop'), 7, 7, '"globalSecondaryIndexes" must be an array'],
    ['a fraction as capacity', table('    billingMode: PROVISIONED', '    readCapacityUnits: 1.5', '    writeCapacityUnits: 1'), 7, 24, '"readCapacityUnits" must be an integer'],
    ['zero capacity', table('    billingMode: PROVISIONED', '    readCapacityUnits: 1', '    writeCapacityUnits: 0'), 8, 25, '"writeCapacityUnits" must be >= 1'],
    ['a number as tag value', table('    tags:', '      env: 5'), 7, 12, '"env" must be a string'],
    ['an empty nonKeyAttributes list', table('    globalSecondaryIndexes:', '      - name: by_shop', '        partitionKey: { name: shop, type: S }', '        projection: INCLUDE', '        nonKeyAttributes: []'), 10, 27, '"nonKeyAttributes" must list at least 1 item'],
    ['an empty tables list', lines('tables: []'), 1, 9, '"tables" must list at least 1 item'],
  ])('refuses %s', (_, yaml, line, column, reason) => {
    expectError(yaml, line, column, reason);
  });
});

describe('bad enum values', () => {
  it('refuses key type BOOL at the type value', () => {
    const yaml = table(
      '    sortKey:', //     6
      '      name: sk', //   7
      '      type: BOOL', // 8  <- value at column 13
    );
    expectError(yaml, 8, 13, '"type" must be one of S, N, B');
  });

  it.each([
    ['billingMode', '    billingMode: ON_DEMAND', 18, 'PAY_PER_REQUEST, PROVISIONED'],
    ['stream', '    stream: NEW', 13, 'KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES'],
    ['tableClass', '    tableClass: IA', 17, 'STANDARD, STANDARD_INFREQUENT_ACCESS'],
  ])('refuses a bad %s', (field, row, column, allowed) => {
    expectError(table(row), 6, column, `"${field}" must be one of ${allowed}`);
  });

  it('refuses a bad attribute type and a bad projection', () => {
    expectError(table('    attributes:', '      - name: x', '        type: STRING'), 8, 15, '"type" must be one of S, N, B, BOOL, M, L, SS, NS, BS, NULL');
    expectError(table('    globalSecondaryIndexes:', '      - name: by_shop', '        partitionKey: { name: shop, type: S }', '        projection: SOME'), 9, 21, '"projection" must be one of ALL, KEYS_ONLY, INCLUDE');
  });
});

describe('error order', () => {
  it('reports structural problems before rule violations (rules need a well-formed file)', () => {
    const yaml = lines(
      'tables:', //             1
      '  - name: ab', //         2  <- rule error (name too short), reported once the file is well-formed
      '    partitionKey:', //    3
      '      name: id', //       4
      '      type: S', //        5
      '  - name: orders', //     6
      '    partitionKey:', //    7
      '      name: id', //       8
      '      type: X', //        9  <- structural error, later in the file
    );
    expectError(yaml, 9, 13, '"type" must be one of S, N, B');
    expectError(yaml.replace('type: X', 'type: S'), 2, 11, 'table name "ab"');
  });
});

describe('encodings', () => {
  it('says a UTF-16 file (what Windows PowerShell 5.1 writes with >) must be saved as UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('tables:\n', 'utf16le')]);
    expect(() => loadSchema(utf16, 'ps.yaml')).toThrow('ps.yaml:1:1: schema file is UTF-16; save it as UTF-8');
  });

  it('points at 1:1 when the very first byte is not UTF-8', () => {
    expect(() => loadSchema(Buffer.from([0xc3, 0x28, 0x0a, 0x61, 0x0a]), 'bad.yaml')).toThrow('bad.yaml:1:1: schema file is not valid UTF-8');
  });
});
