/**
 * A setting from the environment that a host cannot use: it refuses to start (on Lambda, to load the
 * API) rather than guess. Not an answer to a request, so it has no problem type (errors/to-problem.ts).
 */
export class InvalidSetting extends Error {
  readonly code = 'INVALID_SETTING';

  constructor(
    /** The variable (or option) at fault, as the message names it. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSetting';
  }
}
