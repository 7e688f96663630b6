import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema } from './canonical.js';
import { loadSchema } from './load.js';
import type { Schema } from './model.js';
import { toSchemaYaml } from './to-yaml.js';

const rich = loadSchema(readFileSync(new URL('../test-fixtures/rich.yaml', import.meta.url)), 'rich.yaml');
const testSupportRich = loadSchema(readFileSync(new URL('../../test-support/fixtures/rich.yaml', import.meta.url)), 'rich.yaml');

describe('toSchemaYaml', () => {
  it.each([
    ['canonical', canonicalSchema],
    ['core rich fixture', rich],
    ['test-support rich fixture', testSupportRich],
  ] as [string, Schema][])('round-trips the %s schema through loadSchema', (_name, schema) => {
    const text = toSchemaYaml(schema);
    expect(loadSchema(text, 'written.yaml')).toEqual(schema);
    // Deterministic: the same schema, the same bytes, and the written text is its own fixed point.
    expect(toSchemaYaml(loadSchema(text, 'written.yaml'))).toBe(text);
  });

  it('writes the canonical table in the flat input format, leaving defaults out', () => {
    expect(toSchemaYaml(canonicalSchema)).toMatchFileSnapshot('./__golden__/canonical-schema.yaml');
  });

  it('writes header comment lines, including the editor schema line, and stays loadable', () => {
    const text = toSchemaYaml(canonicalSchema, { header: ['yaml-language-server: $schema=./node_modules/@ddb-migrations/core/schema.json', '', 'Pulled from the live table.'] });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# yaml-language-server: $schema=./node_modules/@ddb-migrations/core/schema.json',
      '#',
      '# Pulled from the live table.',
      'tables:',
    ]);
    expect(loadSchema(text, 'written.yaml')).toEqual(canonicalSchema);
  });

  it('quotes what YAML would otherwise read as another type, and keeps tags sorted', () => {
    const [table] = canonicalSchema.tables;
    const schema: Schema = {
      tables: [
        {
          ...table!,
          description: 'yes: a "quoted" #comment: {not a map}, [not a list]',
          tags: [
            { key: 'cost-center', value: '4711' },
            { key: 'enabled', value: 'true' },
            { key: 'null', value: 'null' },
          ],
        },
      ],
    };
    const text = toSchemaYaml(schema);
    expect(text).toContain('cost-center: "4711"');
    expect(loadSchema(text, 'written.yaml')).toEqual(schema);
  });
});
