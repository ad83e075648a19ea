import { readFile } from 'node:fs/promises';
import { storeFromEnv } from '../hosts/store-from-env.ts';
import { exportEvents, importEvents, parseNdjson, toNdjson } from '../transfer/ndjson.ts';

/** `chemins export <stream|territory>`: NDJSON on stdout. */
export async function exportCommand([what]: string[]): Promise<number> {
  if (!what) throw new Error('name a stream (project:causses-2023) or a territory (46)');
  const configured = await storeFromEnv();
  try {
    const events = await exportEvents(configured.store, what);
    if (events.length === 0) throw new Error(`nothing to export for ${what}`);
    process.stdout.write(toNdjson(events));
    return 0;
  } finally {
    await configured.close();
  }
}

/** `chemins import <file>`: verifies, then imports into the configured store, or imports nothing. */
export async function importCommand([file]: string[]): Promise<number> {
  if (!file) throw new Error('name the NDJSON file to import');
  const parsed = parseNdjson(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    process.stderr.write(`refused, nothing imported: ${parsed.message}\n`);
    return 1;
  }
  const configured = await storeFromEnv();
  try {
    const result = await importEvents(configured.store, parsed.events);
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    process.stdout.write(
      `imported ${result.events} events in ${result.streams} streams into ${configured.description}\n`,
    );
    return 0;
  } finally {
    await configured.close();
  }
}
