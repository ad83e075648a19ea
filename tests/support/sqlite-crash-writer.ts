// Appends to one stream of a SQLite journal in a loop, printing each acknowledged version, until it
// is killed. Run by tests/stores/sqlite-crash.test.ts: `node --import tsx <this file> <db> <stream>`.
import { commentDrafts } from '@chemins/core/testing';
import { SqliteEventStore } from '../../packages/api/src/stores/index.ts';

const [path, streamId] = process.argv.slice(2);
if (!path || !streamId) throw new Error('usage: sqlite-crash-writer <database file> <stream id>');
const store = new SqliteEventStore(path);
let version = (await store.readStream(streamId, { direction: 'backward', limit: 1 })).streamVersion;
for (let n = 0; ; n++) {
  const result = await store.append(streamId, commentDrafts(streamId, '46', 1 + (n % 3), `crash ${n}`), {
    expectedVersion: version === 0 ? 'no_stream' : version,
    commandId: `crash-${process.pid}-${n}`,
  });
  version = result.toVersion;
  // Printed only once append() has returned: the acknowledgement the test holds the store to.
  process.stdout.write(`${version}\n`);
}
