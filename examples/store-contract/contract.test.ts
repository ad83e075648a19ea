import { describeStoreContract, type StoreFixture } from '@chemins/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { MyEventStore } from './my-event-store.ts';

let failNext = false;
let fixture: StoreFixture;

beforeAll(() => {
  const store = new MyEventStore({
    // Your store calls it between two writes of an append; throwing aborts the append there, as a crash would.
    onWrite: () => {
      if (!failNext) return;
      failNext = false;
      throw new Error('injected failure part-way through an append');
    },
  });
  fixture = {
    store,
    failNextAppendPartWay: () => {
      failNext = true;
    },
  };
});
afterAll(() => fixture.store.close?.());

describeStoreContract('my store', () => fixture);
