import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { schemaDocument } from './generated/validate-schema.js';
import { toJsonSchemaDocument } from './schema-definition.js';

describe('schema.json', () => {
  test('the shipped file and the precompiled validator are both the definition, as built', () => {
    const shipped = JSON.parse(readFileSync(new URL('../schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(toJsonSchemaDocument());
    expect(schemaDocument).toEqual(shipped);
  });

  test('is a draft-07 document for editors, closed at every object', () => {
    const document = toJsonSchemaDocument();
    expect(document.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const open: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && record.properties && record.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries(record)) visit(child, `${path}/${key}`);
    };
    visit(document, '');
    expect(open).toEqual([]);
  });
});
