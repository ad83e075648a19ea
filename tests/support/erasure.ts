import { type EventDraft, type EventStore, textDigest } from '@chemins/core';
import { commentDrafts } from '@chemins/core/testing';

/**
 * Appends one comment whose text is salted (so it can be erased under the GDPR with the chain intact)
 * and returns what erasing it takes: its path and its digest.
 */
export async function appendErasableComment(
  store: EventStore,
  streamId: string,
  territory: string,
  text: string,
) {
  const salt = 'c2FsdC1mb3ItdGVzdHM';
  const [draft] = commentDrafts(streamId, territory, 1) as [EventDraft];
  const salted = { ...draft, data: { text }, textSalts: { text: salt } } as EventDraft;
  const result = await store.append(streamId, [salted], {
    expectedVersion: 'any',
    commandId: `erasable-${draft.eventId}`,
  });
  // The log records the erasure (who, when, why) before the store carries it out, as the Journal does:
  // an erased text without that record is what audits report as an unrecorded erasure.
  const [record] = commentDrafts(streamId, territory, 1) as [EventDraft];
  const erasure = {
    ...record,
    type: 'TextErased',
    data: {
      target: { version: result.toVersion, eventId: draft.eventId },
      path: 'text',
      reason: 'Demande de la personne.',
    },
  } as EventDraft;
  await store.append(streamId, [erasure], {
    expectedVersion: result.toVersion,
    commandId: `erasure-${draft.eventId}`,
  });
  return { version: result.toVersion, path: 'text', digest: await textDigest(salt, text) };
}
