// CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS: a host bounds both caches it keeps per store (the
// journal's stream cache and the API's state cache), and a server so bounded still answers right.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cacheBoundsFromEnv,
  InvalidSetting,
  parseCacheBound,
  stateCacheOf,
  storeFromEnv,
} from '@chemins/api';
import { StreamCache } from '@chemins/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headers, json, seededApp } from './support/test-app.ts';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'chemins-cache-bounds-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('cacheBoundsFromEnv', () => {
  test('reads whole numbers, 0 included, and leaves out what is unset or empty', () => {
    expect(cacheBoundsFromEnv({})).toEqual({});
    expect(cacheBoundsFromEnv({ CHEMINS_CACHE_STREAMS: '', CHEMINS_CACHE_EVENTS: ' ' })).toEqual({});
    expect(cacheBoundsFromEnv({ CHEMINS_CACHE_EVENTS: '5000' })).toEqual({ events: 5000 });
    expect(cacheBoundsFromEnv({ CHEMINS_CACHE_STREAMS: '0', CHEMINS_CACHE_EVENTS: '0' })).toEqual({
      streams: 0,
      events: 0,
    });
  });

  test('takes decimal digits only, with spaces around them', () => {
    expect(cacheBoundsFromEnv({ CHEMINS_CACHE_STREAMS: ' 12 ', CHEMINS_CACHE_EVENTS: '007' })).toEqual({
      streams: 12,
      events: 7,
    });
    expect(parseCacheBound('CHEMINS_CACHE_EVENTS', String(Number.MAX_SAFE_INTEGER))).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  // Number() reads every one of these as a number: hexadecimal, binary, octal, exponents, signs, decimals.
  test.each([
    '-1',
    '1.5',
    'lots',
    '1e400',
    '0x10',
    '0b11',
    '0o7',
    '1e3',
    '+5',
    '5.0',
    '-0',
    '1_000',
    '1 000',
    'Infinity',
    '9007199254740993',
  ])('refuses %s, naming the variable', (raw) => {
    expect(() => cacheBoundsFromEnv({ CHEMINS_CACHE_EVENTS: raw })).toThrow(/CHEMINS_CACHE_EVENTS/);
    expect(() => cacheBoundsFromEnv({ CHEMINS_CACHE_STREAMS: raw })).toThrow(/CHEMINS_CACHE_STREAMS/);
  });

  test('refuses with an InvalidSetting that names the setting, with a stable code', () => {
    const refusal = (() => {
      try {
        parseCacheBound('--cache-events (or CHEMINS_CACHE_EVENTS)', '0x10');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(InvalidSetting);
    expect(refusal).toMatchObject({
      code: 'INVALID_SETTING',
      setting: '--cache-events (or CHEMINS_CACHE_EVENTS)',
      message:
        '--cache-events (or CHEMINS_CACHE_EVENTS) must be a whole number in decimal digits, 0 or more, not "0x10"',
    });
  });
});

describe('storeFromEnv with cache bounds', () => {
  test('bounds both caches of the store it opens, and the API still answers from the store', async () => {
    const configured = await storeFromEnv({
      CHEMINS_STORE: 'sqlite',
      CHEMINS_DATA: join(scratch, 'bounded.db'),
      CHEMINS_CACHE_STREAMS: '1',
      CHEMINS_CACHE_EVENTS: '40',
    });
    try {
      const { store } = configured;
      const { app } = await seededApp(store);
      const staff = await headers('staff', ['causses', 'le-fil'], ['46']);
      for (const project of ['causses-2023', 'le-fil-2023']) {
        const response = await app.request(
          `/projects/${project}/commands`,
          json({ type: 'AddComment', text: `Borné (${project}).` }, staff),
        );
        expect(response.status).toBe(201);
        const read = await app.request(`/projects/${project}`, { headers: staff });
        const body = (await read.json()) as { comments: { text: string }[] };
        expect(body.comments.map((comment) => comment.text)).toContain(`Borné (${project}).`);
      }
      for (const size of [StreamCache.sharedBy(store).size(), stateCacheOf(store).size]) {
        expect(size.streams).toBeLessThanOrEqual(1);
        expect(size.events).toBeLessThanOrEqual(40);
      }
    } finally {
      await configured.close();
    }
  });

  test('refuses a bad bound before it opens anything', async () => {
    const data = join(scratch, 'never', 'opened.db');
    await expect(
      storeFromEnv({ CHEMINS_STORE: 'sqlite', CHEMINS_DATA: data, CHEMINS_CACHE_STREAMS: 'x' }),
    ).rejects.toThrow(/CHEMINS_CACHE_STREAMS/);
    expect(existsSync(join(scratch, 'never'))).toBe(false);
  });
});
