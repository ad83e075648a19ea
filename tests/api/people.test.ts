import { MemoryEventStore, readAllEvents, verifyChain } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { headers, seededApp, token } from './support/test-app.ts';

const NAME = 'Jeanne Dupont';
let app: Awaited<ReturnType<typeof seededApp>>['app'];
let store: MemoryEventStore;

const send = async (method: string, path: string, auth: Record<string, string>, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...auth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('personal data (RGPD)', () => {
  beforeAll(async () => {
    store = new MemoryEventStore();
    ({ app } = await seededApp(store));
  });

  it('keeps names in the directory, for admins only', async () => {
    const admin = await headers('admin', [], ['46']);
    const person = { actorId: 'volunteer-jd', name: NAME, contact: 'jeanne@example.org' };
    expect((await send('PUT', '/people/volunteer-jd', admin, person)).status).toBe(200);
    expect(await (await send('GET', '/people/volunteer-jd', admin)).json()).toEqual(person);
    expect(
      (await send('GET', '/people/volunteer-jd', await headers('staff', ['causses'], ['46']))).status,
    ).toBe(403);
    expect((await send('PUT', '/people/other', admin, person)).status).toBe(400);
  });

  it('erases a person: directory entry and every text they wrote; the log keeps the erasures, never the texts', async () => {
    const volunteer = {
      Authorization: `Bearer ${await token('volunteer', ['causses'], ['46'], 'volunteer-jd')}`,
    };
    const recorded = await send('POST', '/projects/causses-2023/commands', volunteer, {
      type: 'RecordSuccess',
      category: 'internal_exchanges',
      description: `${NAME} a animé l’atelier couture.`,
    });
    expect(recorded.status).toBe(201);
    const admin = await headers('admin', [], ['46']);
    const erasure = await send('POST', '/people/volunteer-jd/erasure', admin, {
      reason: 'Demande de la personne (art. 17 RGPD).',
    });
    expect(erasure.status).toBe(200);
    expect(await erasure.json()).toMatchObject({
      directoryEntryErased: true,
      erasedTexts: [{ streamId: 'project:causses-2023', path: 'description' }],
    });
    expect((await send('GET', '/people/volunteer-jd', admin)).status).toBe(404);

    const events = await readAllEvents(store, 'project:causses-2023');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
    const staff = await headers('staff', ['causses'], ['46']);
    const exported = await (await send('GET', '/projects/causses-2023/export', staff)).text();
    expect(exported).not.toContain(NAME);
    expect(await (await send('GET', '/projects/causses-2023/timeline', staff)).text()).toContain('[effacé]');
    expect(await (await send('GET', '/projects/causses-2023/audit', staff)).json()).toMatchObject({
      ok: true,
    });
    expect(await (await send('GET', '/territories/46/audit', admin)).json()).toMatchObject({ ok: true });
    const again = await send('POST', '/people/volunteer-jd/erasure', admin, { reason: 'Encore.' });
    expect(await again.json()).toMatchObject({ directoryEntryErased: false, erasedTexts: [] });
  });

  it('erases the reasons of the corrections a person recorded', async () => {
    const director = {
      Authorization: `Bearer ${await token('director', ['causses'], ['46'], 'director-mm')}`,
    };
    const reported = await send('POST', '/projects/causses-2023/commands', director, {
      type: 'ReportDifficulty',
      category: 'time',
      description: 'Les ateliers finissent trop tard.',
    });
    const [event] = ((await reported.json()) as { events: { version: number; eventId: string }[] }).events;
    const reason = 'Mme Martin, directrice, avait noté le mauvais horaire.';
    const corrected = await send('POST', '/projects/causses-2023/commands', director, {
      type: 'CorrectEntry',
      target: { version: event?.version, eventId: event?.eventId },
      changes: { description: 'Les ateliers finissent trop tôt.' },
      reason,
    });
    expect(corrected.status).toBe(201);
    const { events } = (await corrected.json()) as { events: { version: number }[] };
    expect(JSON.stringify(await readAllEvents(store, 'project:causses-2023'))).toContain(reason);

    const admin = await headers('admin', [], ['46']);
    const erasure = await send('POST', '/people/director-mm/erasure', admin, { reason: 'Départ, art. 17.' });
    expect(erasure.status).toBe(200);
    expect(((await erasure.json()) as { erasedTexts: unknown[] }).erasedTexts).toContainEqual({
      streamId: 'project:causses-2023',
      version: events[0]?.version,
      path: 'reason',
    });
    const stored = await readAllEvents(store, 'project:causses-2023');
    expect(JSON.stringify(stored)).not.toContain('Mme Martin');
    expect(await verifyChain(stored)).toMatchObject({ ok: true });
    const staffReader = await headers('staff', ['causses'], ['46']);
    const exported = await (await send('GET', '/projects/causses-2023/export', staffReader)).text();
    expect(exported).not.toContain('Mme Martin');
  });

  it("lets a structure's director erase one text of its journal, and refuses an unknown text", async () => {
    const staff = await headers('staff', ['causses'], ['46']);
    const director = await headers('director', ['causses'], ['46']);
    const created = await send('POST', '/projects/causses-2023/commands', staff, {
      type: 'AddComment',
      text: 'Appeler M. Durand au 06 00 00 00 00.',
    });
    const [event] = ((await created.json()) as { events: { version: number; eventId: string }[] }).events;
    const target = { version: event?.version, eventId: event?.eventId };
    const erasure = { type: 'EraseText', target, path: 'text', reason: 'Numéro personnel.' };
    const forbidden = await send('POST', '/projects/causses-2023/commands', staff, erasure);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });
    const refused = await send('POST', '/projects/causses-2023/commands', director, {
      type: 'EraseText',
      target,
      path: 'nope',
      reason: 'R.',
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'UNKNOWN_TEXT' });
    const erased = await send('POST', '/projects/causses-2023/commands', director, erasure);
    expect(erased.status).toBe(201);
    expect(JSON.stringify(await readAllEvents(store, 'project:causses-2023'))).not.toContain(
      '06 00 00 00 00',
    );
  });
});
