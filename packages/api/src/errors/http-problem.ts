import { CheminsError } from '@chemins/core';

/** An error the HTTP layer raises itself (bad header, missing token…), with its status. */
export class HttpProblem extends CheminsError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 406 | 409 | 412 | 413 | 415 | 422 | 503,
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

/** At most this many problems are listed, each cut to 200 characters: a 256 KB body can carry 20,000 unknown fields. */
export const MAX_LISTED_ISSUES = 50;

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

/** A request that does not match its schema: 400 with one `{ path, message }` per problem (the first 50). */
export class ValidationProblem extends HttpProblem {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], where = 'body') {
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue) => ({ path: clip(issue.path), message: clip(issue.message) }));
    const more = issues.length - listed.length;
    super(
      400,
      'VALIDATION_FAILED',
      `the request ${where} is not valid: ${listed.map((i) => `${i.path || where}: ${i.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    );
    this.issues = listed;
  }
}
