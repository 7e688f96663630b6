import { DescribeContributorInsightsCommand, GetResourcePolicyCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { waitForContributorInsights, waitForResourcePolicy } from './wait-settings.js';

/** A fake client answering one command from a script of answers (an Error is thrown); counts the reads. */
function scripted(command: new (...args: never[]) => unknown, answers: (Record<string, unknown> | Error)[]) {
  let call = 0;
  const client = {
    send: async (sent: unknown) => {
      expect(sent).toBeInstanceOf(command);
      const answer = answers[Math.min(call++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as DynamoDBClient;
  return { client, calls: () => call };
}

function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

const named = (name: string) => Object.assign(new Error(name), { name });

describe('waitForContributorInsights', () => {
  it('polls until ENABLED', async () => {
    const { client, calls } = scripted(DescribeContributorInsightsCommand, [{ ContributorInsightsStatus: 'ENABLING' }, { ContributorInsightsStatus: 'ENABLING' }, { ContributorInsightsStatus: 'ENABLED' }]);
    await waitForContributorInsights(client, { table: 'orders', index: 'type_index', enabled: true }, { timeoutMs: 60_000, ...fakeClock() });
    expect(calls()).toBe(3);
  });

  it('fails on FAILED, and at the timeout names the status it last saw', async () => {
    const failed = scripted(DescribeContributorInsightsCommand, [{ ContributorInsightsStatus: 'FAILED' }]);
    await expect(waitForContributorInsights(failed.client, { table: 'orders', enabled: true }, { timeoutMs: 60_000, ...fakeClock() })).rejects.toThrow(
      'contributor insights on orders is FAILED after the change; see the DynamoDB console, then run apply again',
    );
    const slow = scripted(DescribeContributorInsightsCommand, [{ ContributorInsightsStatus: 'DISABLING' }]);
    await expect(waitForContributorInsights(slow.client, { table: 'orders', enabled: false }, { timeoutMs: 3_000, ...fakeClock() })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'timed out after 3s waiting for contributor insights on orders to be DISABLED (it is DISABLING); run the command again to continue',
    });
  });
});

describe('waitForResourcePolicy', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' }] };
  const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/orders';

  it('rides out an eventually consistent GetResourcePolicy: not found, then the policy (keys in any order)', async () => {
    const reordered = JSON.stringify({ Statement: [{ Resource: '*', Action: 'dynamodb:DeleteTable', Principal: '*', Effect: 'Deny' }], Version: '2012-10-17' });
    const { client, calls } = scripted(GetResourcePolicyCommand, [named('PolicyNotFoundException'), { Policy: reordered }]);
    await waitForResourcePolicy(client, 'orders', arn, policy, { timeoutMs: 60_000, ...fakeClock() });
    expect(calls()).toBe(2);
  });

  it('waits for a deleted policy to be gone', async () => {
    const { client, calls } = scripted(GetResourcePolicyCommand, [{ Policy: JSON.stringify(policy) }, named('PolicyNotFoundException')]);
    await waitForResourcePolicy(client, 'orders', arn, undefined, { timeoutMs: 60_000, ...fakeClock() });
    expect(calls()).toBe(2);
  });
});
