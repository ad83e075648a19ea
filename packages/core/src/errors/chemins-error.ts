/**
 * The base of every error Chemins raises on purpose. `code` is stable (clients branch on it);
 * `message` says what to do; `details` carries what a client needs to fix the request.
 */
export abstract class CheminsError extends Error {
  abstract readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}
