/**
 * A schema file is data: tags refused where they stand, keys that collide after typing refused,
 * numbers exact or refused, bare-CR files read with the right positions, and deep nesting reported
 * in our words at the place it passes the limit, never as a JavaScript RangeError.
 */
import { describe, expect, it } from 'vitest';
import { expectError, FILE, lines, table } from './__tests__/schema-text.js';
import { loadSchema } from './load.js';
import { MAX_NESTING_DEPTH } from './yaml-data.js';

const TAG = /^YAML tag "(.+)" is not allowed: a schema file is plain data/;
const provisioned = (read: string) => table('    billingMode: PROVISIONED', `    readCapacityUnits: ${read}`, '    writeCapacityUnits: 1');

describe('YAML tags', () => {
  it('refuses a CloudFormation tag at the tag, not at its value', () => {
    const error = expectError(table('    description: !Ref TableDescription'), 6, 18, TAG);
    expect(error.reason).toContain('"!Ref"');
  });

  it('refuses every kind of tag: standard, verbatim, non-specific, on a key, on a collection, after an anchor', () => {
    expectError(table('    description: !!str 1'), 6, 18, /"!!str"/);
    expectError(table('    description: !<tag:yaml.org,2002:str> x'), 6, 18, /"!<tag:yaml.org,2002:str>"/);
    expectError(table('    description: ! x'), 6, 18, /"!"/);
    expectError(table('    tags:', '      !!str env: prod'), 7, 7, /"!!str"/);
    expectError(lines('tables: !!seq', '  - name: sessions', '    partitionKey: { name: id, type: S }'), 1, 9, /"!!seq"/);
    expectError(table('    description: &d !foo x'), 6, 21, /"!foo"/);
  });

  it('does not mistake a "!" in a quoted value or a comment for a tag', () => {
    const schema = loadSchema(table('    description: "hello !world" # !not a tag'), FILE);
    expect(schema.tables[0]!.description).toBe('hello !world');
  });
});

describe('keys equal after typing', () => {
  it('refuses 1 and "1" in one mapping, at the second', () => {
    expectError(table('    tags:', '      1: a', '      "1": b'), 8, 7, 'Map keys must be unique; "1" is the same key as one before it in this mapping');
  });

  it('refuses true and "true", and ~ and ""', () => {
    expectError(table('    tags:', '      true: a', '      "true": b'), 8, 7, 'Map keys must be unique; "true" is the same key');
    expectError(table('    tags:', '      ~: a', '      "": b'), 8, 7, 'Map keys must be unique; "" is the same key');
  });
});

describe('numbers', () => {
  it('refuses an integer beyond 2^53 - 1, which every artifact would round', () => {
    expectError(provisioned('9007199254740993'), 7, 24, 'number 9007199254740993 would be rounded to 9007199254740992');
    expectError(provisioned('99999999999999999999999'), 7, 24, /^number 99999999999999999999999 would be rounded/);
  });

  it('refuses a literal that rounds to an integer it does not denote', () => {
    expectError(provisioned('1.0000000000000001'), 7, 24, 'number 1.0000000000000001 is not an integer this tool can hold exactly');
  });

  it('refuses a safe integer beyond DynamoDB\'s 10^12 units, at the value', () => {
    expectError(provisioned('9007199254740991'), 7, 24, '"readCapacityUnits" must be <= 1000000000000');
    expectError(provisioned('1000000000001'), 7, 24, '"readCapacityUnits" must be <= 1000000000000');
  });

  it('accepts exact spellings of an integer: 1.0, 1e3, 0x10, 10^12', () => {
    for (const [literal, value] of [['1.0', 1], ['1e3', 1000], ['0x10', 16], ['1000000000000', 1e12]] as const) {
      const billing = loadSchema(provisioned(literal), FILE).tables[0]!.billing;
      expect(billing).toEqual({ mode: 'PROVISIONED', readCapacityUnits: value, writeCapacityUnits: 1 });
    }
  });
});

describe('line endings', () => {
  it('reads a CR-only file like the LF file, with the same positions', () => {
    const lf = table('    description: classic Mac', '    sortKey: { name: at, type: N }');
    expect(loadSchema(lf.replace(/\n/g, '\r'), FILE)).toEqual(loadSchema(lf.replace(/\n/g, '\r\n'), FILE));
    expect(loadSchema(lf.replace(/\n/g, '\r'), FILE).tables[0]!.description).toBe('classic Mac');
    const bad = table('    descriptio: x');
    for (const eol of ['\r', '\r\n', '\n']) expectError(bad.replace(/\n/g, eol), 6, 5, 'unknown key "descriptio"');
  });

  it('places a byte that is not UTF-8 on its line in a CR-only file', () => {
    const latin1 = Buffer.from(table('    description: caf\xe9').replace(/\n/g, '\r'), 'latin1');
    expectError(latin1, 6, 21, 'schema file is not valid UTF-8');
  });
});

describe('deep nesting', () => {
  const deepMessage = `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels`;

  it('refuses deep flow nesting at the bracket that passes the limit, and accepts it below', () => {
    // tags is at depth 2 (the table list, the table): its value's brackets start at column 11.
    const flow = (depth: number) => table(`    tags: ${'['.repeat(depth)}${']'.repeat(depth)}`);
    expectError(flow(100_000), 6, 11 + MAX_NESTING_DEPTH - 3, deepMessage);
    expectError(flow(MAX_NESTING_DEPTH), 6, 11, '"tags" must be an object');
  });

  it('refuses deep compact sequences and deep block mappings, never with a RangeError', () => {
    expectError(table('    attributes:', `      ${'- '.repeat(50_000)}x`), 7, 7 + 2 * (MAX_NESTING_DEPTH - 3), deepMessage);
    const blocks = Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`);
    expectError(lines(...blocks), MAX_NESTING_DEPTH + 1, MAX_NESTING_DEPTH + 1, deepMessage);
  });
});

