import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Actor,
  applyInPlace,
  type Command,
  commandSchema,
  DomainError,
  decide,
  type EventDraft,
  type EventStore,
  eventCatalogue,
  initialState,
  Journal,
  type JournalEvent,
  type JourneyState,
  MemoryEventStore,
  type Period,
  readAllEvents,
  textPathsOf,
} from '@chemins/core';
import type { Way, WorkerJob, WorkerResult } from './core-worker.ts';
import { markdownTable, writeSection } from './support/report.ts';

// ---------------------------------------------------------------------------------------------------
// Realistic project logs, written command by command through the Journal.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Runs one command of a generated log: returns the events it recorded, as stored (versioned). */
export interface CommandRunner {
  run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]>;
}

/** Deterministic ids: a prefix and a counter, which a replay can resume from. */
export class Ids {
  private n: number;
  readonly next = () => `${this.prefix}${(++this.n).toString(36)}`;

  constructor(
    readonly prefix: string,
    start = 0,
  ) {
    this.n = start;
  }

  get count(): number {
    return this.n;
  }
}

/** Runs commands through a Journal as a structure's people would: validated, decided, appended. */
export class LogWriter implements CommandRunner {
  private commands = 0;
  readonly newId: () => string;

  constructor(
    readonly journal: Journal,
    private readonly prefix = 'g',
    ids = new Ids(prefix),
  ) {
    this.newId = ids.next;
  }

  /** One command, validated by the command schema (as the API does), recorded two hours after it happened. */
  async run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]> {
    const at = new Date(occurredAt).toISOString();
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const result = await this.journal.execute(streamId, parsed, {
      commandId: `${this.prefix}-cmd-${++this.commands}`,
      actor,
      now: new Date(occurredAt + 2 * HOUR_MS).toISOString(),
      newId: this.newId,
    });
    return result.events;
  }
}

/**
 * Runs commands the way `Journal.execute` decides and stamps them (same validation, decider, envelope
 * and text salts), keeping each stream's state in memory and its drafts for a bulk append afterwards:
 * no hashing, no store, no stream summary per command. For logs too long to write command by command.
 */
export class DraftWriter implements CommandRunner {
  private commands = 0;
  readonly streams = new Map<string, { state: JourneyState; drafts: EventDraft[] }>();
  readonly ids: Ids;
  readonly newId: () => string;

  constructor(private readonly prefix = 'd') {
    this.ids = new Ids(prefix);
    this.newId = this.ids.next;
  }

  async run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]> {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { state: initialState(), drafts: [] };
      this.streams.set(streamId, stream);
    }
    const at = new Date(occurredAt).toISOString();
    const now = new Date(occurredAt + 2 * HOUR_MS).toISOString();
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const context = {
      actor,
      now,
      newId: this.newId,
      ...(parsed.type === 'OpenNextProject'
        ? {
            previousProject: this.streams.get(`project:${parsed.previousProjectId}`)?.state ?? initialState(),
          }
        : {}),
    };
    const decided = decide(parsed, stream.state, context);
    if (decided instanceof DomainError) throw new Error(`${streamId}: ${decided.code} ${decided.message}`);
    const commandId = `${this.prefix}-cmd-${++this.commands}`;
    const territory =
      stream.state.territory ??
      String((decided[0]?.data as { territory?: string } | undefined)?.territory ?? '');
    const events: JournalEvent[] = [];
    for (const event of decided) {
      const paths = textPathsOf(event.type, event.data as Record<string, unknown>);
      const draft = {
        eventId: this.newId(),
        streamId,
        schemaVersion: eventCatalogue[event.type].schemaVersion,
        occurredAt: event.occurredAt,
        recordedAt: now,
        actor,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        territory,
        type: event.type,
        data: event.data,
        ...(paths.length > 0 && { textSalts: Object.fromEntries(paths.map((path) => [path, this.newId()])) }),
      } as EventDraft;
      stream.drafts.push(draft);
      const stored = { ...draft, version: stream.state.version + 1, prevHash: '', hash: '' } as JournalEvent;
      applyInPlace(stream.state, stored);
      events.push(stored);
    }
    return events;
  }

  /** Appends every stream's drafts to a store, `batch` events per append (hashed and chained by the store). */
  async appendTo(store: EventStore, batch = 1_000): Promise<void> {
    for (const [streamId, { drafts }] of this.streams) {
      for (let from = 0; from < drafts.length; from += batch) {
        await store.append(streamId, drafts.slice(from, from + batch), {
          expectedVersion: from === 0 ? 'no_stream' : from,
          commandId: `${this.prefix}-bulk-${streamId}-${from}`,
        });
      }
    }
  }
}

export interface StructureSpec {
  structureId: string;
  territory: string;
}

export interface ProjectSpec extends StructureSpec {
  projectId: string;
  /** Events the project stream holds once written (its opening and renewal included). */
  events: number;
  /** The agreement period; the renewal happens in the ten months before it starts. */
  period: Period;
  /** Renews this project (OpenNextProject, keeping two of its stakes) instead of opening a first one. */
  previousProjectId?: string;
}

const who = (structureId: string, role: Actor['role']): Actor => ({ id: `${structureId}-${role}`, role });
const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);

export async function writeStructure(writer: CommandRunner, spec: StructureSpec, at: string): Promise<void> {
  await writer.run(`structure:${spec.structureId}`, { id: 'admin', role: 'admin' }, Date.parse(at), {
    type: 'RegisterStructure',
    structureId: spec.structureId,
    name: `Centre social ${spec.structureId}`,
    kind: 'centre_social',
    managingBody: 'association',
    territory: spec.territory,
  });
}

interface Ref {
  version: number;
  eventId: string;
}

/**
 * A projet social over its agreement period: the renewal (diagnosis, stakes, pathways, changes,
 * assumptions, indicators, vision, adoption, submission, agreement), then the follow-up spread evenly
 * over the period up to `events` (commitments made, revised, postponed, honoured and dropped;
 * difficulties reported and resolved; successes, outcomes, change stories, indicator values, sessions,
 * interim reviews, comments; corrections and retractions; a vision revision and a target revision a
 * year; a GDPR erasure every 2,500 events), and the closing of the period.
 */
export async function writeProjectLog(writer: CommandRunner, spec: ProjectSpec): Promise<void> {
  const project = `project:${spec.projectId}`;
  const s = spec.structureId;
  let version = 0;
  const refs: JournalEvent[] = [];
  const run = async (actor: Actor, at: number, command: Record<string, unknown>) => {
    const events = await writer.run(project, actor, at, command);
    for (const event of events) refs.push(event);
    version = events.at(-1)?.version ?? version;
    return events;
  };
  const start = Date.parse(`${spec.period.start}T09:00:00.000Z`);
  const end = Date.parse(`${spec.period.end}T09:00:00.000Z`);
  let clock = start - 300 * DAY_MS;
  const later = (days: number) => {
    clock += days * DAY_MS;
    return clock;
  };
  const stakes = ['isolement', 'jeunesse', 'parentalite'];
  if (spec.previousProjectId) {
    await run(who(s, 'director'), clock, {
      type: 'OpenNextProject',
      projectId: spec.projectId,
      previousProjectId: spec.previousProjectId,
      title: `Projet social ${spec.period.start.slice(0, 4)}-${spec.period.end.slice(0, 4)}`,
      plannedPeriod: spec.period,
      circular: '2012-013',
      keptStakes: [{ stakeId: 'isolement' }, { stakeId: 'jeunesse' }],
    });
    stakes.splice(0, 2);
  } else {
    await run(who(s, 'director'), clock, {
      type: 'OpenProject',
      projectId: spec.projectId,
      structureId: s,
      territory: spec.territory,
      structureKind: 'centre_social',
      title: `Projet social ${spec.period.start.slice(0, 4)}-${spec.period.end.slice(0, 4)}`,
      plannedPeriod: spec.period,
      circular: '2012-013',
    });
    await run(who(s, 'director'), later(3), { type: 'StartRenewal' });
  }
  await run(who(s, 'staff'), later(30), {
    type: 'RecordSharedDiagnosis',
    summary:
      'Diagnostic partagé : isolement des aînés, attentes des jeunes, besoin de lieux pour les parents.',
    coldData: 'INSEE 2020 : 18 % de plus de 75 ans vivant seuls.',
    warmData: 'Douze rencontres en pied d’immeuble, 140 habitants entendus.',
  });
  for (const stakeId of stakes) {
    await run(who(s, 'staff'), later(2), {
      type: 'IdentifyStake',
      stakeId,
      title: `Enjeu ${stakeId}`,
      description: `Ce que les habitants ont dit de ${stakeId}.`,
    });
  }
  const allStakes = ['isolement', 'jeunesse', 'parentalite'];
  for (const [index, stakeId] of allStakes.entries()) {
    await run(who(s, 'board_member'), later(1), { type: 'PrioritiseStake', stakeId, priority: index + 1 });
    await run(who(s, 'staff'), later(2), {
      type: 'DrawPathway',
      pathwayId: `pw-${stakeId}`,
      stakeId,
      longTermChange: `Les habitants agissent ensemble sur ${stakeId}.`,
    });
    await run(who(s, 'staff'), later(1), {
      type: 'AddIntermediateChange',
      changeId: `ch-${stakeId}`,
      pathwayId: `pw-${stakeId}`,
      description: `Un premier pas sur ${stakeId}.`,
    });
    await run(who(s, 'staff'), later(1), {
      type: 'StateAssumption',
      assumptionId: `as-${stakeId}`,
      pathwayId: `pw-${stakeId}`,
      statement: `Si les habitants se rencontrent, ${stakeId} recule.`,
    });
    await run(who(s, 'staff'), later(1), {
      type: 'DefineIndicator',
      indicatorId: `in-${stakeId}`,
      stakeId,
      label: `Participants (${stakeId})`,
      unit: 'personnes',
      target: { value: 100, by: spec.period.end },
    });
  }
  await run(who(s, 'board_member'), later(10), {
    type: 'StateVision',
    statement: 'Un centre ouvert à tous, où chacun trouve sa place et prend part à la vie du quartier.',
  });
  await run(who(s, 'board_member'), later(30), { type: 'AdoptProject' });
  await run(who(s, 'director'), later(7), { type: 'SubmitToCaf' });
  await run({ id: 'caf-advisor', role: 'caf_advisor' }, later(40), {
    type: 'GrantAgreement',
    period: spec.period,
    decisionRef: `Commission d’action sociale du ${day(clock)}`,
  });

  // The follow-up, evenly over the period, then its closing.
  const remaining = spec.events - version - 1;
  if (remaining < 0) throw new Error(`${spec.events} events are too few for a project log`);
  clock = Math.max(clock, start);
  const step = (end - DAY_MS - clock) / Math.max(1, remaining);
  const open: string[] = [];
  const difficulties: string[] = [];
  const outcomes: string[] = [];
  const stories: string[] = [];
  const correctable: Ref[] = [];
  const comments: Ref[] = [];
  const recent = { difficulties: [] as string[], successes: [] as string[], commitments: [] as string[] };
  const keep = (list: string[], id: string) => {
    list.push(id);
    if (list.length > 5) list.shift();
  };
  const last = () => refs.at(-1) as JournalEvent;
  const asRef = (event: JournalEvent): Ref => ({ version: event.version, eventId: event.eventId });
  const first = version;
  while (version < spec.events - 1) {
    clock += step;
    const n = version - first;
    const stakeId = allStakes[n % 3] as string;
    const comment = async () => {
      await run(who(s, 'volunteer'), clock, {
        type: 'AddComment',
        text: `Note de suivi n° ${n} : ce qui s’est dit à l’accueil.`,
        ...(n % 3 === 0 && version > 1 && { aboutVersion: version - 1 }),
      });
      comments.push(asRef(last()));
    };
    if (n > 0 && n % 2_500 === 0 && comments.length > 0) {
      const target = comments.shift() as Ref;
      await run(who(s, 'director'), clock, {
        type: 'EraseText',
        target,
        path: 'text',
        reason: 'Demande d’effacement (RGPD) : le texte nommait une personne.',
      });
      continue;
    }
    if (n > 0 && n % 1_000 === 0) {
      await run(who(s, 'board_member'), clock, {
        type: 'ReviseVision',
        statement: `Un centre ouvert à tous (révision ${n / 1_000}).`,
        rationale: 'Le bilan d’étape a montré de nouveaux besoins.',
        decidingBody: 'board',
      });
      continue;
    }
    if (n > 0 && n % 1_000 === 500) {
      await run(who(s, 'staff'), clock, {
        type: 'ReviseTarget',
        indicatorId: `in-${stakeId}`,
        target: { value: 100 + n / 100, by: spec.period.end },
        rationale: 'La fréquentation dépasse ce qui était prévu.',
      });
      continue;
    }
    if (n > 0 && n % 250 === 0) {
      await run(who(s, 'director'), clock, {
        type: 'HoldInterimReview',
        title: `Bilan d’étape n° ${n / 250}`,
        participants: { staff: 4, volunteer: 6, resident: 12, board_member: 2 },
        difficultyIds: [...recent.difficulties],
        successIds: [...recent.successes],
        commitmentIds: [...recent.commitments],
        decisions: ['Renforcer l’accueil du samedi.'],
        lessons: 'Les habitants viennent quand ils sont invités personnellement.',
      });
      continue;
    }
    switch (n % 20) {
      case 0:
      case 10: {
        const commitmentId = `c-${n}`;
        await run(who(s, 'staff'), clock, {
          type: 'MakeCommitment',
          commitmentId,
          description: `Engagement n° ${n} : une action avec les habitants.`,
          stakeId,
          heldBy: 'staff',
          dueOn: day(clock + (90 + (n % 300)) * DAY_MS),
        });
        open.push(commitmentId);
        keep(recent.commitments, commitmentId);
        correctable.push(asRef(last()));
        break;
      }
      case 2:
      case 19: {
        const difficultyId = `d-${n}`;
        await run(who(s, 'staff'), clock, {
          type: 'ReportDifficulty',
          difficultyId,
          category: ['time', 'calendar', 'moving_forward_together'][n % 3],
          description: `Difficulté n° ${n} : il manque du temps pour l’action.`,
          reportedBy: 'staff',
          stakeId,
        });
        difficulties.push(difficultyId);
        keep(recent.difficulties, difficultyId);
        break;
      }
      case 3:
      case 15: {
        const commitmentId = open.shift();
        if (commitmentId) await run(who(s, 'staff'), clock, { type: 'HonourCommitment', commitmentId });
        else await comment();
        break;
      }
      case 4: {
        const successId = `r-${n}`;
        await run(who(s, 'volunteer'), clock, {
          type: 'RecordSuccess',
          successId,
          category: 'internal_exchanges',
          description: `Réussite n° ${n} : un temps fort réussi avec les bénévoles.`,
          stakeIds: [stakeId],
        });
        keep(recent.successes, successId);
        correctable.push(asRef(last()));
        break;
      }
      case 5:
        await run(who(s, 'staff'), clock, {
          type: 'RecordIndicatorValue',
          indicatorId: `in-${stakeId}`,
          value: 20 + (n % 80),
        });
        break;
      case 7: {
        const commitmentId = open[0];
        if (commitmentId)
          await run(who(s, 'staff'), clock, {
            type: 'PostponeCommitment',
            commitmentId,
            newDueOn: day(clock + 120 * DAY_MS),
            reason: 'Pas assez de bénévoles disponibles.',
          });
        else await comment();
        break;
      }
      case 8: {
        const difficultyId = difficulties.shift();
        if (difficultyId)
          await run(who(s, 'director'), clock, {
            type: 'ResolveDifficulty',
            difficultyId,
            how: 'Levée en réunion d’équipe.',
          });
        else await comment();
        break;
      }
      case 9:
        await run(who(s, 'staff'), clock, {
          type: 'HoldCollectiveSession',
          sessionId: `s-${n}`,
          title: `Atelier n° ${n}`,
          participants: { resident: 9 + (n % 7), volunteer: 3, staff: 1 },
        });
        break;
      case 11: {
        const outcomeId = `o-${n}`;
        await run(who(s, 'staff'), clock, {
          type: 'ObserveOutcome',
          outcomeId,
          description: `Changement observé n° ${n} : des habitants prennent des initiatives.`,
          group: 'les habitants du quartier',
          stakeId,
          changeId: `ch-${stakeId}`,
        });
        outcomes.push(outcomeId);
        break;
      }
      case 13: {
        const commitmentId = open.at(-1);
        if (commitmentId)
          await run(who(s, 'staff'), clock, {
            type: 'ReviseCommitment',
            commitmentId,
            description: `Engagement révisé : une action plus modeste (${n}).`,
            rationale: 'Moins de bénévoles que prévu.',
          });
        else await comment();
        break;
      }
      case 14: {
        const target = correctable.shift();
        if (target)
          await run(who(s, 'staff'), clock, {
            type: 'CorrectEntry',
            target,
            changes: { description: `Texte corrigé (${n}) : une faute de saisie.` },
            reason: 'Faute de saisie.',
          });
        else await comment();
        break;
      }
      case 16: {
        const outcomeId = outcomes.shift();
        const storyId = `st-${n}`;
        if (outcomeId && n % 40 === 16)
          await run(who(s, 'staff'), clock, {
            type: 'SubstantiateOutcome',
            outcomeId,
            evidence: 'Trois témoignages concordants.',
          });
        else {
          await run(who(s, 'resident'), clock, {
            type: 'CollectChangeStory',
            storyId,
            title: `Récit n° ${n}`,
            story: 'Depuis l’atelier, je connais mes voisins et je viens aider le samedi.',
            toldBy: 'resident',
            stakeId,
          });
          stories.push(storyId);
        }
        break;
      }
      case 17: {
        const target = comments.pop();
        if (target && n % 60 === 17)
          await run(who(s, 'staff'), clock, { type: 'RetractEntry', target, reason: 'Saisi deux fois.' });
        else if (stories.length > 0 && n % 60 === 37)
          await run(who(s, 'board_member'), clock, {
            type: 'SelectChangeStory',
            storyId: stories.shift(),
            rationale: 'Il dit bien ce qui a changé.',
          });
        else {
          if (target) comments.push(target);
          await comment();
        }
        break;
      }
      case 18: {
        const commitmentId = n % 60 === 18 ? open.shift() : undefined;
        if (commitmentId)
          await run(who(s, 'director'), clock, {
            type: 'DropCommitment',
            commitmentId,
            reason: 'L’action ne répondait plus à un besoin.',
          });
        else await comment();
        break;
      }
      default:
        await comment();
    }
  }
  await run(who(s, 'director'), end, { type: 'ClosePeriod', note: 'Fin de la période d’agrément.' });
  if (version !== spec.events) throw new Error(`${project} has ${version} events, not ${spec.events}`);
}

/** Logs up to this size are written through `Journal.execute`; longer ones through `DraftWriter`. */
export const JOURNAL_LOG_LIMIT = 10_000;

/**
 * A structure with one project of `events` events, in a fresh memory store: written through the Journal,
 * command by command, up to JOURNAL_LOG_LIMIT events; beyond, decided by `DraftWriter` and appended
 * 1,000 events at a time.
 */
export async function projectLog(
  events: number,
): Promise<{ store: EventStore; streamId: string; through: 'journal' | 'drafts' }> {
  const store = new MemoryEventStore();
  const through = events <= JOURNAL_LOG_LIMIT ? 'journal' : 'drafts';
  const drafts = new DraftWriter(`l${events}-`);
  const writer = through === 'journal' ? new LogWriter(new Journal(store), `l${events}-`) : drafts;
  const spec = {
    structureId: 'causses',
    projectId: 'causses-2021',
    territory: '46',
    events,
    period: { start: '2021-07-01', end: '2025-06-30' },
  };
  await writeStructure(writer, spec, '2019-01-15T10:00:00.000Z');
  await writeProjectLog(writer, spec);
  if (through === 'drafts') await drafts.appendTo(store);
  return { store, streamId: `project:${spec.projectId}`, through };
}

// ---------------------------------------------------------------------------------------------------
// What every bench shares: statistics, machine line, Markdown tables, its README section.

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export const stats = (values: readonly number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
};

/** The value at a quantile (0 to 1) of samples, nearest rank. */
export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
};

export const formatStats = (value: Stats, format: (n: number) => string) =>
  `${format(value.median)} (${format(value.min)}–${format(value.max)})`;

export const thousands = (n: number) => Math.round(n).toLocaleString('en');
export const fixed = (digits: number) => (n: number) => n.toFixed(digits);

export const machineLine = (load: number) =>
  `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
  `${platform()} ${release()}, load average ${load.toFixed(1)} at the start.`;

/** Lets the event loop and the collector breathe between measurements. */
export const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

// ---------------------------------------------------------------------------------------------------
// The fold benchmark: each way timed in a fresh process that holds only its log (bench/core-worker.ts).

const SIZES = [1_000, 10_000, 100_000];
/** Rounds of children per log: each round starts one child per way, in a rotating order. */
const ROUNDS = 3;
/** Timed samples per child, each of as many builds as make about 100,000 events (at least one). */
const SAMPLES_PER_CHILD = 3;
const SAMPLES = ROUNDS * SAMPLES_PER_CHILD;
const EVENTS_PER_SAMPLE = 100_000;
/** Untimed samples in each child first: a fresh process starts with cold code. */
const WARM_UP_SAMPLES = 2;
/** A child that takes longer has hung (the slowest, rebuilding the 100,000-event store, takes some 20 s). */
const CHILD_TIMEOUT_MS = 300_000;

const WAYS: readonly Way[] = ['fold', 'load', 'emmett'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./core-worker.ts', import.meta.url));
/** How each child is started (tsx from the repository's node_modules, found from its working directory). */
const CHILD_ARGS = ['--import', 'tsx', '--expose-gc', WORKER];

/** One way's samples over its children. */
interface WayRow {
  rates: Stats;
  /** Events per second of the child's CPU time (all its threads): what the load of the machine takes away from the wall clock, it does not. */
  cpuRates: Stats;
  /** The share of the samples' time spent in garbage collection pauses. */
  gcShare: number;
  /** Heap in use in the child once its data was built, after a full collection (MB, median over children). */
  heapMb: number;
  /** Reading the log and building the way's data in the child (s, median over children). */
  setupSeconds: number;
}

interface FoldRow {
  events: number;
  written: number;
  through: 'journal' | 'drafts';
  fold: WayRow;
  load: WayRow;
  emmett: WayRow;
  /** The SHA-256 of the canonical JSON of the state every child built. */
  stateHash: string;
}

interface Log {
  events: number;
  file: string;
  streamId: string;
  written: number;
  through: 'journal' | 'drafts';
}

/**
 * Writes the log of `size` events as the bench always did, then saves its stored events as NDJSON (one
 * line at a time: the longest log is some 200 MB of JSON) and lets the store go.
 */
async function saveLog(size: number, dir: string): Promise<Log> {
  const writing = performance.now();
  const { store, streamId, through } = await projectLog(size);
  const written = (performance.now() - writing) / 1000;
  const events = await readAllEvents(store, streamId);
  if (events.length !== size) throw new Error(`the log has ${events.length} events, not ${size}`);
  const file = join(dir, `project-${size}.ndjson`);
  const fd = openSync(file, 'w');
  try {
    for (let from = 0; from < events.length; from += 1_000) {
      const lines = events.slice(from, from + 1_000).map((event) => JSON.stringify(event));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  process.stderr.write(`  ${thousands(size)} events written in ${written.toFixed(1)} s (${through})\n`);
  return { events: size, file, streamId, written, through };
}

/** Runs one child to its end; `running` holds it meanwhile, so that whoever stops the bench can kill it. */
function runChild(job: WorkerJob, running: Set<ChildProcess>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_ARGS, JSON.stringify(job)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running.add(child);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line)
        return reject(new Error(`the ${job.way} child (${job.events} events) ended with ${signal ?? code}`));
      try {
        resolve(JSON.parse(line) as WorkerResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

const median = (values: readonly number[]) => stats(values).median;

function wayRow(results: readonly WorkerResult[]): WayRow {
  const sampleMs = results.reduce((sum, result) => sum + result.sampleMs, 0);
  return {
    rates: stats(results.flatMap((result) => result.rates)),
    cpuRates: stats(results.flatMap((result) => result.cpuRates)),
    gcShare: sampleMs > 0 ? results.reduce((sum, result) => sum + result.gcMs, 0) / sampleMs : 0,
    heapMb: median(results.map((result) => result.heapMb)),
    setupSeconds: median(results.map((result) => result.setupSeconds)),
  };
}

/**
 * ROUNDS rounds over one log, each starting one child per way, one child at a time (run together, they
 * would measure each other), the first way of a round moving on by one each round, so that what else
 * the machine runs weighs on each way alike. Every child must build the same state.
 */
async function measureLog(log: Log, running: Set<ChildProcess>): Promise<FoldRow> {
  const results: WorkerResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let turn = 0; turn < WAYS.length; turn++) {
      const way = WAYS[(round + turn) % WAYS.length] as Way;
      const result = await runChild(
        {
          way,
          file: log.file,
          streamId: log.streamId,
          events: log.events,
          samples: SAMPLES_PER_CHILD,
          eventsPerSample: EVENTS_PER_SAMPLE,
          warmUpSamples: WARM_UP_SAMPLES,
        },
        running,
      );
      process.stderr.write(
        `  ${thousands(log.events)} events, round ${round + 1}, ${way}: ` +
          `${result.rates.map(thousands).join(', ')} events/s (set-up ${result.setupSeconds.toFixed(1)} s, ` +
          `heap ${result.heapMb.toFixed(0)} MB)\n`,
      );
      results.push(result);
    }
  }
  const first = results[0] as WorkerResult;
  for (const result of results)
    if (result.version !== log.events || result.stateHash !== first.stateHash)
      throw new Error(`${thousands(log.events)} events: the ${result.way} child built another state`);
  const of = (way: Way) => wayRow(results.filter((result) => result.way === way));
  return {
    events: log.events,
    written: log.written,
    through: log.through,
    fold: of('fold'),
    load: of('load'),
    emmett: of('emmett'),
    stateHash: first.stateHash,
  };
}

/**
 * The fix, before and after: measured once (not by this bench, which measures the code as it is), the
 * fold of commit 2f38f9a and the current one taking turns on the same logs, in one process; kept here so
 * that every run of the bench reprints it.
 */
const BEFORE_AFTER = [
  '### Before and after the fix',
  '',
  'Measured on 2026-11-27 on this machine (load average 4 to 6), the fold of commit 2f38f9a and the ' +
    "current one taking turns on the bench's three logs (saved as JSON, parsed in a fresh process), 9 " +
    'samples each after a warm-up, per wall-clock second and per CPU second; three such runs, the second ' +
    'one shown (events/s, median (min–max)), and the ratio of the medians in each of the three:',
  '',
  markdownTable(
    [
      'events',
      'fold before',
      'fold after',
      'after / before',
      'per CPU second, before → after',
      'after / before, three runs',
    ],
    [
      [
        '1,000',
        '1,502,987 (1,135,429–1,588,623)',
        '3,077,112 (2,895,974–3,291,973)',
        '2.05×',
        '1,326,841 → 2,830,215',
        '1.87×, 2.05×, 2.04×',
      ],
      [
        '10,000',
        '1,012,990 (826,391–1,127,326)',
        '1,635,192 (1,192,256–1,908,764)',
        '1.61×',
        '945,913 → 1,567,496',
        '1.36×, 1.61×, 1.97×',
      ],
      [
        '100,000',
        '432,133 (347,893–513,989)',
        '618,759 (522,127–721,971)',
        '1.43×',
        '321,777 → 462,338',
        '1.25×, 1.43×, 1.36×',
      ],
    ],
  ),
  '',
  'The cause, from `node --cpu-prof` of 150 folds of the 10,000-event log (bundled, so that lines are ' +
    "known) and from timing each way of copying on these events' data: the object spreads. In the effect " +
    "table, `{ ...data, status: 'open' }` (a spread, then one more field: 250 to 330 ns a call on data of " +
    'every shape, against 80 to 110 ns for `Object.assign({}, data)` and one store); then `create` and ' +
    "`change` spread that patch again, and `merge` spread the entity's fields and the patch into a third " +
    'object. The fix: `copyWith` (`Object.assign` and one store) in `packages/core/src/decider/effects.ts`, ' +
    'no second copy, `merge` with `Object.assign`; in `evolve.ts`, an index entry built as one object ' +
    'literal with all its fields (it gained `texts` and `ref` after its creation, which gave most entries ' +
    'a second allocation, an out-of-object property store), and the text paths of an entry shared, as a ' +
    'frozen array, with the previous entry of its type when they are the same (26 arrays for the ' +
    '10,000-event log instead of 8,033). The state per event went from 430 to 336 bytes (10,000 events), ' +
    'and from 442 to 349 bytes (100,000 events). Same states: the JSON of the folded states of the three ' +
    "logs and of prefixes of them is the old fold's, byte for byte, and the property tests (fold equals " +
    'evolve one by one) hold. Tried and left out, no gain measured: changing `current` in place instead ' +
    'of merging into a new object, and step lists of exact size (a copy one longer instead of `push`).',
].join('\n');

const TARGET = 1_000_000;

/** A row's figures in prose: `fold` of the row of `events`, median events/s. */
const medianOf = (rows: readonly FoldRow[], events: number, way: 'fold' | 'load' | 'emmett', cpu = false) => {
  const row = rows.find((candidate) => candidate.events === events);
  return row ? thousands((cpu ? row[way].cpuRates : row[way].rates).median) : '?';
};

/** The widest max / min of one way's samples over the rows, as text (`rates` or `cpuRates`). */
const spread = (rows: readonly FoldRow[], of: 'rates' | 'cpuRates') =>
  Math.max(
    ...rows.flatMap((row) => [row.fold, row.load, row.emmett].map((way) => way[of].max / way[of].min)),
  ).toFixed(1);

/**
 * What the runs show about the gap to the target. The figures of this run are filled in; the rest was
 * measured once (dated) and is kept here so that every run reprints it with the run it explains.
 */
function gap(rows: readonly FoldRow[]): string {
  const met = (way: 'fold' | 'load') =>
    rows
      .filter((row) => row[way].rates.median >= TARGET && row[way].rates.median > row.emmett.rates.median)
      .map((row) => thousands(row.events));
  const missed = (way: 'fold' | 'load') =>
    rows.map((row) => thousands(row.events)).filter((events) => !met(way).includes(events));
  const list = (sizes: string[]) =>
    sizes.length === 0
      ? 'no log'
      : `${sizes.length > 1 ? `${sizes.slice(0, -1).join(', ')} and ` : ''}${sizes.at(-1)} events`;
  const largest = rows.at(-1);
  return [
    '### The gap to 1,000,000 events/s',
    '',
    `In this run: the fold meets the target for ${list(met('fold'))} and misses it for ` +
      `${list(missed('fold'))}; the load meets it for ${list(met('load'))} and misses it for ` +
      `${list(missed('load'))} (table above). In processes of their own the ways run near the rates a fresh ` +
      `process gave before: the fold at ${medianOf(rows, 1_000, 'fold')}, ${medianOf(rows, 10_000, 'fold')} ` +
      `and ${medianOf(rows, 100_000, 'fold')} events/s (3.08M, 1.64M and 619k measured on the side ` +
      'before), where the bench timing every way in the process that wrote the logs measured 692k, 300k ' +
      "and 254k (commit 408f5cb; Emmett there: 591k, 274k and 185k). Most of that gap was the bench's " +
      'process, not the fold. Measured causes of what is left:',
    '',
    '1. **The load of the machine** (2 CPUs shared with test suites, benches and DynamoDB Local; load ' +
      `averages above): the wall-clock samples of one way spread up to ${spread(rows, 'rates')} times ` +
      `(max / min), mostly from one child to the next; per CPU second, up to ${spread(rows, 'cpuRates')} ` +
      'times. Where the two disagree, trust the CPU seconds: for ' +
      `${thousands(largest?.events ?? 0)} events, fold / Emmett is ` +
      `${largest ? (largest.fold.rates.median / largest.emmett.rates.median).toFixed(2) : '?'}× on the ` +
      `wall clock and ${largest ? (largest.fold.cpuRates.median / largest.emmett.cpuRates.median).toFixed(2) : '?'}× ` +
      'per CPU second (second table). From one run to the next too: two runs of this bench on ' +
      '2026-11-27, just before this one, gave the 10,000-event fold 1,308,669 and 876,931 events/s ' +
      '(1,198,265 and 1,053,408 per CPU second), on either side of the target.',
    '2. **Emmett, in a process of its own**, runs the same `applyInPlace` on the same events parsed from ' +
      `JSON: ${medianOf(rows, 1_000, 'emmett')}, ${medianOf(rows, 10_000, 'emmett')} and ` +
      `${medianOf(rows, 100_000, 'emmett')} events/s (591k, 274k and 185k in the bench's process). What ` +
      'separates it from the fold is its own reading of its stream and reducing around that work, and ' +
      'the heap it holds (its store wraps each event: second table).',
    '3. **The load against the fold.** Split in fresh processes before the change below (2026-11-27, ' +
      '1,000 and 10,000 events, two runs each, events per CPU second; each process also held the store and ' +
      "the parsed events, hence lower 10,000-event figures than the table's): `fold` on events parsed from " +
      "JSON 2.7M to 3.2M (1,000 events) and 713k to 765k (10,000); `fold` on the store's own event objects " +
      '(as `readStream` returns them) 2.3M and 595k to 682k; `journal.load` 2.0M to 2.1M and 581k to 603k; ' +
      'reading the pages alone (`readAllEvents`, no fold) 47 to 51 million. The change: `loadStream` ' +
      '(packages/core/src/journal/stream-cache.ts) folds each page as it reads it, in one pass over the ' +
      'events, where it read the whole stream and then folded it in a second pass, which fetched every ' +
      'event (some 2 KB) from memory again once the stream outgrew the CPU caches; and the upcast check ' +
      'each event goes through looks its current schema version up in a `Map` (it took a keyed load in ' +
      'the catalogue, then one more). `journal.load` before and after, in fresh processes taking turns ' +
      '(2026-11-27, events per CPU second, median (min–max) of 6 samples, bench/.scratch-load): 1,000 ' +
      'events 2,064k (1,914k–2,104k) → 1,953k (1,733k–1,993k), within the noise; 10,000 events 863k ' +
      '(787k–936k) → 1,055k (986k–1,135k); 100,000 events 618k (535k–640k) → 635k (541k–659k). The ' +
      'previous run of this bench (commit 06f9638) had the load at 1,574,771, 755,708 and 455,157 ' +
      "events/s, 0.61×, 1.08× and 0.86× Emmett's. Tried " +
      'and left out: building each stored event in `chainEvents` as one object literal, keys in canonical ' +
      'order, one hidden class per combination of the optional fields (instead of spreading the draft, ' +
      'then the result again to add `hash`). In one process the fold then read the store’s events as fast ' +
      'as events parsed from JSON, and the load went to 2.53M (1,000 events) and 1.32M (10,000); but in a ' +
      'fresh process holding 100,000 of them it fell to 445k to 520k, its scavenges 25 to 80 % longer, ' +
      'with the same number of them (with `--no-allocation-site-pretenuring`, both ways ran alike, near ' +
      '480k): a cost in the collector that these measurements did not pin down, so the chain still ' +
      'spreads. One spread with `hash` set afterwards ' +
      'was far worse (604k for 1,000 events, 252k for 100,000).',
    '4. **For 100,000 events, the collector**: the state (35 MB, some 5 objects per event: index entry, ' +
      'step, and per entity its record, fields, reference and step list) lives on while it is built, so ' +
      'every scavenge copies what was built since the last one; ' +
      `${largest ? (largest.fold.gcShare * 100).toFixed(0) : '?'} % of the fold's time in GC in this run, ` +
      `in a process holding ${largest ? largest.fold.heapMb.toFixed(0) : '?'} MB of heap (its events) ` +
      'before it starts. In a CPU profile of the earlier bench, the hot lines of `applyInPlace` are the ' +
      "entity's lookup and insertion in its collection (a `Record<string, Entity>`: the id in the event's " +
      'data is a string to hash and intern), the read of `event.actor.role` and the comparison of ' +
      '`occurredAt`: reads of objects scattered over the heap. Further gains need a smaller state, which ' +
      'changes its shape for every projection and the API: the step and the index entry of an event as ' +
      'one object, or collections as `Map`s.',
  ].join('\n');
}

/** Met: at least TARGET events/s and ahead of Emmett, both on the medians of the wall clock. */
function verdict(name: string, way: WayRow, emmett: WayRow): string {
  const fast = way.rates.median >= TARGET;
  const ahead = way.rates.median > emmett.rates.median;
  if (fast && ahead) return `${name}: met`;
  const missed = [!fast && `under ${thousands(TARGET)}/s`, !ahead && 'behind Emmett'].filter(Boolean);
  return `${name}: missed (${missed.join(', ')})`;
}

function report(rows: FoldRow[], seconds: number, load: [number, number], command: string): string {
  const perSecond = (n: number) => thousands(n);
  const table = markdownTable(
    [
      'events',
      'Chemins fold, events/s',
      'Chemins fold, events per CPU second',
      'Chemins load (read + fold), events/s',
      'Emmett aggregateStream, events/s',
      'fold / Emmett',
      'load / Emmett',
      'fold time in GC',
      'target (≥ 1,000,000/s, ahead of Emmett)',
    ],
    rows.map((row) => [
      thousands(row.events),
      formatStats(row.fold.rates, perSecond),
      formatStats(row.fold.cpuRates, perSecond),
      formatStats(row.load.rates, perSecond),
      formatStats(row.emmett.rates, perSecond),
      `${(row.fold.rates.median / row.emmett.rates.median).toFixed(2)}×`,
      `${(row.load.rates.median / row.emmett.rates.median).toFixed(2)}×`,
      `${(row.fold.gcShare * 100).toFixed(0)} %`,
      `${verdict('fold', row.fold, row.emmett)}; ${verdict('load', row.load, row.emmett)}`,
    ]),
  );
  const children = markdownTable(
    [
      'events',
      'way',
      'heap held, MB',
      'set-up, s',
      'events per CPU second',
      'per CPU second / Emmett',
      'time in GC',
    ],
    rows.flatMap((row) =>
      (
        [
          ['Chemins fold', row.fold],
          ['Chemins load', row.load],
          ['Emmett', row.emmett],
        ] as const
      ).map(([name, way]) => [
        thousands(row.events),
        name,
        way.heapMb.toFixed(0),
        way.setupSeconds.toFixed(1),
        formatStats(way.cpuRates, perSecond),
        `${(way.cpuRates.median / row.emmett.cpuRates.median).toFixed(2)}×`,
        `${(way.gcShare * 100).toFixed(0)} %`,
      ]),
    ),
  );
  const written = (how: FoldRow['through']) =>
    rows
      .filter((row) => row.through === how)
      .map((row) => `${thousands(row.events)} events in ${row.written.toFixed(1)} s`)
      .join(', ');
  return [
    '## Core: fold rate',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${seconds.toFixed(0)} s); each ` +
      `child: \`node ${CHILD_ARGS.slice(0, -1).join(' ')} bench/core-worker.ts '<job as JSON>'\`.`,
    `${machineLine(load[0])} Load average ${load[1].toFixed(1)} at the end.`,
    '',
    'The logs: one project stream each, in a `MemoryEventStore`: the renewal, then four years of follow-up ' +
      'with every kind of journey event, interim reviews, corrections, retractions, vision and target ' +
      'revisions and GDPR erasures, each command validated by the command schema and decided by the core. ' +
      `Logs of up to ${thousands(JOURNAL_LOG_LIMIT)} events are written through \`Journal.execute\`, command ` +
      `by command (${written('journal')}). The longer log is decided the same way (same decider, envelope ` +
      `and salts) and appended 1,000 events at a time (${written('drafts')}): through \`Journal.execute\` ` +
      "it would take far longer: past 50,000 events a stream no longer fits the journal's stream cache " +
      '(its default limit), so every command reads and folds the whole stream again, and every append ' +
      'waits on four to five Web Crypto digests (see the commands section). The stream summary each append ' +
      'computes is incremental now (it counted every commitment and difficulty of the stream: quadratic ' +
      "over a log's life); writing the 10,000-event log through the journal went from 5.1 s to 3.0 s.",
    '',
    '**Each way runs in a fresh process that holds only its log.** The bench writes each log once, saves ' +
      'its stored events as NDJSON in a temporary directory (`bench/.tmp-core-<pid>/`, removed at the end ' +
      'whatever happens), and times every way in a child Node process of its own that reads that file ' +
      'and builds only what its way needs. Why: the same fold ran 2 to 4 times slower in the process that ' +
      'had written the logs and held them all (up to 100,000 events of some 2 KB each, for the journal, ' +
      "the memory store and Emmett's store) than in a fresh process: 692k against 3.08M events/s for " +
      '1,000 events, 300k against 1.64M for 10,000, 254k against 619k for 100,000; its scavenges took ' +
      '21 ms on average against 4.5 ms. The fold then paid for a heap that was the bench’s, not its own.',
    '',
    '- **Chemins fold**: `fold(events)` on the events in memory, read from the file and upcast once.',
    '- **Chemins load**: `journal.load(streamId)` (no stream cache): reads the stream from a ' +
      '`MemoryEventStore` (1,000-event pages), upcasting and folding each page as it reads it. The child ' +
      'rebuilds that store from the ' +
      'file, appending the stored events 1,000 at a time; the store hashes and chains them again, and the ' +
      "same last hash as the log's says it holds the same events.",
    "- **Emmett**: `aggregateStream` on Emmett's `getInMemoryEventStore()` holding the same events (each " +
      'Emmett event carries the upcast Chemins event whole as its data, so neither side translates ' +
      'anything). Its `evolve` does the work of `fold` per event, `applyInPlace`, on the state its ' +
      "`initialState` makes afresh for each aggregation: same state shape, same work, and Emmett's own " +
      'cost is its read and reduce around it.',
    '',
    `Events per second: median (min–max) of ${SAMPLES} samples per way: ${ROUNDS} rounds, each starting ` +
      `one child per way, one child at a time, the first way of a round moving on by one each round, so ` +
      `that the load of the machine weighs on each way alike; each child reads its log, builds its data, ` +
      `runs a full collection, warms up (${WARM_UP_SAMPLES} untimed samples) and times ${SAMPLES_PER_CHILD} ` +
      `samples, each building about ${thousands(EVENTS_PER_SAMPLE)} events (the log again and again). ` +
      'Target: at least 1,000,000 events/s, and ahead of Emmett (medians, wall clock). Fold time in GC: ' +
      'the share of the fold samples spent in garbage collection pauses (`PerformanceObserver` on `gc` ' +
      'entries). Where the min–max ranges of two ways overlap, the ratio of their medians is within the ' +
      "noise of this machine. Events per CPU second: the same samples over the child's CPU time " +
      "(`process.cpuUsage`, all its threads, the collector's included) instead of the wall clock: on this " +
      'shared machine the wall clock also counts the time the process waits for a CPU, which this measure ' +
      'leaves out (it still feels the other processes through the shared caches). Same state: every ' +
      `child of a log built a state of the same canonical JSON (SHA-256: ${rows
        .map((row) => `${row.stateHash.slice(0, 12)}… for ${thousands(row.events)} events`)
        .join(', ')}), checked after timing on the last state each built.`,
    '',
    table,
    '',
    'Per child: the heap in use once its data was built (after a full collection; median over its ' +
      `${ROUNDS} children), the time it took to read the log and build that data, the rate per CPU second ` +
      'of each way and its ratio to Emmett’s, and the share of the samples spent in GC:',
    '',
    children,
    '',
    BEFORE_AFTER,
    '',
    gap(rows),
  ].join('\n');
}

export async function runCoreBench(options: { command?: string } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  const dir = join(ROOT, 'bench', `.tmp-core-${process.pid}`);
  const running = new Set<ChildProcess>();
  const stop = () => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Stopped from outside, the bench still kills its child and removes its logs before it ends.
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rows: FoldRow[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const logs: Log[] = [];
    for (const size of SIZES) logs.push(await saveLog(size, dir));
    for (const log of logs) rows.push(await measureLog(log, running));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stop();
  }
  const section = report(
    rows,
    (performance.now() - started) / 1000,
    [load, loadavg()[0] ?? 0],
    options.command ?? 'npx tsx bench/core.ts',
  );
  const path = writeSection('core', section);
  process.stdout.write(`${section}\n\nwritten to ${path}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCoreBench();
}
