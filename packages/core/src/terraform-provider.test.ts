import { describe, expect, it } from 'vitest';
import { canonicalSchema } from './canonical.js';
import type { TableSchema } from './model.js';
import { terraformAwsProviderConstraint, type ProviderArgumentFloor } from './terraform-provider.js';

const sessions = canonicalSchema.tables[0]!;
const withTable = (change: Partial<TableSchema>) => ({ tables: [{ ...sessions, ...change }] });
const withIndex = (change: Partial<TableSchema['globalSecondaryIndexes'][number]>) =>
  withTable({ globalSecondaryIndexes: [{ ...sessions.globalSecondaryIndexes[0]!, ...change }] });

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

  it('raises the floor to the first provider release with each new setting it uses', () => {
    expect(terraformAwsProviderConstraint(withTable({ localSecondaryIndexes: [{ name: 'by_date', sortKey: { name: 'at', type: 'N' }, projection: { type: 'ALL' } }] }))).toBe('>= 5.0, < 7.0');
    expect(terraformAwsProviderConstraint(withTable({ contributorInsights: true }))).toBe('>= 5.0, < 7.0');
    expect(terraformAwsProviderConstraint(withIndex({ contributorInsights: true }))).toBe('>= 5.0, < 7.0');
    expect(terraformAwsProviderConstraint(withTable({ resourcePolicy: { Version: '2012-10-17', Statement: [] } }))).toBe('>= 5.43.0, < 7.0');
    expect(terraformAwsProviderConstraint(withTable({ onDemandThroughput: { maxReadRequestUnits: 10 } }))).toBe('>= 5.72.0, < 7.0');
    expect(terraformAwsProviderConstraint(withIndex({ onDemandThroughput: { maxWriteRequestUnits: 10 } }))).toBe('>= 5.72.0, < 7.0');
    expect(terraformAwsProviderConstraint(withTable({ pointInTimeRecovery: true, recoveryPeriodInDays: 7 }))).toBe('>= 5.97.0, < 7.0');
    expect(terraformAwsProviderConstraint(withTable({ warmThroughput: { readUnitsPerSecond: 13000 } }))).toBe('>= 6.13.0, < 7.0');
    expect(terraformAwsProviderConstraint(withIndex({ warmThroughput: { writeUnitsPerSecond: 5000 } }))).toBe('>= 6.13.0, < 7.0');
    // The newest floor wins, whichever table needs it.
    const both = { tables: [...withTable({ onDemandThroughput: { maxReadRequestUnits: 10 } }).tables, { ...sessions, name: 'b', warmThroughput: { readUnitsPerSecond: 13000 } }] };
    expect(terraformAwsProviderConstraint(both)).toBe('>= 6.13.0, < 7.0');
  });
});
