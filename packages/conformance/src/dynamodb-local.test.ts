import { dynamoDbLocal } from './engines.js';
import { describeConformance } from './suite.js';

describeConformance(dynamoDbLocal);
