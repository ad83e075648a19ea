// The adapter the README's store-contract sketch (contract.test.ts, next to this file) stands for: here the
// core's in-memory store, whose `onWrite` test hook runs between the writes of an append. Yours goes here.
import { MemoryEventStore } from '@chemins/core';

export class MyEventStore extends MemoryEventStore {}
