// Type-level tests, checked by tsc when vitest runs (vitest.config.ts enables typecheck for *.test-d.ts).
// The input types come from the same TypeBox definition as schema.json; these pin them to the model's
// value types, so a setting added to the schema with values the model does not know fails to compile.
import { describe, expectTypeOf, test } from 'vitest';
import validateStructure from './generated/validate-schema.js';
import type { GlobalSecondaryIndexInput, LocalSecondaryIndexInput, SchemaInput, TableInput } from './input.js';
import type { AttributeType, JsonObject, KeyAttribute, OnDemandThroughput, StreamViewType, TableClass, WarmThroughput } from './model.js';

describe('the input types derived from the schema definition', () => {
  test('the precompiled validator is a type guard for SchemaInput (load.ts needs no cast)', () => {
    expectTypeOf(validateStructure).guards.toEqualTypeOf<SchemaInput>();
  });

  test('keys and value enums are exactly the model types', () => {
    expectTypeOf<TableInput['partitionKey']>().toEqualTypeOf<KeyAttribute>();
    expectTypeOf<GlobalSecondaryIndexInput['partitionKey']>().toEqualTypeOf<KeyAttribute>();
    expectTypeOf<NonNullable<TableInput['attributes']>[number]['type']>().toEqualTypeOf<AttributeType>();
    expectTypeOf<NonNullable<TableInput['stream']>>().toEqualTypeOf<StreamViewType>();
    expectTypeOf<NonNullable<TableInput['tableClass']>>().toEqualTypeOf<TableClass>();
    expectTypeOf<NonNullable<TableInput['tags']>>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<LocalSecondaryIndexInput['sortKey']>().toEqualTypeOf<KeyAttribute>();
    expectTypeOf<NonNullable<TableInput['onDemandThroughput']>>().toEqualTypeOf<OnDemandThroughput>();
    expectTypeOf<NonNullable<GlobalSecondaryIndexInput['onDemandThroughput']>>().toEqualTypeOf<OnDemandThroughput>();
    expectTypeOf<NonNullable<TableInput['warmThroughput']>>().toEqualTypeOf<WarmThroughput>();
    expectTypeOf<NonNullable<GlobalSecondaryIndexInput['warmThroughput']>>().toEqualTypeOf<WarmThroughput>();
    expectTypeOf<NonNullable<TableInput['resourcePolicy']>>().toEqualTypeOf<JsonObject>();
  });

  test('optional settings are optional, required ones required', () => {
    expectTypeOf<TableInput>().toHaveProperty('name').toEqualTypeOf<string>();
    expectTypeOf<TableInput['pointInTimeRecovery']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TableInput['recoveryPeriodInDays']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TableInput['contributorInsights']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<GlobalSecondaryIndexInput['contributorInsights']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<SchemaInput['tables']>().toEqualTypeOf<TableInput[]>();
    // @ts-expect-error a key the schema does not define is not part of the type
    expectTypeOf<TableInput>().toHaveProperty('notASetting');
  });
});
