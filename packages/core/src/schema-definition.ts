/**
 * The one definition of `ddb-migrations.yaml`: its TypeScript types (input.ts) and its JSON Schema
 * (schema.json, written at build by scripts/compile-validator.mjs together with the standalone
 * validator) both come from here, so they cannot drift. Imported at run time only by the build: the
 * product loads the precompiled validator, never TypeBox.
 */
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { JsonObject, JsonValue } from './model.js';

/**
 * A JSON Schema `enum`. TypeBox's own unions render as `anyOf` of `const`, whose errors would read
 * "must be equal to constant" once per member instead of one "must be one of ...".
 */
function StringEnum<const Values extends readonly string[]>(values: Values, options: Record<string, unknown> = {}): TUnsafe<Values[number]> {
  return Type.Unsafe<Values[number]>({ enum: [...values], ...options });
}

const closed = { additionalProperties: false } as const;

const KeyAttribute = Type.Object(
  {
    name: Type.String({ description: 'Attribute name.' }),
    type: StringEnum(['S', 'N', 'B'], { description: 'Key attributes are String, Number or Binary.' }),
  },
  closed,
);

const CapacityUnits = Type.Integer({
  minimum: 1,
  maximum: 1_000_000_000_000,
  description: 'DynamoDB refuses more than 10^12 units ("out of bounds"); the default quota is 40,000 per table.',
});

const RequestUnitsCap = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 });

const OnDemandThroughput = Type.Object(
  {
    maxReadRequestUnits: Type.Optional(RequestUnitsCap),
    maxWriteRequestUnits: Type.Optional(RequestUnitsCap),
  },
  {
    ...closed,
    minProperties: 1,
    description: 'The most request units per second on-demand billing may use (a cost guard rail). Omit a member for no cap.',
  },
);

const UnitsPerSecond = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 });

const WarmThroughput = Type.Object(
  {
    readUnitsPerSecond: Type.Optional(UnitsPerSecond),
    writeUnitsPerSecond: Type.Optional(UnitsPerSecond),
  },
  {
    ...closed,
    minProperties: 1,
    description:
      'Throughput DynamoDB keeps ready (billed). It can only be raised, and DynamoDB raises it on its own: a higher live value is in sync.',
  },
);

const ContributorInsights = Type.Boolean({ default: false, description: 'CloudWatch Contributor Insights on this table or index.' });

const indexProjection = {
  projection: Type.Optional(StringEnum(['ALL', 'KEYS_ONLY', 'INCLUDE'], { default: 'ALL' })),
  nonKeyAttributes: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
};

const GlobalSecondaryIndex = Type.Object(
  {
    name: Type.String({ description: 'Index name: 3-255 characters of a-z A-Z 0-9 _ - .' }),
    partitionKey: KeyAttribute,
    sortKey: Type.Optional(KeyAttribute),
    ...indexProjection,
    readCapacityUnits: Type.Optional(CapacityUnits),
    writeCapacityUnits: Type.Optional(CapacityUnits),
    onDemandThroughput: Type.Optional(OnDemandThroughput),
    warmThroughput: Type.Optional(WarmThroughput),
    contributorInsights: Type.Optional(ContributorInsights),
  },
  closed,
);

const LocalSecondaryIndex = Type.Object(
  {
    name: Type.String({ description: 'Index name: 3-255 characters of a-z A-Z 0-9 _ - .' }),
    sortKey: KeyAttribute,
    ...indexProjection,
  },
  { ...closed, description: "The table's partition key with another sort key. Set only when the table is created." },
);

const AnyJson = Type.Unsafe<JsonValue>({});

const DocumentedAttribute = Type.Object(
  {
    name: Type.String(),
    type: StringEnum(['S', 'N', 'B', 'BOOL', 'M', 'L', 'SS', 'NS', 'BS', 'NULL']),
    description: Type.Optional(Type.String()),
  },
  closed,
);

const Encryption = Type.Object(
  {
    type: StringEnum(['AWS_OWNED', 'KMS']),
    kmsKeyId: Type.Optional(Type.String({ description: 'Key id, ARN or alias; omit for the AWS managed key.' })),
  },
  closed,
);

const Table = Type.Object(
  {
    name: Type.String({ description: 'Table name: 3-255 characters of a-z A-Z 0-9 _ - .' }),
    scriptName: Type.Optional(Type.String({ description: 'Base name of the generated scripts (default create-<name>-table).' })),
    description: Type.Optional(Type.String()),
    partitionKey: KeyAttribute,
    sortKey: Type.Optional(KeyAttribute),
    billingMode: Type.Optional(StringEnum(['PAY_PER_REQUEST', 'PROVISIONED'], { default: 'PAY_PER_REQUEST' })),
    readCapacityUnits: Type.Optional(CapacityUnits),
    writeCapacityUnits: Type.Optional(CapacityUnits),
    globalSecondaryIndexes: Type.Optional(Type.Array(GlobalSecondaryIndex)),
    localSecondaryIndexes: Type.Optional(
      Type.Array(LocalSecondaryIndex, {
        maxItems: 5,
        description: 'At most 5, on a table with a sortKey. DynamoDB takes them only in CreateTable: apply refuses any later change.',
      }),
    ),
    onDemandThroughput: Type.Optional(OnDemandThroughput),
    warmThroughput: Type.Optional(WarmThroughput),
    attributes: Type.Optional(
      Type.Array(DocumentedAttribute, { description: 'Documented non-key attributes and the types the application stores in them.' }),
    ),
    timeToLiveAttribute: Type.Optional(Type.String({ description: 'A documented Number attribute (epoch seconds).' })),
    pointInTimeRecovery: Type.Optional(Type.Boolean({ default: false })),
    recoveryPeriodInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 35, description: 'Days of point-in-time recovery kept (default 35); needs pointInTimeRecovery: true.' }),
    ),
    contributorInsights: Type.Optional(ContributorInsights),
    resourcePolicy: Type.Optional(
      Type.Unsafe<JsonObject>({
        type: 'object',
        additionalProperties: AnyJson,
        description: 'A resource-based policy document (IAM policy JSON, written as YAML), at most 20 KB as JSON.',
      }),
    ),
    deletionProtection: Type.Optional(Type.Boolean({ default: false })),
    encryption: Type.Optional(Encryption),
    tableClass: Type.Optional(StringEnum(['STANDARD', 'STANDARD_INFREQUENT_ACCESS'], { default: 'STANDARD' })),
    stream: Type.Optional(StringEnum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'])),
    // Not Type.Record: its `patternProperties` would show editors a regex where a map of strings is meant.
    tags: Type.Optional(Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' } })),
  },
  closed,
);

export const schemaDefinition = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    tables: Type.Array(Table, { minItems: 1 }),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/ddb-migrations/ddb-migrations/packages/core/schema.json',
    title: 'ddb-migrations.yaml',
    description: 'DynamoDB tables kept in code by ddb-migrations.',
    ...closed,
  },
);

export { GlobalSecondaryIndex as globalSecondaryIndexDefinition, LocalSecondaryIndex as localSecondaryIndexDefinition, Table as tableDefinition };

/** The JSON Schema document as plain data (TypeBox's markers are symbols, which JSON drops). */
export function toJsonSchemaDocument(schema: TSchema = schemaDefinition): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}
