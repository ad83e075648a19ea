import { readFileSync } from 'node:fs';
import { decodeEvent, eventTypes, hashEvent, type UpcasterRegistry } from '@chemins/core';
import { describe, expect, it } from 'vitest';

/** Version 1 of every event type, as first stored. This file is never regenerated: it must decode for ever. */
const fixture: unknown[] = JSON.parse(
  readFileSync(new URL('./fixtures/events-v1.json', import.meta.url), 'utf8'),
);

describe('schema evolution', () => {
  it('holds a version 1 fixture of every event type of the catalogue', () => {
    const types = fixture.map((event) => (event as { type: string }).type);
    expect(new Set(types)).toEqual(new Set(eventTypes));
    for (const event of fixture) expect((event as { schemaVersion: number }).schemaVersion).toBe(1);
  });

  it.each(fixture.map((event) => [(event as { type: string }).type, event]))(
    'decodes the stored %s, hash intact',
    async (_type, raw) => {
      const decoded = decodeEvent(raw);
      expect(decoded).toMatchObject({ ok: true });
      expect(await hashEvent(raw as never)).toBe((raw as { hash: string }).hash);
    },
  );

  it('upcasts old versions step by step through a registry, then validates', () => {
    const stored = fixture.find(
      (event) => (event as { type: string }).type === 'DifficultyReported',
    ) as Record<string, unknown>;
    const { description, ...rest } = stored.data as Record<string, unknown>;
    // Play a future where version 2 renamed `text` to `description` and version 3 added `severity`, since dropped again.
    const v1 = { ...stored, data: { ...rest, text: description } };
    const upcasters: UpcasterRegistry = {
      DifficultyReported: {
        1: ({ text, ...data }) => ({ ...data, description: text, severity: 'high' }),
        2: ({ severity: _dropped, ...data }) => data,
      },
    };
    const currentVersionOf = () => 3;
    expect(decodeEvent(v1, { upcasters, currentVersionOf })).toMatchObject({
      ok: true,
      event: { schemaVersion: 3, data: { description } },
    });
    expect(decodeEvent(v1, { currentVersionOf })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no upcaster'),
    });
  });

  it('refuses what it cannot read, with a reason', () => {
    expect(decodeEvent({ nope: 1 })).toMatchObject({ ok: false });
    const raw = fixture[0] as Record<string, unknown>;
    expect(decodeEvent({ ...raw, type: 'Unheard' })).toMatchObject({
      ok: false,
      reason: 'unknown event type Unheard',
    });
    expect(decodeEvent({ ...raw, schemaVersion: 99 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('newer'),
    });
  });
});
