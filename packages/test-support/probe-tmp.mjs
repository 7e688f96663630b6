import { DynamoDBClient, CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import * as ts from '/work/wt/input/packages/test-support/dist/index.js';
const which = process.argv[2];
const engine = which === 'local' ? await ts.startDynamoDbLocal({}) : which === 'moto' ? await ts.startMotoServer(ts.findMotoServer()) : await ts.startDynalite();
const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' }, maxAttempts: 1 });
const base = (name, extra = {}) => ({ TableName: name.length < 5 ? 'tab_' + name : name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], ...extra });
const gsi = (name, keys, projection = { ProjectionType: 'ALL' }) => ({ IndexName: name, KeySchema: keys, Projection: projection });
const attrs = (...pairs) => pairs.map(([n, t]) => ({ AttributeName: n, AttributeType: t }));
const many = (n, p='a') => Array.from({ length: n }, (_, i) => `${p}${i}`);
const cases = {
  gsiSortIsPartition: base('t1', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('idx1', [{AttributeName:'g',KeyType:'HASH'},{AttributeName:'g',KeyType:'RANGE'}])] }),
  twoTypes: base('t2', { AttributeDefinitions: attrs(['id','S'],['id','N']) }),
  includeKeyAttr: base('t3', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('idx1', [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:['id']})] }),
  includeOwnKey: base('t3b', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('idx1', [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:['g']})] }),
  includeDup: base('t4', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('idx1', [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:['x','x']})] }),
  include21: base('t5', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('idx1', [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:many(21)})] }),
  include100: base('t6c', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: many(5,'i').map((n,k)=>gsi('idx'+n, [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:many(20,'p'+k)})) }),
  include101: base('t6', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: many(6,'i').map((n,k)=>gsi('idx'+n, [{AttributeName:'g',KeyType:'HASH'}], {ProjectionType:'INCLUDE', NonKeyAttributes:many(k<5?20:1,'p'+k)})) }),
  gsi21: base('t7', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: many(21,'idx').map((n)=>gsi(n, [{AttributeName:'g',KeyType:'HASH'}])) }),
  gsiSameAsTableKey: base('t8', { GlobalSecondaryIndexes: [gsi('i1x', [{AttributeName:'id',KeyType:'HASH'}])] }),
  capZero: base('t9', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } }),
  capHuge: base('t10', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 9007199254740991, WriteCapacityUnits: 1 } }),
  cap40001: base('t11', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 40001, WriteCapacityUnits: 1 } }),
  cap1e12: base('t11b', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1000000000000, WriteCapacityUnits: 1 } }),
  tagEmpty: base('t12', { Tags: [{ Key: 'k', Value: '' }] }),
  tagEq: base('t13', { Tags: [{ Key: 'k', Value: 'a=b' }] }),
  tagAt: base('t14', { Tags: [{ Key: 'k@x', Value: 'a@b' }] }),
  tagBang: base('t15', { Tags: [{ Key: 'k!', Value: 'v' }] }),
  tagLeadSpace: base('t16', { Tags: [{ Key: ' k', Value: ' v ' }] }),
  tagAws: base('t17', { Tags: [{ Key: 'aws:x', Value: 'v' }] }),
  tagUnicode: base('t18', { Tags: [{ Key: 'kä', Value: 'vé' }] }),
  tagKey129: base('t19', { Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }),
  tagVal257: base('t20', { Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }),
  tags51: base('t21', { Tags: many(51).map((k) => ({ Key: k, Value: 'v' })) }),
  kmsWeird: base('t22', { SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'not a key!' } }),
  unusedAttr: base('t23', { AttributeDefinitions: attrs(['id','S'],['z','S']) }),
  name256: base('x'.repeat(256)),
  name255: base('y'.repeat(255)),
  nameDash: base('-abc'),
  gsiNameDup: base('t24', { AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('i1x', [{AttributeName:'g',KeyType:'HASH'}]), gsi('i1x', [{AttributeName:'g',KeyType:'HASH'}])] }),
  gsiProvMissing: base('t25', { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, AttributeDefinitions: attrs(['id','S'],['g','S']), GlobalSecondaryIndexes: [gsi('i1x', [{AttributeName:'g',KeyType:'HASH'}])] }),
};
const only = process.argv[3]?.split(',');
for (const [name, input] of Object.entries(cases)) {
  if (only && !only.includes(name)) continue;
  try { await client.send(new CreateTableCommand(input)); console.log(`${name}: ACCEPTED`); await client.send(new DeleteTableCommand({TableName: input.TableName.length < 5 ? 'tab_'+input.TableName : input.TableName})).catch(()=>{}); }
  catch (e) { console.log(`${name}: ${e.name}: ${e.message}`); }
}
await engine.close();
