/**
 * A small IAM evaluator for identity policies of the shape iam-policy.json uses: Allow statements
 * with Action and Resource lists, `*` and `?` wildcards, no conditions. Anything the policy does not
 * allow is denied, as in IAM. Statements with Deny, NotAction, NotResource or Condition are refused,
 * so a policy outside this shape fails the test instead of being misread.
 */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string[];
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

/** IAM's wildcard match: `*` any run of characters, `?` one character; actions compare case-insensitively. */
function matches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

export function isAllowed(policy: PolicyDocument, action: string, resource: string): boolean {
  if (policy.Version !== '2012-10-17') throw new Error(`unsupported policy version ${policy.Version}`);
  return policy.Statement.some((statement) => {
    const keys = Object.keys(statement).filter((key) => !['Sid', 'Effect', 'Action', 'Resource'].includes(key));
    if (statement.Effect !== 'Allow' || keys.length > 0) throw new Error(`statement ${statement.Sid ?? '?'} is outside what this evaluator reads`);
    return statement.Action.some((pattern) => matches(pattern, action, true)) && statement.Resource.some((pattern) => matches(pattern, resource, false));
  });
}
