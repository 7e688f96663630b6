/** The subset of a CloudFormation template this emitter writes. */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, CloudFormationParameter>;
  Resources: Record<string, CloudFormationResource>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

export interface CloudFormationParameter {
  Type: 'String';
  Description: string;
  Default: string;
  AllowedPattern: string;
  MinLength: number;
  MaxLength: number;
  ConstraintDescription: string;
}

export interface CloudFormationResource {
  Type: string;
  DeletionPolicy: 'Retain';
  UpdateReplacePolicy: 'Retain';
  Properties: Record<string, unknown>;
}
