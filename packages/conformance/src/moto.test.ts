import { moto } from './engines.js';
import { describeConformance, describeEngineGaps } from './suite.js';

describeEngineGaps(moto);
describeConformance(moto);
