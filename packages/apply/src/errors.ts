/** A failure with its own exit code and a message complete on one line. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
    readonly code: string = 'APPLY_FAILED',
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

/** A change DynamoDB cannot make in place; raised at plan time, before any write. */
export class RefusedChangeError extends ApplyError {
  constructor(readonly refusals: string[]) {
    super(refusals.join('; '), 1, 'REFUSED_CHANGE');
    this.name = 'RefusedChangeError';
  }
}

export class InterruptedError extends ApplyError {
  constructor() {
    super('interrupted; run the same command again to finish', 130, 'INTERRUPTED');
    this.name = 'InterruptedError';
  }
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

export const isNotFound = (error: unknown) => errorName(error) === 'ResourceNotFoundException';
/** Someone else is changing the table (or, on DynamoDB, another index build is running). */
export const isInUse = (error: unknown) => errorName(error) === 'ResourceInUseException' || errorName(error) === 'LimitExceededException';
/** Engines that lack an operation (dynalite: TTL updates, continuous backups) answer like this. */
export const isUnsupportedOperation = (error: unknown) =>
  errorName(error) === 'UnknownOperationException' || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 501;
