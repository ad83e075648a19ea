import { DynamoEventStoreBase, type DynamoStoreOptions } from './event-store-base.ts';
import { SDK_COMMANDS } from './sdk-commands.ts';

export type { DynamoStoreOptions } from './event-store-base.ts';

/** The event store on one DynamoDB table (event-store-base.ts), sending the SDK's own command classes. */
export class DynamoEventStore extends DynamoEventStoreBase {
  constructor(options: DynamoStoreOptions) {
    super(options, SDK_COMMANDS);
  }
}
