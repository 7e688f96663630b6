/**
 * The shape of `ddb-migrations.yaml` as written by a user, mirroring `schema.json`. It is flatter than
 * the model (billing and projection are plain fields) so the file reads like the DynamoDB console.
 */
import type { AttributeType, KeyAttribute, StreamViewType, TableClass } from './model.js';

export interface GlobalSecondaryIndexInput {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes?: string[];
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
}

export interface TableInput {
  name: string;
  scriptName?: string;
  description?: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  billingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
  globalSecondaryIndexes?: GlobalSecondaryIndexInput[];
  attributes?: { name: string; type: AttributeType; description?: string }[];
  timeToLiveAttribute?: string;
  pointInTimeRecovery?: boolean;
  deletionProtection?: boolean;
  encryption?: { type: 'AWS_OWNED' | 'KMS'; kmsKeyId?: string };
  tableClass?: TableClass;
  stream?: StreamViewType;
  tags?: Record<string, string>;
}

export interface SchemaInput {
  tables: TableInput[];
}
