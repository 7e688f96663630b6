/**
 * The IAM actions `plan`, `apply`, `verify` and `pull` need, one per DynamoDB command this package sends.
 * Data rather than prose so the README table, a generated operator policy and the test that checks
 * the list against what the code sends all use the same list.
 */
export type OperatorCommand = 'plan' | 'apply' | 'verify' | 'pull';

export interface OperatorAction {
  /** The IAM action, e.g. `dynamodb:DescribeTable`. */
  action: `dynamodb:${string}`;
  /** Which CLI commands send it. */
  usedBy: readonly OperatorCommand[];
  /** When it is called. */
  why: string;
}

const ALL: readonly OperatorCommand[] = ['plan', 'apply', 'verify', 'pull'];

/** Every action, reads first. Resource: the table ARN (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`). */
export const OPERATOR_ACTION_LIST: readonly OperatorAction[] = [
  { action: 'dynamodb:DescribeTable', usedBy: ALL, why: 'reads keys, billing, indexes, streams, encryption, class; apply polls it until ACTIVE' },
  { action: 'dynamodb:DescribeTimeToLive', usedBy: ALL, why: 'reads the TTL setting' },
  { action: 'dynamodb:DescribeContinuousBackups', usedBy: ALL, why: 'reads point-in-time recovery' },
  { action: 'dynamodb:ListTagsOfResource', usedBy: ALL, why: 'reads the tags' },
  { action: 'dynamodb:DescribeContributorInsights', usedBy: ALL, why: 'reads contributor insights of the table and each index' },
  { action: 'dynamodb:GetResourcePolicy', usedBy: ALL, why: 'reads the resource-based policy' },
  { action: 'dynamodb:ListTables', usedBy: ['pull'], why: 'pull without --table finds every table (resource `*`)' },
  { action: 'dynamodb:CreateTable', usedBy: ['apply'], why: 'creates a missing table' },
  { action: 'dynamodb:UpdateTable', usedBy: ['apply'], why: 'billing, capacity, on-demand maximums, warm throughput, indexes, streams, deletion protection, encryption, table class' },
  { action: 'dynamodb:UpdateTimeToLive', usedBy: ['apply'], why: 'turns TTL on or off' },
  { action: 'dynamodb:UpdateContinuousBackups', usedBy: ['apply'], why: 'turns point-in-time recovery on or off, sets its recovery period' },
  { action: 'dynamodb:UpdateContributorInsights', usedBy: ['apply'], why: 'turns contributor insights on or off' },
  { action: 'dynamodb:PutResourcePolicy', usedBy: ['apply'], why: 'attaches or changes the resource-based policy (CreateTable with a policy needs it too)' },
  { action: 'dynamodb:DeleteResourcePolicy', usedBy: ['apply'], why: 'removes a resource-based policy the schema no longer has' },
  { action: 'dynamodb:TagResource', usedBy: ['apply'], why: 'adds or changes tags' },
  { action: 'dynamodb:UntagResource', usedBy: ['apply'], why: 'removes tags that are not in the schema' },
];

/**
 * `read`: all that plan and verify need (and pull, but for ListTables, which only `pull` without
 * --table sends, on resource `*`: it is in OPERATOR_ACTION_LIST, not here, so a table-scoped operator
 * policy built from these two lists stays table-scoped). `write`: what apply needs in addition to `read`.
 * None deletes or replaces a table.
 */
export const OPERATOR_ACTIONS: { read: readonly string[]; write: readonly string[] } = {
  read: OPERATOR_ACTION_LIST.filter((entry) => entry.usedBy.includes('plan')).map((entry) => entry.action),
  write: OPERATOR_ACTION_LIST.filter((entry) => entry.usedBy.includes('apply') && !entry.usedBy.includes('plan')).map((entry) => entry.action),
};
