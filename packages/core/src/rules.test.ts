/**
 * The semantic rules of rules.ts that concern names, keys and indexes, each through `loadSchema`
 * so the position a user is sent to is pinned as well as the reason.
 */
import { describe, expect, it } from 'vitest';
import { expectError, FILE, lines, namedTable as table } from './__tests__/schema-text.js';
import { loadSchema } from './load.js';
import { ATTRIBUTE_NAME_PATTERN, MAX_GLOBAL_SECONDARY_INDEXES, TABLE_NAME_PATTERN } from './rules.js';

/** A table (see namedTable) with one index `by_shop` on lines 6-10 (index name value at 7:15); `extra` from line 11. */
const withIndex = (...extra: string[]) =>
  table(
    'sessions',
    '    globalSecondaryIndexes:', // 6
    '      - name: by_shop', //       7
    '        partitionKey:', //       8
    '          name: shop', //        9
    '          type: S', //           10
    ...extra,
  );

const NAME_RULE = 'must be 3-255 characters of a-z, A-Z, 0-9, "_", "-" and ".", not starting with "-"';
const ATTRIBUTE_RULE = 'must be 1-255 characters of a-z, A-Z, 0-9, "_", "-" and ".", not starting with "-"';

describe('table names', () => {
  it('refuses a name shorter than 3 characters', () => {
    expectError(table('ab'), 2, 11, `table name "ab" ${NAME_RULE}`);
  });

  it('refuses a name with a space', () => {
    expectError(table('my table'), 2, 11, `table name "my table" ${NAME_RULE}`);
  });

  it('refuses a name with a character DynamoDB does not allow', () => {
    expectError(table('sessions$'), 2, 11, `table name "sessions$" ${NAME_RULE}`);
  });

  it('refuses a leading "-", which a CLI would read as an option', () => {
    expectError(table('"-sessions"'), 2, 11, `table name "-sessions" ${NAME_RULE}`);
  });

  it('refuses a name longer than 255 characters', () => {
    expectError(table('a'.repeat(256)), 2, 11, `table name "${'a'.repeat(256)}" ${NAME_RULE}`);
  });

  it('accepts 3 and 255 characters, dots, underscores, inner dashes and a leading dot', () => {
    for (const name of ['abc', 'a'.repeat(255), 'my.table_v-2', '.hidden', '_x_']) {
      expect(loadSchema(table(name), FILE).tables[0]!.name).toBe(name);
    }
    expect(loadSchema(table('"123"'), FILE).tables[0]!.name).toBe('123');
    expect(TABLE_NAME_PATTERN.test('-ab')).toBe(false);
  });

  it('refuses a second table with the same name at its name', () => {
    const yaml = lines(
      'tables:', //                   1
      '  - name: sessions', //         2
      '    partitionKey:', //          3
      '      name: id', //             4
      '      type: S', //              5
      '  - name: sessions', //         6  <- value at column 11
      '    scriptName: sessions-two', // 7
      '    partitionKey:', //          8
      '      name: id', //             9
      '      type: S', //              10
    );
    expectError(yaml, 6, 11, 'table "sessions" is already defined by tables[0]');
  });

  it('refuses a second table whose default script name collides, at that table', () => {
    const yaml = lines(
      'tables:', //           1
      '  - name: sessions', // 2   -> create-sessions-table
      '    partitionKey:', //  3
      '      name: id', //     4
      '      type: S', //      5
      '  - name: Sessions', // 6   -> create-sessions-table too; the table starts at column 5
      '    partitionKey:', //  7
      '      name: id', //     8
      '      type: S', //      9
    );
    expectError(yaml, 6, 5, 'script name "create-sessions-table" is already used by tables[0]; set a different scriptName');
  });

  it('refuses an explicit scriptName equal to another table\'s, at the scriptName value', () => {
    const yaml = lines(
      'tables:', //                            1
      '  - name: sessions', //                  2
      '    partitionKey:', //                   3
      '      name: id', //                      4
      '      type: S', //                       5
      '  - name: orders', //                    6
      '    scriptName: create-sessions-table', // 7  <- value at column 17
      '    partitionKey:', //                   8
      '      name: id', //                      9
      '      type: S', //                       10
    );
    expectError(yaml, 7, 17, 'script name "create-sessions-table" is already used by tables[0]');
  });
});

describe('index names', () => {
  it('refuses an index name shorter than 3 characters', () => {
    expectError(withIndex().replace('name: by_shop', 'name: ix'), 7, 15, `index name "ix" ${NAME_RULE}`);
  });

  it('refuses an index name with "/"', () => {
    expectError(withIndex().replace('name: by_shop', 'name: by/shop'), 7, 15, `index name "by/shop" ${NAME_RULE}`);
  });

  it('refuses an index name with a leading "-"', () => {
    expectError(withIndex().replace('name: by_shop', 'name: "-by-shop"'), 7, 15, `index name "-by-shop" ${NAME_RULE}`);
  });

  it('refuses a duplicate index name at the second one', () => {
    const yaml = withIndex(
      '      - name: by_shop', // 11  <- value at column 15
      '        partitionKey:', // 12
      '          name: user', //  13
      '          type: S', //     14
    );
    expectError(yaml, 11, 15, 'index name "by_shop" is already used by globalSecondaryIndexes[0]');
  });

  it(`refuses more than ${MAX_GLOBAL_SECONDARY_INDEXES} indexes at the list, and accepts exactly ${MAX_GLOBAL_SECONDARY_INDEXES}`, () => {
    const indexes = (count: number) =>
      Array.from({ length: count }, (_, i) => [`      - name: index_${i}`, '        partitionKey:', `          name: key${i}`, '          type: S']).flat();
    // line 6 is the key, the list starts at line 7, column 7 (its first "-")
    expectError(table('sessions', '    globalSecondaryIndexes:', ...indexes(21)), 7, 7, "21 global secondary indexes exceed DynamoDB's limit of 20 per table");
    expect(loadSchema(table('sessions', '    globalSecondaryIndexes:', ...indexes(20)), FILE).tables[0]!.globalSecondaryIndexes).toHaveLength(20);
  });
});

describe('attribute names', () => {
  it('refuses a partition key name with "$"', () => {
    expectError(table('sessions').replace('name: id', 'name: "i$d"'), 4, 13, `attribute name "i$d" ${ATTRIBUTE_RULE}`);
  });

  it('refuses an empty partition key name', () => {
    expectError(table('sessions').replace('name: id', 'name: ""'), 4, 13, `attribute name "" ${ATTRIBUTE_RULE}`);
  });

  it('refuses a sort key name with a leading "-"', () => {
    expectError(table('sessions', '    sortKey:', '      name: "-sk"', '      type: S'), 7, 13, `attribute name "-sk" ${ATTRIBUTE_RULE}`);
  });

  it('refuses an index key name with a quote', () => {
    expectError(withIndex().replace('name: shop', `name: "sh'op"`), 9, 17, `attribute name "sh'op" ${ATTRIBUTE_RULE}`);
  });

  it('refuses a documented attribute name with a space and says why', () => {
    const yaml = table('sessions', '    attributes:', '      - name: "a b"', '        type: S');
    const error = expectError(yaml, 7, 15, `attribute name "a b" ${ATTRIBUTE_RULE}`);
    expect(error.reason).toContain('generated shell and PowerShell scripts');
  });

  it('refuses a nonKeyAttributes entry with a space at that entry', () => {
    const yaml = withIndex('        projection: INCLUDE', '        nonKeyAttributes:', '          - total', '          - "sub total"');
    expectError(yaml, 14, 13, `attribute name "sub total" ${ATTRIBUTE_RULE}`);
  });

  it('accepts 1-character and 255-character names', () => {
    expect(ATTRIBUTE_NAME_PATTERN.test('a')).toBe(true);
    expect(ATTRIBUTE_NAME_PATTERN.test('a'.repeat(255))).toBe(true);
    expect(ATTRIBUTE_NAME_PATTERN.test('a'.repeat(256))).toBe(false);
  });

  it('refuses an attribute documented twice at the second one', () => {
    const yaml = table('sessions', '    attributes:', '      - name: x', '        type: S', '      - name: x', '        type: N');
    expectError(yaml, 9, 15, 'attribute "x" is documented twice');
  });
});

describe('key attributes', () => {
  it('refuses a key attribute with two types at the second type', () => {
    const yaml = table(
      'sessions',
      '    globalSecondaryIndexes:', // 6
      '      - name: by_id', //         7
      '        partitionKey:', //       8
      '          name: id', //          9
      '          type: N', //           10  <- value at column 17
    );
    expectError(yaml, 10, 17, 'key attribute "id" is a String elsewhere; one attribute has one type');
  });

  it('refuses an index sort key whose type differs from the table sort key', () => {
    const yaml = table('sessions', '    sortKey:', '      name: at', '      type: N', ...withIndex('        sortKey:', '          name: at', '          type: S').split('\n').slice(5, -1));
    // lines 6-8 sortKey, 9-13 the index, 14-16 its sort key: type value at 16:17
    expectError(yaml, 16, 17, 'key attribute "at" is a Number elsewhere');
  });

  it('refuses a documented attribute whose type differs from the key', () => {
    expectError(table('sessions', '    attributes:', '      - name: id', '        type: N'), 8, 15, 'attribute "id" is a key of type S, not N');
  });

  it('refuses an index whose sort key is its partition key, at the sort key name', () => {
    const yaml = withIndex('        sortKey:', '          name: shop', '          type: S');
    expectError(yaml, 12, 17, 'index "by_shop": sort key "shop" must differ from the index\'s partition key');
  });

  it('refuses a sort key equal to the partition key at the sort key name', () => {
    expectError(table('sessions', '    sortKey:', '      name: id', '      type: S'), 7, 13, 'sort key "id" must differ from the partition key');
  });

  it('accepts the same key attribute with the same type in the table and an index', () => {
    const yaml = table('sessions', '    sortKey:', '      name: at', '      type: N', ...withIndex('        sortKey:', '          name: at', '          type: N').split('\n').slice(5, -1));
    expect(loadSchema(yaml, FILE).tables[0]!.globalSecondaryIndexes[0]!.sortKey).toEqual({ name: 'at', type: 'N' });
  });
});

describe('projections', () => {
  it('refuses INCLUDE without nonKeyAttributes at the projection value', () => {
    expectError(withIndex('        projection: INCLUDE'), 11, 21, 'index "by_shop" projects INCLUDE but lists no nonKeyAttributes');
  });

  it('refuses nonKeyAttributes with projection ALL at the list', () => {
    expectError(withIndex('        projection: ALL', '        nonKeyAttributes:', '          - total'), 13, 11, 'nonKeyAttributes only apply to projection INCLUDE, not ALL');
  });

  it('refuses nonKeyAttributes with KEYS_ONLY and with the default projection', () => {
    expectError(withIndex('        projection: KEYS_ONLY', '        nonKeyAttributes: [total]'), 12, 27, 'nonKeyAttributes only apply to projection INCLUDE, not KEYS_ONLY');
    expectError(withIndex('        nonKeyAttributes: [total]'), 11, 27, 'nonKeyAttributes only apply to projection INCLUDE, not ALL');
  });

  it('refuses a non-key attribute listed twice at the second entry', () => {
    expectError(withIndex('        projection: INCLUDE', '        nonKeyAttributes:', '          - total', '          - total'), 14, 13, '"total" is listed twice');
  });

  it('refuses more than 20 nonKeyAttributes on one index at the list, and accepts 20', () => {
    const many = Array.from({ length: 21 }, (_, i) => `          - attr${i}`);
    expectError(withIndex('        projection: INCLUDE', '        nonKeyAttributes:', ...many), 13, 11, 'index "by_shop" lists 21 nonKeyAttributes; DynamoDB allows at most 20 per index');
    expect(() => loadSchema(withIndex('        projection: INCLUDE', '        nonKeyAttributes:', ...many.slice(1)), FILE)).not.toThrow();
  });

  it('refuses more than 100 projected attributes per table at the index list, counting one attribute in two indexes twice', () => {
    const index = (i: number, count: number) => [
      `      - name: by_shop_${i}`,
      '        partitionKey: { name: shop, type: S }',
      '        projection: INCLUDE',
      `        nonKeyAttributes: [${Array.from({ length: count }, (_, n) => `attr${n}`).join(', ')}]`,
    ];
    const schema = (sixth: number) =>
      table('sessions', '    globalSecondaryIndexes:', ...[0, 1, 2, 3, 4].flatMap((i) => index(i, 20)), ...(sixth > 0 ? index(5, sixth) : []));
    expectError(schema(1), 7, 7, "101 projected non-key attributes exceed DynamoDB's limit of 100 per table");
    expect(() => loadSchema(schema(0), FILE)).not.toThrow();
  });
});

describe('error order among rules', () => {
  it('reports the rule that fails earliest in the file, not the first one checked', () => {
    const yaml = lines(
      'tables:', //                 1
      '  - description: "a`b"', //   2  <- checked after the name, but earlier in the file
      '    name: ab', //              3
      '    partitionKey:', //         4
      '      name: id', //            5
      '      type: S', //             6
    );
    expectError(yaml, 2, 18, 'description must be one line');
  });
});
