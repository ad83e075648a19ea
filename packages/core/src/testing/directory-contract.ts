import { describe, expect, it } from 'vitest';
import type { Person, PersonDirectory } from '../people/directory.ts';
import { uniqueId } from './drafts.ts';

/** What an adapter gives the directory contract. */
export interface DirectoryFixture {
  directory: PersonDirectory;
  /**
   * Everything the adapter keeps, as text (the database file's bytes, a raw table scan…), read as it
   * is on storage now. When given, the contract checks that an erased name and contact are not in it.
   */
  rawDump?(): Promise<string>;
}

/**
 * The person directory contract: every adapter passes it unchanged. Call it from a vitest file:
 * `describeDirectoryContract('sqlite', () => fixture)`, where `fixture` may be set up in a beforeAll.
 */
export function describeDirectoryContract(name: string, getFixture: () => DirectoryFixture): void {
  const directory = () => getFixture().directory;
  // Accents and a unique tail: the name is real-looking UTF-8 text, found nowhere else in storage.
  const newPerson = (withContact = true): Person => {
    const tail = uniqueId('p');
    return {
      actorId: `actor-${tail}`,
      name: `Élise Marchand ${tail}`,
      ...(withContact ? { contact: `elise.${tail}@exemple.fr` } : {}),
    };
  };

  describe(`person directory contract: ${name}`, () => {
    it('gives back the person it was given, with or without a contact', async () => {
      const withContact = newPerson();
      const withoutContact = newPerson(false);
      await directory().put(withContact);
      await directory().put(withoutContact);
      // Strict: an absent contact stays absent (not `contact: undefined` or null).
      expect(await directory().get(withContact.actorId)).toStrictEqual(withContact);
      expect(await directory().get(withoutContact.actorId)).toStrictEqual(withoutContact);
    });

    it('keeps its own copy: changing the object given or returned changes nothing stored', async () => {
      const person = newPerson();
      const original = { ...person };
      await directory().put(person);
      person.name = 'Quelqu’un d’autre';
      const read = await directory().get(person.actorId);
      if (read) read.name = 'Encore un autre';
      expect(await directory().get(person.actorId)).toStrictEqual(original);
    });

    it('answers null for an unknown actor id', async () => {
      expect(await directory().get(`actor-${uniqueId('unknown')}`)).toBeNull();
    });

    it('replaces an entry as a whole when put again', async () => {
      const person = newPerson();
      await directory().put(person);
      const renamed: Person = { actorId: person.actorId, name: `Élise Dubois ${uniqueId('n')}` };
      await directory().put(renamed);
      expect(await directory().get(person.actorId)).toStrictEqual(renamed);
    });

    it('erases once: true, then false; the entry is gone and others stay', async () => {
      const person = newPerson();
      const neighbour = newPerson();
      await directory().put(person);
      await directory().put(neighbour);
      expect(await directory().erase(person.actorId)).toBe(true);
      expect(await directory().get(person.actorId)).toBeNull();
      expect(await directory().erase(person.actorId)).toBe(false);
      expect(await directory().get(person.actorId)).toBeNull();
      expect(await directory().get(neighbour.actorId)).toStrictEqual(neighbour);
    });

    it('answers false when erasing someone never recorded', async () => {
      expect(await directory().erase(`actor-${uniqueId('unknown')}`)).toBe(false);
    });

    it('records a person again after an erasure (new data, given anew)', async () => {
      const person = newPerson();
      await directory().put(person);
      await directory().erase(person.actorId);
      await directory().put(person);
      expect(await directory().get(person.actorId)).toStrictEqual(person);
      expect(await directory().erase(person.actorId)).toBe(true);
    });

    it('leaves no trace in storage of an erased name or contact, nor of their earlier versions', async () => {
      const { rawDump } = getFixture();
      if (!rawDump) return;
      const before = newPerson();
      const after: Person = { ...before, name: `Élise Dubois ${uniqueId('n')}`, contact: '06 12 34 56 78' };
      await directory().put(before);
      await directory().put(after);
      // The person is in storage first, so the absence checked below means something.
      expect(await rawDump()).toContain(after.name);
      await directory().erase(before.actorId);
      const dump = await rawDump();
      for (const text of [before.name, before.contact ?? '', after.name, after.contact ?? '']) {
        expect(dump).not.toContain(text);
      }
    });
  });
}
