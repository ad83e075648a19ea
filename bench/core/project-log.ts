// Realistic project logs, written command by command: a structure, then a projet social over its
// agreement period, through whichever CommandRunner the bench chooses.
import type { Actor, JournalEvent, Period } from '@chemins/core';
import type { CommandRunner } from './writers.ts';

const DAY_MS = 86_400_000;

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
