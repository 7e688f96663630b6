import { moto } from './engines.js';
import { describeConformance } from './suite.js';

describeConformance(moto);
