import { ERASED_TEXT, withTextAt } from '../audit/texts.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { parseStreamId } from '../model/stream-id.ts';
import { effectOf } from './effects.ts';
import {
  type Entity,
  type EntryIndex,
  entitiesOf,
  initialState,
  type JourneyState,
  type Step,
} from './state.ts';

/**
 * Applies one event to a state and returns the new state; the given state is not changed.
 * Example: `evolve(initialState(), projectOpenedEvent).entities.project.self?.current.stage` is `'opened'`.
 */
export function evolve(state: JourneyState, event: JournalEvent): JourneyState {
  const next = structuredClone(state);
  applyInPlace(next, event);
  return next;
}

/**
 * Folds events from the initial state. Same result as `events.reduce(evolve, initialState())`
 * (a property test holds it to that), without copying the state at every event.
 */
export function fold(events: Iterable<JournalEvent>, from?: JourneyState): JourneyState {
  const state = from === undefined ? initialState() : structuredClone(from);
  for (const event of events) applyInPlace(state, event);
  return state;
}

/** Folds into a state this call owns. Total: an event that refers to nothing known changes nothing. */
export function applyInPlace(state: JourneyState, event: JournalEvent): void {
  state.version = event.version;
  state.kind ??= parseStreamId(event.streamId)?.kind;
  state.territory = event.territory;
  if (!state.lastOccurredAt || event.occurredAt > state.lastOccurredAt)
    state.lastOccurredAt = event.occurredAt;
  state.lastRecordedAt = event.recordedAt;

  if (event.type === 'TextErased') {
    state.entries[event.version] = entryOf(event, undefined);
    applyErasure(state, event.data.target, event.data.path);
    return;
  }
  if (event.type === 'EntryCorrected') {
    const entry = entryOf(event, undefined);
    entry.targetVersion = event.data.target.version;
    state.entries[event.version] = entry;
    applyCorrection(state, entry, event.data);
    return;
  }
  if (event.type === 'EntryRetracted') {
    const entry = entryOf(event, undefined);
    entry.targetVersion = event.data.target.version;
    state.entries[event.version] = entry;
    applyRetraction(state, entry, event.data.target);
    return;
  }

  const effect = effectOf(event.type, event.data, event.eventId);
  const collection = effect && entitiesOf(state, effect.collection);
  const existing = effect && collection?.[effect.id];
  if (!effect || !collection || (!existing && !effect.creates)) {
    state.entries[event.version] = entryOf(event, undefined);
    return;
  }
  const step: Step = {
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    actorRole: event.actor.role,
    original: event.data as Record<string, unknown>,
  };
  if (!existing) {
    collection[effect.id] = {
      id: effect.id,
      createdVersion: event.version,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      // The effect's patch is a fresh object of its own: it becomes the entity's fields as it is.
      current: withoutUndefined(effect.patch),
      steps: [step],
    };
    state.entries[event.version] = entryOf(event, { collection: effect.collection, id: effect.id });
    return;
  }
  existing.steps.push(step);
  existing.current = merge(existing.current, effect.patch);
  if (event.occurredAt > existing.updatedAt) existing.updatedAt = event.occurredAt;
  // Every entry of an entity refers to it alike: they share the reference its creation made.
  const ref = state.entries[existing.createdVersion]?.ref ?? { collection: effect.collection, id: effect.id };
  state.entries[event.version] = entryOf(event, ref);
}

/**
 * The index entry of an event, its fields set at once and always in the same order (one object literal
 * per combination): an object that gains no property later keeps them all inline, in one allocation.
 */
function entryOf(event: JournalEvent, ref: EntryIndex['ref']): EntryIndex {
  const { version, eventId, type, occurredAt, textSalts, erasedTexts } = event;
  if (!textSalts && !erasedTexts)
    return ref ? { version, eventId, type, occurredAt, ref } : { version, eventId, type, occurredAt };
  if (!erasedTexts) {
    const texts = textPathsOf(type, textSalts ?? {});
    return ref
      ? { version, eventId, type, occurredAt, texts, ref }
      : { version, eventId, type, occurredAt, texts };
  }
  const texts = textSalts ? Object.keys(textSalts) : [];
  const erased = Object.keys(erasedTexts);
  for (const path of erased) texts.push(path);
  return ref
    ? { version, eventId, type, occurredAt, texts, erased, ref }
    : { version, eventId, type, occurredAt, texts, erased };
}

function applyCorrection(
  state: JourneyState,
  entry: EntryIndex,
  data: { target: { version: number; eventId: string }; changes: Record<string, unknown> },
): void {
  const target = state.entries[data.target.version];
  if (!target || target.eventId !== data.target.eventId || target.retractedBy !== undefined) return;
  target.correctedBy = entry.version;
  const entity = entityOf(state, target);
  const step = entity?.steps.find((candidate) => candidate.version === target.version);
  if (!entity || !step) return;
  step.correction = { version: entry.version, changes: data.changes };
  recompute(state, target, entity);
}

function applyRetraction(
  state: JourneyState,
  entry: EntryIndex,
  ref: { version: number; eventId: string },
): void {
  const target = state.entries[ref.version];
  if (!target || target.eventId !== ref.eventId || target.retractedBy !== undefined) return;
  target.retractedBy = entry.version;
  if (target.type === 'EntryCorrected' && target.targetVersion !== undefined) {
    // Retracting a correction restores the entry it had corrected.
    const corrected = state.entries[target.targetVersion];
    if (!corrected || corrected.correctedBy !== target.version) return;
    delete corrected.correctedBy;
    const entity = entityOf(state, corrected);
    const step = entity?.steps.find((candidate) => candidate.version === corrected.version);
    if (!entity || !step) return;
    delete step.correction;
    recompute(state, corrected, entity);
    return;
  }
  const entity = entityOf(state, target);
  if (!entity) return;
  entity.steps = entity.steps.filter((step) => step.version !== target.version);
  recompute(state, target, entity);
}

/** Erasing a text replaces it in the entry it belongs to (or in a correction's changes), then recomputes. */
function applyErasure(state: JourneyState, ref: { version: number; eventId: string }, path: string): void {
  const target = state.entries[ref.version];
  if (!target || target.eventId !== ref.eventId) return;
  target.erased = [...new Set([...(target.erased ?? []), path])];
  if (target.type === 'EntryCorrected' && target.targetVersion !== undefined) {
    const corrected = state.entries[target.targetVersion];
    const entity = corrected && entityOf(state, corrected);
    const step = entity?.steps.find((candidate) => candidate.correction?.version === target.version);
    if (!corrected || !entity || !step?.correction) return;
    step.correction = {
      ...step.correction,
      changes: withTextAt({ changes: step.correction.changes }, path, ERASED_TEXT).changes as Record<
        string,
        unknown
      >,
    };
    recompute(state, corrected, entity);
    return;
  }
  const entity = entityOf(state, target);
  const step = entity?.steps.find((candidate) => candidate.version === target.version);
  if (!entity || !step) return;
  step.original = withTextAt(step.original, path, ERASED_TEXT);
  recompute(state, target, entity);
}

function entityOf(state: JourneyState, entry: EntryIndex): Entity<Record<string, unknown>> | undefined {
  if (!entry.ref) return undefined;
  return entitiesOf(state, entry.ref.collection)[entry.ref.id];
}

/** Rebuilds an entity from its remaining steps, corrections applied; drops it if its creation is gone. */
function recompute(state: JourneyState, entry: EntryIndex, entity: Entity<Record<string, unknown>>): void {
  const collection = entitiesOf(state, entry.ref?.collection ?? 'project');
  const creation = entity.steps[0];
  if (!creation || creation.version !== entity.createdVersion) {
    delete collection[entity.id];
    return;
  }
  const current: Record<string, unknown> = {};
  let updatedAt = creation.occurredAt;
  for (const step of entity.steps) {
    const data = step.correction ? { ...step.original, ...step.correction.changes } : step.original;
    const effect = effectOf(step.type, data, step.eventId);
    if (effect) assignDefined(current, effect.patch);
    if (step.occurredAt > updatedAt) updatedAt = step.occurredAt;
  }
  entity.current = current;
  entity.updatedAt = updatedAt;
}

/**
 * The text paths of the last entry of each type, frozen: most entries of a type have the same paths,
 * and share that one array instead of a copy each (one object less for the collector per entry).
 */
const lastTextPaths = new Map<string, readonly string[]>();

function textPathsOf(type: string, salts: Record<string, string>): readonly string[] {
  const last = lastTextPaths.get(type);
  if (last && hasKeys(salts, last)) return last;
  const paths = Object.freeze(Object.keys(salts));
  lastTextPaths.set(type, paths);
  return paths;
}

/** Whether an object's own keys are exactly these, in this order (`for…in`: no array is made). */
function hasKeys(object: Record<string, unknown>, keys: readonly string[]): boolean {
  let index = 0;
  for (const key in object) if (keys[index++] !== key) return false;
  return index === keys.length;
}

/** Sets the patch's fields on the target, skipping undefined ones: an absent optional field keeps its value. */
function assignDefined(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const key in patch) {
    const value = patch[key];
    if (value !== undefined) target[key] = value;
  }
}

/**
 * A shallow merge that skips undefined values: an absent optional field keeps the previous value.
 * A new object: states share no `current` between versions. (`Object.assign` rather than spreads: on
 * objects of every shape, the spreads were the costliest step of the fold.)
 */
function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  if (!hasUndefined(patch)) return Object.assign({}, base, patch);
  const merged = { ...base };
  assignDefined(merged, patch);
  return merged;
}

function hasUndefined(patch: Record<string, unknown>): boolean {
  for (const key in patch) if (patch[key] === undefined) return true;
  return false;
}

/** The patch itself when no value is undefined (the usual case), otherwise a copy without them. */
function withoutUndefined(patch: Record<string, unknown>): Record<string, unknown> {
  if (!hasUndefined(patch)) return patch;
  const defined: Record<string, unknown> = {};
  assignDefined(defined, patch);
  return defined;
}
