import type { Schema, TableSchema } from './model.js';

/**
 * The `shopify_sessions` table that `@shopify/shopify-app-session-storage-dynamodb` expects and never
 * creates itself. Attribute types are what the adapter really stores: it writes `expires` with
 * `toISOString()`, so that is a String and cannot carry a DynamoDB TTL.
 */
export const shopifySessionsTable: TableSchema = {
  name: 'shopify_sessions',
  scriptName: 'create-sessions-table',
  description: 'OAuth sessions stored by @shopify/shopify-app-session-storage-dynamodb.',
  partitionKey: { name: 'id', type: 'S' },
  billing: { mode: 'PAY_PER_REQUEST' },
  globalSecondaryIndexes: [
    { name: 'shop_index', partitionKey: { name: 'shop', type: 'S' }, projection: { type: 'ALL' }, contributorInsights: false },
  ],
  localSecondaryIndexes: [],
  attributes: [
    { name: 'state', type: 'S', description: 'OAuth state nonce.' },
    { name: 'isOnline', type: 'BOOL', description: 'true for online (user) sessions.' },
    { name: 'scope', type: 'S', description: 'Granted access scopes, comma-separated.' },
    { name: 'accessToken', type: 'S', description: 'Shop access token.' },
    { name: 'expires', type: 'S', description: 'Expiry as an ISO-8601 string (toISOString()).' },
    { name: 'onlineAccessInfo', type: 'M', description: 'Associated user and expiry of an online session.' },
    { name: 'refreshToken', type: 'S', description: 'Refresh token of an expiring offline token.' },
    { name: 'refreshTokenExpires', type: 'S', description: 'Refresh token expiry as an ISO-8601 string.' },
  ],
  pointInTimeRecovery: false,
  contributorInsights: false,
  deletionProtection: false,
  serverSideEncryption: { type: 'AWS_OWNED' },
  tableClass: 'STANDARD',
  tags: [],
};

export const canonicalSchema: Schema = { tables: [shopifySessionsTable] };
