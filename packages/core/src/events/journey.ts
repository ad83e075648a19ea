import * as z from 'zod';
import { roleSchema } from '../model/roles.ts';
import { calendarDate, categorySlug, count, entityId, freeText, label } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const project = ['project'] as const;
const projectOrCohort = ['project', 'cohort'] as const;
const anyStream = ['project', 'cohort', 'structure'] as const;

/** Participants counted by role, never named. */
export const participantsSchema = z.partialRecord(roleSchema, count);
export type Participants = z.infer<typeof participantsSchema>;

export const commitmentMade = defineEvent({
  type: 'CommitmentMade',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Engagement pris', en: 'Commitment made' },
  data: z
    .object({
      commitmentId: entityId,
      description: freeText,
      stakeId: entityId.optional(),
      /** Which group carries it: the team, the volunteers, the board... */
      heldBy: roleSchema.optional(),
      dueOn: calendarDate.optional(),
    })
    .strict(),
});

export const commitmentRevised = defineEvent({
  type: 'CommitmentRevised',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Engagement révisé', en: 'Commitment revised' },
  data: z
    .object({
      commitmentId: entityId,
      description: freeText,
      dueOn: calendarDate.optional(),
      rationale: freeText,
    })
    .strict(),
});

export const commitmentPostponed = defineEvent({
  type: 'CommitmentPostponed',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Engagement reporté', en: 'Commitment postponed' },
  data: z.object({ commitmentId: entityId, newDueOn: calendarDate, reason: freeText }).strict(),
});

export const commitmentHonoured = defineEvent({
  type: 'CommitmentHonoured',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Engagement tenu', en: 'Commitment honoured' },
  data: z.object({ commitmentId: entityId, note: freeText.optional() }).strict(),
});

export const commitmentDropped = defineEvent({
  type: 'CommitmentDropped',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Engagement abandonné', en: 'Commitment dropped' },
  data: z.object({ commitmentId: entityId, reason: freeText }).strict(),
});

export const difficultyReported = defineEvent({
  type: 'DifficultyReported',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Difficulté signalée', en: 'Difficulty reported' },
  data: z
    .object({
      difficultyId: entityId,
      category: categorySlug,
      description: freeText,
      reportedBy: roleSchema.optional(),
      stakeId: entityId.optional(),
    })
    .strict(),
});

export const difficultyResolved = defineEvent({
  type: 'DifficultyResolved',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Difficulté levée', en: 'Difficulty resolved' },
  data: z.object({ difficultyId: entityId, how: freeText }).strict(),
});

export const successRecorded = defineEvent({
  type: 'SuccessRecorded',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Réussite constatée', en: 'Success recorded' },
  data: z
    .object({
      successId: entityId,
      category: categorySlug,
      description: freeText,
      /** The stakes it contributed to. */
      stakeIds: z.array(entityId).max(20).optional(),
    })
    .strict(),
});

export const outcomeObserved = defineEvent({
  type: 'OutcomeObserved',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Changement observé', en: 'Outcome observed' },
  data: z
    .object({
      outcomeId: entityId,
      description: freeText,
      /** Who changed, as a group ("les bénévoles de l'épicerie"), never a named person. */
      group: label,
      stakeId: entityId.optional(),
      changeId: entityId.optional(),
    })
    .strict(),
});

export const outcomeSubstantiated = defineEvent({
  type: 'OutcomeSubstantiated',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Changement observé étayé', en: 'Outcome substantiated' },
  data: z.object({ outcomeId: entityId, evidence: freeText }).strict(),
});

export const changeStoryCollected = defineEvent({
  type: 'ChangeStoryCollected',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Récit de changement recueilli', en: 'Change story collected' },
  data: z
    .object({
      storyId: entityId,
      title: label,
      story: freeText,
      toldBy: roleSchema.optional(),
      stakeId: entityId.optional(),
    })
    .strict(),
});

export const changeStorySelected = defineEvent({
  type: 'ChangeStorySelected',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Récit de changement retenu', en: 'Change story selected' },
  data: z.object({ storyId: entityId, rationale: freeText }).strict(),
});

export const indicatorValueRecorded = defineEvent({
  type: 'IndicatorValueRecorded',
  family: 'journey',
  streams: project,
  schemaVersion: 1,
  label: { fr: "Valeur d'indicateur relevée", en: 'Indicator value recorded' },
  data: z.object({ indicatorId: entityId, value: z.number().finite(), note: freeText.optional() }).strict(),
});

export const collectiveSessionHeld = defineEvent({
  type: 'CollectiveSessionHeld',
  family: 'journey',
  streams: projectOrCohort,
  schemaVersion: 1,
  label: { fr: 'Temps collectif', en: 'Collective session held' },
  data: z
    .object({
      sessionId: entityId,
      title: label,
      participants: participantsSchema,
      cohortId: entityId.optional(),
      notes: freeText.optional(),
    })
    .strict(),
});

export const coachingSessionHeld = defineEvent({
  type: 'CoachingSessionHeld',
  family: 'journey',
  streams: projectOrCohort,
  schemaVersion: 1,
  label: { fr: 'Accompagnement individualisé', en: 'Coaching session held' },
  data: z
    .object({
      sessionId: entityId,
      topic: label,
      structureId: entityId.optional(),
      participants: participantsSchema,
      notes: freeText.optional(),
    })
    .strict(),
});

export const interimReviewHeld = defineEvent({
  type: 'InterimReviewHeld',
  family: 'journey',
  streams: projectOrCohort,
  schemaVersion: 1,
  label: { fr: "Bilan d'étape", en: 'Interim review held' },
  data: z
    .object({
      reviewId: entityId,
      title: label,
      participants: participantsSchema,
      difficultyIds: z.array(entityId).max(200).optional(),
      successIds: z.array(entityId).max(200).optional(),
      commitmentIds: z.array(entityId).max(200).optional(),
      decisions: z.array(freeText).max(50).optional(),
      lessons: freeText.optional(),
    })
    .strict(),
});

export const resultsShared = defineEvent({
  type: 'ResultsShared',
  family: 'journey',
  streams: projectOrCohort,
  schemaVersion: 1,
  label: { fr: 'Restitution aux partenaires', en: 'Results shared with partners' },
  data: z
    .object({ audience: label, summary: freeText, participants: participantsSchema.optional() })
    .strict(),
});

export const commentAdded = defineEvent({
  type: 'CommentAdded',
  family: 'journey',
  streams: anyStream,
  schemaVersion: 1,
  label: { fr: 'Commentaire', en: 'Comment added' },
  data: z.object({ text: freeText, aboutVersion: z.int().min(1).optional() }).strict(),
});

export const journeyEvents = [
  commitmentMade,
  commitmentRevised,
  commitmentPostponed,
  commitmentHonoured,
  commitmentDropped,
  difficultyReported,
  difficultyResolved,
  successRecorded,
  outcomeObserved,
  outcomeSubstantiated,
  changeStoryCollected,
  changeStorySelected,
  indicatorValueRecorded,
  collectiveSessionHeld,
  coachingSessionHeld,
  interimReviewHeld,
  resultsShared,
  commentAdded,
] as const;
