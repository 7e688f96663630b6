/** Where in a schema file a problem is; line and column are 1-based, as editors show them. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * A schema the tool refuses. Its message is complete on its own (`file:line:column: what is wrong`),
 * so the CLI prints it as one line and exits 1 without a stack trace.
 */
export class SchemaError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly reason: string,
    readonly position?: SourcePosition,
  ) {
    super(position ? `${position.file}:${position.line}:${position.column}: ${reason}` : reason);
    this.name = 'SchemaError';
  }
}

/** A path into the parsed document, e.g. `['tables', 0, 'partitionKey', 'type']`. */
export type DocumentPath = (string | number)[];

export interface SchemaIssue {
  path: DocumentPath;
  message: string;
  /** Point at the key of the last path segment rather than its value (unknown keys). */
  atKey?: boolean;
}
