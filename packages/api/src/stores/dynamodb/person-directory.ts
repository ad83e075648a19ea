import { type DynamoDirectoryOptions, DynamoPersonDirectoryBase } from './person-directory-base.ts';
import { SDK_COMMANDS } from './sdk-commands.ts';

export type { DynamoDirectoryOptions } from './person-directory-base.ts';

/** The person directory in the journal's table (person-directory-base.ts), sending the SDK's own command classes. */
export class DynamoPersonDirectory extends DynamoPersonDirectoryBase {
  constructor(options: DynamoDirectoryOptions) {
    super(options, SDK_COMMANDS);
  }
}
