import type { EventDraft } from '../model/envelope.ts';

let counter = 0;

/** A unique id for test streams, territories and commands, so one store serves many tests. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** `count` comment drafts for a stream, ready to append (the store stamps versions and hashes). */
export function commentDrafts(
  streamId: string,
  territory: string,
  count: number,
  text = 'note',
): EventDraft[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: uniqueId('evt'),
    streamId,
    schemaVersion: 1,
    occurredAt: '2023-01-17T10:00:00.000Z',
    recordedAt: new Date(Date.UTC(2023, 0, 17, 10, 0, 0, index)).toISOString(),
    actor: { id: 'actor-1', role: 'staff' },
    commandId: 'cmd',
    correlationId: 'cmd',
    causationId: 'cmd',
    territory,
    type: 'CommentAdded',
    data: { text: `${text} ${index + 1}` },
  }));
}
