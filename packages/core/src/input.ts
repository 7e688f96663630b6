/**
 * The shape of `ddb-migrations.yaml` as written by a user, derived from its one definition in
 * schema-definition.ts (which also yields schema.json). It is flatter than the model (billing and
 * projection are plain fields) so the file reads like the DynamoDB console.
 */
import type { Static } from '@sinclair/typebox';
import type { globalSecondaryIndexDefinition, localSecondaryIndexDefinition, schemaDefinition, tableDefinition } from './schema-definition.js';

export type GlobalSecondaryIndexInput = Static<typeof globalSecondaryIndexDefinition>;
export type LocalSecondaryIndexInput = Static<typeof localSecondaryIndexDefinition>;
export type TableInput = Static<typeof tableDefinition>;
export type SchemaInput = Static<typeof schemaDefinition>;
