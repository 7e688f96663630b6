import { artifactNamesOf, assertPortableText, type EmitResult, type Emitter, type Schema } from '@ddb-migrations/core';

/**
 * Exactly the calls `@shopify/shopify-app-session-storage-dynamodb` makes: storeSession (PutItem),
 * loadSession (GetItem), deleteSession(s) (DeleteItem), findSessionsByShop (Query on the index).
 */
export const SESSION_ADAPTER_TABLE_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'] as const;
export const SESSION_ADAPTER_INDEX_ACTIONS = ['dynamodb:Query'] as const;

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

/**
 * Region and account are wildcards so one policy works wherever the table is created; narrow them to
 * your own when you attach it. Query is granted on the indexes only: the adapter never queries the table.
 */
export function toIamPolicy(schema: Schema): { Version: '2012-10-17'; Statement: Statement[] } {
  const statements: Statement[] = [];
  for (const table of schema.tables) {
    const tableArn = `arn:aws:dynamodb:*:*:table/${table.name}`;
    // Sids must be unique within a policy; logical ids are (the schema rules guarantee it).
    const { logicalId } = artifactNamesOf(table, schema);
    statements.push({ Sid: `${logicalId}Items`, Effect: 'Allow', Action: [...SESSION_ADAPTER_TABLE_ACTIONS], Resource: [tableArn] });
    if (table.globalSecondaryIndexes.length > 0) {
      statements.push({
        Sid: `${logicalId}IndexQuery`,
        Effect: 'Allow',
        Action: [...SESSION_ADAPTER_INDEX_ACTIONS],
        Resource: table.globalSecondaryIndexes.map((index) => `${tableArn}/index/${index.name}`).sort(),
      });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function emitIamPolicy(schema: Schema): EmitResult {
  const contents = `${JSON.stringify(toIamPolicy(schema), null, 2)}\n`;
  return { files: [assertPortableText({ path: 'iam-policy.json', contents })], warnings: [] };
}

export const iamPolicyEmitter: Emitter = { name: 'iam-policy', emit: emitIamPolicy };
