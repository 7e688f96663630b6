import { describe, expect, it } from 'vitest';
import { canonicalSchema } from './canonical.js';
import { terraformAwsProviderConstraint, type ProviderArgumentFloor } from './terraform-provider.js';

describe('terraformAwsProviderConstraint', () => {
  it('accepts every 5.x and 6.x release for what the model has today', () => {
    expect(terraformAwsProviderConstraint(canonicalSchema)).toBe('>= 5.0, < 7.0');
  });

  it('raises the floor to the newest argument a used setting needs, and only when it is used', () => {
    const floors: ProviderArgumentFloor[] = [
      { argument: 'ttl', since: '5.12.1', usedBy: (table) => table.timeToLiveAttribute !== undefined },
      { argument: 'global_secondary_index', since: '5.9.0', usedBy: (table) => table.globalSecondaryIndexes.length > 0 },
      { argument: 'old', since: '4.59.0', usedBy: () => true },
    ];
    expect(terraformAwsProviderConstraint(canonicalSchema, floors)).toBe('>= 5.9.0, < 7.0');
    const withTtl = { tables: [{ ...canonicalSchema.tables[0]!, timeToLiveAttribute: 'expiresAt' }] };
    expect(terraformAwsProviderConstraint(withTtl, floors)).toBe('>= 5.12.1, < 7.0');
  });
});
