/** A CDK context value (`-c key=value`, or cdk.json) the stack cannot be built from. */
export class InvalidContext extends Error {
  readonly code = 'INVALID_CDK_CONTEXT';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`CDK context "${key}": ${message}`);
    this.name = 'InvalidContext';
  }
}
