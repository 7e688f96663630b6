import { dynalite } from './engines.js';
import { describeConformance, describeEngineGaps } from './suite.js';

describeEngineGaps(dynalite);
describeConformance(dynalite);
