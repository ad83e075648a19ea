import { CheminsError } from '@chemins/core';

/** An error the HTTP layer raises itself (bad header, missing token…), with its status. */
export class HttpProblem extends CheminsError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 406 | 409 | 412 | 413 | 415 | 422 | 503,
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** A request that does not match its schema: 400 with one `{ path, message }` per problem. */
export class ValidationProblem extends HttpProblem {
  constructor(
    readonly issues: FieldIssue[],
    where = 'body',
  ) {
    super(
      400,
      'VALIDATION_FAILED',
      `the request ${where} is not valid: ${issues.map((i) => `${i.path || where}: ${i.message}`).join('; ')}`,
    );
  }
}
