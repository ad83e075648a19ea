import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chemins/api';
import { describeStoreContract, type StoreFixture } from '@chemins/core/testing';
import { afterAll } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'chemins-sqlite-'));
let failNext = false;
const store = new SqliteEventStore(join(directory, 'journal.db'), {
  failPartWay: () => {
    const fail = failNext;
    failNext = false;
    return fail;
  },
});
const fixture: StoreFixture = {
  store,
  failNextAppendPartWay: () => {
    failNext = true;
  },
};

afterAll(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

describeStoreContract('sqlite (file, WAL)', () => fixture);
