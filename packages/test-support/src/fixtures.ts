import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSchema, type Schema } from '@ddb-migrations/core';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** A schema that uses every feature of the model, across two tables. */
export function richSchema(): Schema {
  return loadSchema(readFileSync(fixturePath('rich.yaml')), 'rich.yaml');
}
