// The cdk synth contender of the generate benchmark: the canonical shopify_sessions table as a
// team would write it with aws-cdk-lib's classic Table (same key, index, billing and Retain).
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';

const app = new App();
const stack = new Stack(app, 'ShopifySessionsTable');
const table = new Table(stack, 'SessionsTable', {
  tableName: 'shopify_sessions',
  partitionKey: { name: 'id', type: AttributeType.STRING },
  billingMode: BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
});
table.addGlobalSecondaryIndex({
  indexName: 'shop_index',
  partitionKey: { name: 'shop', type: AttributeType.STRING },
  projectionType: ProjectionType.ALL,
});
app.synth();
