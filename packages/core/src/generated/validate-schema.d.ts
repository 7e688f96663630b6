import type { ErrorObject } from 'ajv';
export interface ValidateFunction { (data: unknown): boolean; errors?: ErrorObject[] | null }
declare const validate: ValidateFunction;
export default validate;
export declare const schemaDocument: Record<string, any>;
