import * as z from 'zod';
import { label } from '../shared/fields.ts';

/** A person behind a pseudonymous actor id: kept outside the log, in storage that can be erased. */
export const personSchema = z
  .object({
    actorId: z.string().min(1).max(128),
    name: label,
    contact: z.string().trim().max(200).optional(),
  })
  .strict();
export type Person = z.infer<typeof personSchema>;

/**
 * The person directory port: the only place names and contacts live. Events carry actor ids and roles only.
 * Every adapter (memory, SQLite, DynamoDB) forgets a person for good on `erase`.
 */
export interface PersonDirectory {
  put(person: Person): Promise<void>;
  get(actorId: string): Promise<Person | null>;
  /** Forgets the person; true when there was someone to forget. */
  erase(actorId: string): Promise<boolean>;
}

/** The directory in memory, for tests and embedding. */
export class MemoryPersonDirectory implements PersonDirectory {
  private readonly people = new Map<string, Person>();

  async put(person: Person): Promise<void> {
    this.people.set(person.actorId, { ...person });
  }

  async get(actorId: string): Promise<Person | null> {
    const person = this.people.get(actorId);
    return person ? { ...person } : null;
  }

  async erase(actorId: string): Promise<boolean> {
    return this.people.delete(actorId);
  }
}
