import { MemoryEventStore } from '@chemins/core';
import { describeStoreContract, type StoreFixture } from '@chemins/core/testing';

let failNext = false;
const store = new MemoryEventStore({
  onWrite: (step) => {
    if (failNext && step === 1) {
      failNext = false;
      throw new Error('injected failure part-way through an append');
    }
  },
});
const fixture: StoreFixture = {
  store,
  failNextAppendPartWay: () => {
    failNext = true;
  },
};

describeStoreContract('in-memory', () => fixture);
