import { dynamoDbLocal } from './engines.js';
import { describeConformance, describeEngineGaps } from './suite.js';

describeEngineGaps(dynamoDbLocal);
describeConformance(dynamoDbLocal);
