import { dynalite } from './engines.js';
import { describeConformance } from './suite.js';

describeConformance(dynalite);
