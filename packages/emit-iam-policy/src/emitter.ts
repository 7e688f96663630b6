import {
  applicationPolicyFilesOf, assertPortableText, operatorPolicyFilesOf, type EmitResult, type EmittedFile, type Emitter, type PolicyDocument, type PolicyFile, type Schema,
} from '@ddb-migrations/core';

export {
  DATA_ACCESS_INDEX_ACTIONS, DATA_ACCESS_TABLE_ACTIONS, MANAGED_POLICY_MAX_CHARS, OPERATOR_ACTIONS, OPERATOR_READ_ACTIONS,
  SESSION_ADAPTER_INDEX_ACTIONS, SESSION_ADAPTER_TABLE_ACTIONS, type PolicyDocument,
} from '@ddb-migrations/core';

/** The application's policy as one document (all statements, before any split into managed-policy-sized files). */
export function toIamPolicy(schema: Schema): PolicyDocument {
  return { Version: '2012-10-17', Statement: applicationPolicyFilesOf(schema).flatMap((file) => file.document.Statement) };
}

const toFile = ({ path, document }: PolicyFile): EmittedFile => assertPortableText({ path, contents: `${JSON.stringify(document, null, 2)}\n` });

/**
 * `iam-policy.json` for the application and `iam-policy-ddb-migrate.json` for whoever runs
 * `ddb-migrate plan/apply/verify`; each becomes several numbered files when one would pass IAM's
 * 6,144-character managed-policy limit.
 */
export function emitIamPolicy(schema: Schema): EmitResult {
  return { files: [...applicationPolicyFilesOf(schema), ...operatorPolicyFilesOf(schema)].map(toFile), warnings: [] };
}

export const iamPolicyEmitter: Emitter = { name: 'iam-policy', emit: emitIamPolicy };
