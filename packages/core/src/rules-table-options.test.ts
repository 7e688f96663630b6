/**
 * The semantic rules of rules.ts that concern table options: billing and capacity, TTL, encryption,
 * tags, descriptions and script names. Positions and reasons are asserted through `loadSchema`;
 * `checkSchemaRules` is also called directly to pin the document paths it reports.
 */
import { describe, expect, it } from 'vitest';
import { expectError, FILE, table } from './__tests__/schema-text.js';
import type { SchemaInput } from './input.js';
import { loadSchema } from './load.js';
import { checkSchemaRules, defaultScriptName } from './rules.js';

const ONE_LINE = 'description must be one line of at most 500 printable ASCII characters without backquotes';

describe('billing and capacity', () => {
  it('refuses PROVISIONED without capacities, at the table', () => {
    expectError(table('    billingMode: PROVISIONED'), 2, 5, 'billingMode PROVISIONED needs readCapacityUnits on the table');
  });

  it('refuses PROVISIONED with only readCapacityUnits, naming writeCapacityUnits', () => {
    expectError(table('    billingMode: PROVISIONED', '    readCapacityUnits: 5'), 2, 5, 'billingMode PROVISIONED needs writeCapacityUnits on the table');
  });

  it('refuses an index of a PROVISIONED table without capacities, at the index', () => {
    const yaml = table(
      '    billingMode: PROVISIONED', //   6
      '    readCapacityUnits: 5', //       7
      '    writeCapacityUnits: 5', //      8
      '    globalSecondaryIndexes:', //    9
      '      - name: by_shop', //          10  <- index mapping at column 9
      '        partitionKey:', //          11
      '          name: shop', //           12
      '          type: S', //              13
      '        writeCapacityUnits: 1', //  14
    );
    expectError(yaml, 10, 9, 'billingMode PROVISIONED needs readCapacityUnits on index "by_shop"');
  });

  it('refuses readCapacityUnits on an on-demand table by default, at the value', () => {
    const error = expectError(table('    readCapacityUnits: 5'), 6, 24, 'readCapacityUnits is only allowed with billingMode PROVISIONED');
    expect(error.reason).toContain('PAY_PER_REQUEST');
  });

  it('refuses writeCapacityUnits with explicit PAY_PER_REQUEST, at the value', () => {
    expectError(table('    billingMode: PAY_PER_REQUEST', '    writeCapacityUnits: 5'), 7, 25, 'writeCapacityUnits is only allowed with billingMode PROVISIONED');
  });

  it('refuses capacity on an index of an on-demand table, at the value', () => {
    const yaml = table(
      '    globalSecondaryIndexes:', // 6
      '      - name: by_shop', //       7
      '        partitionKey:', //       8
      '          name: shop', //        9
      '          type: S', //           10
      '        readCapacityUnits: 5', // 11  <- value at column 28
    );
    expectError(yaml, 11, 28, 'readCapacityUnits is only allowed with billingMode PROVISIONED');
  });
});

describe('time to live', () => {
  it('refuses a TTL attribute that is not documented, at the value', () => {
    expectError(table('    timeToLiveAttribute: ttl'), 6, 26, 'TTL attribute "ttl" is not documented; add it to attributes with type N (epoch seconds)');
  });

  it('refuses TTL on the String "expires" and explains the ISO-8601 reason', () => {
    const yaml = table(
      '    attributes:', //                 6
      '      - name: expires', //           7
      '        type: S', //                 8
      '    timeToLiveAttribute: expires', // 9  <- value at column 26
    );
    const error = expectError(yaml, 9, 26, 'TTL attribute "expires" is a String: DynamoDB only expires items by a Number of epoch seconds');
    expect(error.reason).toContain('ISO-8601');
    expect(error.reason).toContain('Shopify session adapter');
  });

  it('gives the ISO-8601 reason for refreshTokenExpires too', () => {
    const yaml = table('    attributes:', '      - name: refreshTokenExpires', '        type: S', '    timeToLiveAttribute: refreshTokenExpires');
    expect(expectError(yaml, 9, 26, 'TTL attribute "refreshTokenExpires" is a String').reason).toContain('ISO-8601');
  });

  it('refuses TTL on another String attribute without the Shopify note', () => {
    const yaml = table('    attributes:', '      - name: validUntil', '        type: S', '    timeToLiveAttribute: validUntil');
    const error = expectError(yaml, 9, 26, 'TTL attribute "validUntil" is a String: DynamoDB only expires items by a Number of epoch seconds');
    expect(error.reason).not.toContain('ISO-8601');
  });

  it('names the type of a BOOL TTL attribute', () => {
    const yaml = table('    attributes:', '      - name: done', '        type: BOOL', '    timeToLiveAttribute: done');
    expectError(yaml, 9, 26, 'TTL attribute "done" is a Boolean');
  });

  it('refuses TTL on a String key attribute', () => {
    expectError(table('    timeToLiveAttribute: id'), 6, 26, 'TTL attribute "id" is a String');
  });

  it('accepts a documented Number attribute and a Number key', () => {
    const documented = loadSchema(table('    attributes:', '      - name: expiresAt', '        type: N', '    timeToLiveAttribute: expiresAt'), FILE);
    expect(documented.tables[0]!.timeToLiveAttribute).toBe('expiresAt');
    const key = loadSchema(table('    sortKey:', '      name: at', '      type: N', '    timeToLiveAttribute: at'), FILE);
    expect(key.tables[0]!.timeToLiveAttribute).toBe('at');
  });
});

describe('encryption', () => {
  it('refuses kmsKeyId with AWS_OWNED encryption, at the key id', () => {
    const yaml = table(
      '    encryption:', //          6
      '      type: AWS_OWNED', //    7
      '      kmsKeyId: alias/x', //  8  <- value at column 17
    );
    expectError(yaml, 8, 17, 'kmsKeyId needs encryption type KMS');
  });

  it('refuses a kmsKeyId in none of the four documented forms', () => {
    const refused = ['"alias/my key"', 'my-key', 'alias/', '1234abcd-12ab-34cd-56ef', 'arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:s3:::bucket'];
    for (const id of refused) {
      expectError(table('    encryption:', '      type: KMS', `      kmsKeyId: ${id}`), 8, 17, `kmsKeyId "${id.replace(/"/g, '')}" must be a key id (UUID or mrk-...), a key ARN, an alias name (alias/...) or an alias ARN`);
    }
  });

  it('accepts a key id, a multi-Region key id, a key ARN, an alias name and an alias ARN', () => {
    const accepted = [
      'alias/orders',
      'alias/aws/dynamodb',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws-cn:kms:cn-north-1:111122223333:alias/orders_key',
    ];
    for (const id of accepted) {
      const schema = loadSchema(table('    encryption:', '      type: KMS', `      kmsKeyId: ${id}`), FILE);
      expect(schema.tables[0]!.serverSideEncryption).toEqual({ type: 'KMS', kmsKeyId: id });
    }
  });
});

describe('tags', () => {
  it('refuses a tag key with a character DynamoDB does not allow, at the key', () => {
    const yaml = table(
      '    tags:', //       6
      '      "a!b": x', //  7  <- key at column 7
    );
    expectError(yaml, 7, 7, 'tag key "a!b" must be 1-128 characters of letters, digits, inner spaces and _ . : / + = @ -, not starting with aws:');
  });

  it('refuses a tag key starting with aws:, at the key', () => {
    expectError(table('    tags:', '      "aws:owner": me'), 7, 7, 'tag key "aws:owner"');
  });

  it('refuses a tag key longer than 128 characters', () => {
    expectError(table('    tags:', `      ${'k'.repeat(129)}: v`), 7, 7, `tag key "${'k'.repeat(129)}"`);
  });

  it('refuses a tag value with ",", at the value', () => {
    const yaml = table(
      '    tags:', //           6
      '      env: "a,b"', //    7  <- value at column 12
    );
    expectError(yaml, 7, 12, 'tag value of "env" must be empty or 1-256 characters of letters, digits, inner spaces and _ . : / + = @ -');
  });

  it('points at the value of a bad tag whose YAML key is a number', () => {
    const yaml = table(
      '    tags:', //            6
      '      env: ok', //        7
      '      2024: "a,b"', //    8  <- value at column 13
    );
    expectError(yaml, 8, 13, 'tag value of "2024"');
  });

  it('refuses more than 50 tags at the tags mapping and accepts 50', () => {
    const tags = (count: number) => Array.from({ length: count }, (_, i) => `      t${i}: v`);
    expectError(table('    tags:', ...tags(51)), 7, 7, "51 tags exceed DynamoDB's limit of 50");
    expect(loadSchema(table('    tags:', ...tags(50)), FILE).tables[0]!.tags).toHaveLength(50);
  });

  it('accepts every allowed character', () => {
    const schema = loadSchema(table('    tags:', '      "Team Name/x:y+z@w_v.u-t": "a b/c:d+e@f_g.h-i"'), FILE);
    expect(schema.tables[0]!.tags).toEqual([{ key: 'Team Name/x:y+z@w_v.u-t', value: 'a b/c:d+e@f_g.h-i' }]);
  });

  it('accepts what DynamoDB accepts: an empty value and "=" in keys and values', () => {
    const schema = loadSchema(table('    tags:', '      empty: ""', '      "a=b": "x=y=z"', '      v256: ' + 'v'.repeat(256)), FILE);
    expect(schema.tables[0]!.tags).toEqual([{ key: 'a=b', value: 'x=y=z' }, { key: 'empty', value: '' }, { key: 'v256', value: 'v'.repeat(256) }]);
  });

  it('refuses a space-padded tag value, which the scripts could not compare, and a value over 256 characters', () => {
    expectError(table('    tags:', '      padded: " x"'), 7, 15, 'tag value of "padded" must be empty or 1-256 characters');
    expectError(table('    tags:', `      long: ${'v'.repeat(257)}`), 7, 13, 'tag value of "long" must be empty or 1-256 characters');
  });
});

describe('descriptions', () => {
  it('refuses a table description with a newline escape, at the value', () => {
    expectError(table('    description: "first\\nsecond"'), 6, 18, ONE_LINE);
  });

  it('refuses a block-literal description spanning two lines, at the value', () => {
    const yaml = table(
      '    description: |', //  6  <- block indicator at column 18
      '      line one', //      7
      '      line two', //      8
    );
    expectError(yaml, 6, 18, ONE_LINE);
  });

  it('refuses a table description with a backquote', () => {
    expectError(table('    description: "run `rm -rf`"'), 6, 18, ONE_LINE);
  });

  it('refuses non-ASCII and more than 500 characters', () => {
    expectError(table('    description: café'), 6, 18, ONE_LINE);
    expectError(table(`    description: ${'x'.repeat(501)}`), 6, 18, ONE_LINE);
    expect(loadSchema(table(`    description: ${'x'.repeat(500)}`), FILE).tables[0]!.description).toHaveLength(500);
  });

  it('refuses an attribute description with a backquote, at that value', () => {
    const yaml = table(
      '    attributes:', //               6
      '      - name: state', //            7
      '        type: S', //                8
      '        description: "a `b`"', //   9  <- value at column 22
    );
    expectError(yaml, 9, 22, ONE_LINE);
  });
});

describe('script names', () => {
  it('refuses uppercase and "_", at the value', () => {
    expectError(table('    scriptName: Create_Sessions'), 6, 17, 'script name "Create_Sessions" must be lowercase letters, digits and "-" (at most 100)');
  });

  it('refuses a leading "-", an empty name and more than 100 characters', () => {
    expectError(table('    scriptName: "-create"'), 6, 17, 'script name "-create"');
    expectError(table('    scriptName: ""'), 6, 17, 'script name ""');
    expectError(table(`    scriptName: ${'a'.repeat(101)}`), 6, 17, `script name "${'a'.repeat(101)}"`);
    expect(loadSchema(table(`    scriptName: ${'a'.repeat(100)}`), FILE).tables[0]!.scriptName).toHaveLength(100);
  });

  it('derives create-<name>-table with "_" and "." as "-", lowercased', () => {
    expect(defaultScriptName('shopify_sessions')).toBe('create-shopify-sessions-table');
    expect(defaultScriptName('My.App__Orders')).toBe('create-my-app-orders-table');
    expect(defaultScriptName('orders-v2')).toBe('create-orders-v2-table');
  });
});

describe('checkSchemaRules', () => {
  const valid: SchemaInput = { tables: [{ name: 'sessions', partitionKey: { name: 'id', type: 'S' } }] };

  it('returns no issues for a valid schema', () => {
    expect(checkSchemaRules(valid)).toEqual([]);
  });

  it('returns every issue with its document path, not only the first', () => {
    const issues = checkSchemaRules({
      tables: [
        {
          name: 'ab',
          partitionKey: { name: 'id', type: 'S' },
          sortKey: { name: 'id', type: 'S' },
          billingMode: 'PROVISIONED',
          globalSecondaryIndexes: [{ name: 'by_shop', partitionKey: { name: 'shop', type: 'S' }, projection: 'INCLUDE' }],
          encryption: { type: 'AWS_OWNED', kmsKeyId: 'alias/x' },
          tags: { 'aws:x': 'y' },
        },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['tables', 0, 'name'],
      ['tables', 0, 'sortKey', 'name'],
      ['tables', 0],
      ['tables', 0],
      ['tables', 0, 'globalSecondaryIndexes', 0, 'projection'],
      ['tables', 0, 'globalSecondaryIndexes', 0],
      ['tables', 0, 'globalSecondaryIndexes', 0],
      ['tables', 0, 'encryption', 'kmsKeyId'],
      ['tables', 0, 'tags', 'aws:x'],
    ]);
  });
});
