/**
 * Where commands write, learnt before the first call: endpoint, region and profile. A profile that
 * no config file defines and a missing region are reported here, by name, instead of as the SDK's
 * "Region is missing".
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { noRegion } from './connection-errors.js';
import { ApplyError } from './errors.js';

export interface Target {
  endpoint: string;
  region: string;
  /** The named profile, when one is in use. */
  profile?: string;
  /** From the ARN of a table the command read; DynamoDB reports it with no extra permission. */
  account?: string;
}

export async function checkProfileExists(profile: string, source: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  if (profile in configFile || profile in credentialsFile) return;
  // The SDK treats a default profile no file defines as "use the environment"; so do we.
  if (profile === 'default') return;
  // The loader keeps [sso-session x] and [services x] sections beside the profiles, as "sso-session.x" and "services.x".
  const known = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])].filter((name) => !/^(sso-session|services)\./.test(name)).sort();
  const files = `${env.AWS_CONFIG_FILE ?? '~/.aws/config'} or ${env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}`;
  throw new ApplyError(
    `AWS profile "${profile}" (from ${source}) is not defined in ${files}; ${known.length > 0 ? `known profiles: ${known.join(', ')}` : 'no profiles are defined'} (aws configure --profile ${profile} creates it)`,
    1,
    'UNKNOWN_PROFILE',
  );
}

/** Resolves the region (profile and environment included) and the endpoint the client will call. */
export async function resolveTarget(client: DynamoDBClient, options: { profile?: string; endpoint?: string }, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const profile = options.profile ?? env.AWS_PROFILE;
  if (profile) await checkProfileExists(profile, options.profile ? '--profile' : 'AWS_PROFILE', env);
  let region: string;
  try {
    region = await client.config.region();
  } catch {
    throw noRegion(profile);
  }
  const endpoint = options.endpoint ?? (await publicEndpoint(client, region));
  return { endpoint, region, ...(profile ? { profile } : {}) };
}

async function publicEndpoint(client: DynamoDBClient, region: string): Promise<string> {
  try {
    const resolved = client.config.endpointProvider({ Region: region, UseDualStack: false, UseFIPS: false });
    return resolved.url.href.replace(/\/$/, '');
  } catch {
    return `https://dynamodb.${region}.amazonaws.com`;
  }
}

/** The account in a table ARN: arn:aws:dynamodb:REGION:ACCOUNT:table/NAME. */
export function accountOf(tableArn: string | undefined): string | undefined {
  const account = tableArn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
