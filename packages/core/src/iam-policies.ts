import type { Schema, TableSchema } from './model.js';
import { sessionIndexOf } from './session-shape.js';

/**
 * Exactly the calls `@shopify/shopify-app-session-storage-dynamodb` makes: storeSession (PutItem),
 * loadSession (GetItem), deleteSession(s) (DeleteItem), findSessionsByShop (Query on its shop index).
 */
export const SESSION_ADAPTER_TABLE_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'] as const;
export const SESSION_ADAPTER_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * For a table the session adapter does not use: the item-level data plane an application reads and
 * writes with, and nothing that changes or deletes the table. Scan is left out on purpose (it reads
 * the whole table; add it by hand if the app really scans); so are PartiQL and transactions' extras.
 */
export const DATA_ACCESS_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
] as const;
export const DATA_ACCESS_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/**
 * What `ddb-migrate plan`, `apply` and `verify` call (packages/apply): plan and verify read the table,
 * its TTL, its continuous backups, its tags, its contributor insights and its resource-based policy;
 * apply creates the table and changes it in place. No DeleteTable: nothing the tool does may delete a
 * table (an index is removed through UpdateTable).
 */
export const OPERATOR_ACTIONS = [
  'dynamodb:CreateTable', 'dynamodb:DeleteResourcePolicy', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeContributorInsights',
  'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:GetResourcePolicy', 'dynamodb:ListTagsOfResource',
  'dynamodb:PutResourcePolicy', 'dynamodb:TagResource', 'dynamodb:UntagResource', 'dynamodb:UpdateContinuousBackups',
  'dynamodb:UpdateContributorInsights', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive',
] as const;
/** The subset plan and verify need: a read-only role for CI gates. */
export const OPERATOR_READ_ACTIONS = OPERATOR_ACTIONS.filter((action) => /:(Describe|List|Get)/.test(action));

/** IAM's limit for a customer managed policy, counted without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyFile {
  /** `iam-policy.json`, or `iam-policy-2.json` when the statements need several managed policies. */
  path: string;
  document: PolicyDocument;
}

// Region and account are wildcards so one policy works wherever the table is created; the README says to narrow them.
const tableArnOf = (table: TableSchema) => `arn:aws:dynamodb:*:*:table/${table.name}`;

/**
 * The application's statements: the adapter's calls on the session tables (Query on the one index it
 * uses), item access on every other table. Statements are grouped by purpose, not per table, so 200
 * tables still fit in a few managed policies (ARNs are most of the size; repeating actions is waste).
 */
export function applicationStatementsOf(schema: Schema): PolicyStatement[] {
  const sessionTables: string[] = [];
  const sessionIndexes: string[] = [];
  const appTables: string[] = [];
  const appIndexes: string[] = [];
  for (const table of schema.tables) {
    const tableArn = tableArnOf(table);
    const sessionIndex = sessionIndexOf(table);
    if (sessionIndex) {
      sessionTables.push(tableArn);
      sessionIndexes.push(`${tableArn}/index/${sessionIndex.name}`);
    } else {
      appTables.push(tableArn);
      appIndexes.push(...table.globalSecondaryIndexes.map((index) => `${tableArn}/index/${index.name}`).sort());
    }
  }
  const statements: PolicyStatement[] = [
    { Sid: 'ShopifySessionItems', Effect: 'Allow', Action: [...SESSION_ADAPTER_TABLE_ACTIONS], Resource: sessionTables },
    { Sid: 'ShopifySessionIndexQuery', Effect: 'Allow', Action: [...SESSION_ADAPTER_INDEX_ACTIONS], Resource: sessionIndexes },
    { Sid: 'AppDataItems', Effect: 'Allow', Action: [...DATA_ACCESS_TABLE_ACTIONS], Resource: appTables },
    { Sid: 'AppDataIndexQuery', Effect: 'Allow', Action: [...DATA_ACCESS_INDEX_ACTIONS], Resource: appIndexes },
  ];
  return statements.filter((statement) => statement.Resource.length > 0);
}

/** `iam-policy.json` (or `-1`, `-2`, ...): what the application needs at run time. */
export function applicationPolicyFilesOf(schema: Schema): PolicyFile[] {
  return toPolicyFiles('iam-policy', applicationStatementsOf(schema));
}

/** `iam-policy-ddb-migrate.json` (or `-1`, ...): what `ddb-migrate plan`, `apply` and `verify` need. */
export function operatorPolicyFilesOf(schema: Schema): PolicyFile[] {
  const statement: PolicyStatement = { Sid: 'DdbMigrateTables', Effect: 'Allow', Action: [...OPERATOR_ACTIONS], Resource: schema.tables.map(tableArnOf) };
  return toPolicyFiles('iam-policy-ddb-migrate', [statement]);
}

const SID_PART_ROOM = 'Part999'.length;
const sizeOf = (document: PolicyDocument) => JSON.stringify(document).length;
const documentOf = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/**
 * Fills documents in order up to the managed-policy limit, splitting a statement by resource where a
 * document is full (its parts get Sids `...Part1`, `...Part2`). Compact JSON is what IAM counts (it
 * ignores whitespace), and the names are ASCII, so characters are bytes.
 */
function toPolicyFiles(stem: string, statements: PolicyStatement[]): PolicyFile[] {
  const documents: PolicyStatement[][] = [[]];
  for (const statement of statements) {
    const parts: PolicyStatement[] = [];
    for (const resource of statement.Resource) {
      const current = documents.at(-1)!;
      let part = parts.at(-1);
      if (!part || !current.includes(part)) {
        part = { ...statement, Resource: [] };
        parts.push(part);
        current.push(part);
      }
      part.Resource.push(resource);
      // Room is kept for a `PartNNN` suffix on every Sid, added once the split is known.
      if (sizeOf(documentOf(current)) + SID_PART_ROOM * current.length <= MANAGED_POLICY_MAX_CHARS) continue;
      // This document is full: take the resource back and start the next document with it.
      part.Resource.pop();
      if (part.Resource.length === 0) {
        current.pop();
        parts.pop();
      }
      const next = { ...statement, Resource: [resource] };
      parts.push(next);
      documents.push([next]);
    }
    if (parts.length > 1) parts.forEach((part, index) => (part.Sid = `${statement.Sid}Part${index + 1}`));
  }
  for (const group of documents) {
    if (sizeOf(documentOf(group)) > MANAGED_POLICY_MAX_CHARS) throw new Error(`internal error: a ${stem} document exceeds ${MANAGED_POLICY_MAX_CHARS} characters`);
  }
  if (documents.length === 1) return [{ path: `${stem}.json`, document: documentOf(documents[0]!) }];
  return documents.map((group, index) => ({ path: `${stem}-${index + 1}.json`, document: documentOf(group) }));
}
