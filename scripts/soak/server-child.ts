// The server child: the local server, as `npm start` runs it, reporting its memory over IPC. Run by
// `spawnServer` (server-process.ts) as a script of its own, so that the server's memory is measured
// apart from the load generator's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CacheSizes, ChildMessage, MemoryBreakdown, ParentMessage } from './messages.ts';

async function serveAndReport(): Promise<void> {
  const { silentLogger, startLocalServer, storeFromEnv } = await import('@chemins/api');
  const send = (message: ChildMessage) => process.send?.(message);
  const dir = process.env.SOAK_DIR;
  const secret = process.env.SOAK_SECRET;
  if (!dir || !secret) {
    send({ type: 'failed', message: 'SOAK_DIR and SOAK_SECRET are set by the parent' });
    process.exit(2);
  }
  // As `npm start` opens it: the caches' bounds come from CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS.
  const configured = await storeFromEnv({
    ...process.env,
    CHEMINS_STORE: 'sqlite',
    CHEMINS_DATA: join(dir, 'journal.db'),
  });
  const { store, directory } = configured;
  const server = await startLocalServer({
    store,
    directory,
    port: 0,
    hostname: '127.0.0.1',
    secret,
    seed: true,
    logger: silentLogger,
  });
  const sample = () => {
    const { rss, heapUsed, external } = process.memoryUsage();
    send({ type: 'memory', at: Date.now(), rss, heapUsed, external });
  };
  const sampling = setInterval(sample, Number(process.env.SOAK_SAMPLE_MS ?? '1000'));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sampling);
    await server.close().catch(() => {});
    await configured.close().catch(() => {});
    process.exit(0);
  };
  // The caches themselves, from the packages the server runs: the same per-store instances. Only read, for
  // the report, and emptied at the very end.
  const { StreamCache } = await import('@chemins/core');
  const { stateCacheOf } = await import('@chemins/api');
  const caches = (): CacheSizes => ({
    journal: StreamCache.sharedBy(store).size(),
    state: stateCacheOf(store).size,
  });
  // A full collection on demand, without --expose-gc on the command line.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    if (message === 'stop') void stop();
    else if (message.type === 'gc') {
      // Emptying a cache (at the very end) shows what it held: the heap it leaves behind.
      if (message.empty === 'journal') StreamCache.sharedBy(store).limit({ maxEvents: 0 });
      if (message.empty === 'state') stateCacheOf(store).limit({ events: 0 });
      collect();
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      // Measured before any snapshot, which allocates on its own.
      const status = readFileSync('/proc/self/status', 'utf8');
      const kB = (field: string) => {
        const found = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
        return found ? Number(found) * 1024 : undefined;
      };
      const breakdown: MemoryBreakdown = {
        spaces: Object.fromEntries(
          getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
        ),
        mallocedMemory: getHeapStatistics().malloced_memory,
        rssAnon: kB('RssAnon'),
        rssFile: kB('RssFile'),
      };
      const snapshot = message.snapshot ? writeHeapSnapshot(message.snapshot) : undefined;
      send({
        breakdown,
        type: 'collected',
        rss,
        heapUsed,
        heapTotal,
        external,
        caches: caches(),
        ...(snapshot ? { snapshot } : {}),
      });
    }
  });
  // The parent went away: never outlive it.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: the parent decides when the server stops.
  process.on('SIGINT', () => {});
  sample();
  send({ type: 'ready', url: server.url, seeded: server.seeded });
}

// Last, so that every constant above is initialised before it runs.
await serveAndReport();
