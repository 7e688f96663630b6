/** verify names a setting still changing (warm throughput UPDATING, contributor insights ENABLING) even when its value matches. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable } from '@ddb-migrations/core';
import { describe, expect, it } from 'vitest';
import { liveFrom } from './__tests__/live-from.js';
import { verifyTable } from './apply.js';

/** Answers each read by command name from the live table `liveFrom` builds, with these statuses. */
function clientFor(warmStatus: 'ACTIVE' | 'UPDATING', insights: { table: string; index: string }): DynamoDBClient {
  const schema = { ...shopifySessionsTable, contributorInsights: true };
  const description = liveFrom(schema).description;
  description.WarmThroughput = { ...description.WarmThroughput, Status: warmStatus };
  description.GlobalSecondaryIndexes![0]!.WarmThroughput = { ...description.GlobalSecondaryIndexes![0]!.WarmThroughput, Status: warmStatus };
  const answers: Record<string, (input: { IndexName?: string }) => unknown> = {
    DescribeTableCommand: () => ({ Table: description }),
    DescribeTimeToLiveCommand: () => ({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }),
    DescribeContinuousBackupsCommand: () => ({ ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } }),
    ListTagsOfResourceCommand: () => ({ Tags: [] }),
    DescribeContributorInsightsCommand: (input) => ({ ContributorInsightsStatus: input.IndexName ? insights.index : insights.table }),
    GetResourcePolicyCommand: () => {
      throw Object.assign(new Error('no policy'), { name: 'PolicyNotFoundException' });
    },
  };
  return { send: async (command: { constructor: { name: string }; input: { IndexName?: string } }) => answers[command.constructor.name]!(command.input) } as unknown as DynamoDBClient;
}

describe('verifyTable on settings still settling', () => {
  const schema = { ...shopifySessionsTable, contributorInsights: true };

  it('is clean once warm throughput is ACTIVE and contributor insights ENABLED', async () => {
    expect((await verifyTable(clientFor('ACTIVE', { table: 'ENABLED', index: 'DISABLED' }), schema)).differences).toEqual([]);
  });

  it('names warm throughput UPDATING and contributor insights ENABLING or DISABLING', async () => {
    expect((await verifyTable(clientFor('UPDATING', { table: 'ENABLING', index: 'DISABLING' }), schema)).differences).toEqual([
      'warm throughput: UPDATING, not ACTIVE',
      'index shop_index warm throughput: UPDATING, not ACTIVE',
      'contributor insights: ENABLING',
      'index shop_index contributor insights: DISABLING',
    ]);
  });
});
