import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract, type StoreFixture } from '@chemins/core/testing';
import { afterAll } from 'vitest';
import { SqliteEventStore } from '../../packages/api/src/stores/index.ts';

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
