import * as events from '../events/journey.ts';
import { entityId } from '../shared/fields.ts';
import { defineCommand } from './define-command.ts';

const pending = ['open', 'postponed'] as const;
const stakeRef = { field: 'stakeId', collection: 'stakes' } as const;

export const makeCommitment = defineCommand({
  type: 'MakeCommitment',
  event: events.commitmentMade,
  label: { fr: 'Prendre un engagement', en: 'Make a commitment' },
  input: { ...events.commitmentMade.data.shape, commitmentId: entityId.optional() },
  rules: { creates: { field: 'commitmentId', collection: 'commitments' }, references: [stakeRef] },
});

export const reviseCommitment = defineCommand({
  type: 'ReviseCommitment',
  event: events.commitmentRevised,
  label: { fr: 'Réviser un engagement', en: 'Revise a commitment' },
  input: events.commitmentRevised.data.shape,
  rules: { target: { field: 'commitmentId', collection: 'commitments', statuses: pending } },
});

export const postponeCommitment = defineCommand({
  type: 'PostponeCommitment',
  event: events.commitmentPostponed,
  label: { fr: 'Reporter un engagement', en: 'Postpone a commitment' },
  input: events.commitmentPostponed.data.shape,
  rules: { target: { field: 'commitmentId', collection: 'commitments', statuses: pending } },
});

export const honourCommitment = defineCommand({
  type: 'HonourCommitment',
  event: events.commitmentHonoured,
  label: { fr: 'Tenir un engagement', en: 'Honour a commitment' },
  input: events.commitmentHonoured.data.shape,
  rules: { target: { field: 'commitmentId', collection: 'commitments', statuses: pending } },
});

export const dropCommitment = defineCommand({
  type: 'DropCommitment',
  event: events.commitmentDropped,
  label: { fr: 'Abandonner un engagement', en: 'Drop a commitment' },
  input: events.commitmentDropped.data.shape,
  rules: { target: { field: 'commitmentId', collection: 'commitments', statuses: pending } },
});

export const reportDifficulty = defineCommand({
  type: 'ReportDifficulty',
  event: events.difficultyReported,
  label: { fr: 'Signaler une difficulté', en: 'Report a difficulty' },
  input: { ...events.difficultyReported.data.shape, difficultyId: entityId.optional() },
  rules: { creates: { field: 'difficultyId', collection: 'difficulties' }, references: [stakeRef] },
});

export const resolveDifficulty = defineCommand({
  type: 'ResolveDifficulty',
  event: events.difficultyResolved,
  label: { fr: 'Lever une difficulté', en: 'Resolve a difficulty' },
  input: events.difficultyResolved.data.shape,
  rules: { target: { field: 'difficultyId', collection: 'difficulties', statuses: ['open'] } },
});

export const recordSuccess = defineCommand({
  type: 'RecordSuccess',
  event: events.successRecorded,
  label: { fr: 'Consigner une réussite', en: 'Record a success' },
  input: { ...events.successRecorded.data.shape, successId: entityId.optional() },
  rules: {
    creates: { field: 'successId', collection: 'successes' },
    references: [{ field: 'stakeIds', collection: 'stakes' }],
  },
});

export const observeOutcome = defineCommand({
  type: 'ObserveOutcome',
  event: events.outcomeObserved,
  label: { fr: 'Consigner un changement observé', en: 'Observe an outcome' },
  input: { ...events.outcomeObserved.data.shape, outcomeId: entityId.optional() },
  rules: {
    creates: { field: 'outcomeId', collection: 'outcomes' },
    references: [stakeRef, { field: 'changeId', collection: 'changes' }],
  },
});

export const substantiateOutcome = defineCommand({
  type: 'SubstantiateOutcome',
  event: events.outcomeSubstantiated,
  label: { fr: 'Étayer un changement observé', en: 'Substantiate an outcome' },
  input: events.outcomeSubstantiated.data.shape,
  rules: { target: { field: 'outcomeId', collection: 'outcomes' } },
});

export const collectChangeStory = defineCommand({
  type: 'CollectChangeStory',
  event: events.changeStoryCollected,
  label: { fr: 'Recueillir un récit de changement', en: 'Collect a change story' },
  input: { ...events.changeStoryCollected.data.shape, storyId: entityId.optional() },
  rules: { creates: { field: 'storyId', collection: 'stories' }, references: [stakeRef] },
});

export const selectChangeStory = defineCommand({
  type: 'SelectChangeStory',
  event: events.changeStorySelected,
  label: { fr: 'Retenir un récit de changement', en: 'Select a change story' },
  input: events.changeStorySelected.data.shape,
  rules: { target: { field: 'storyId', collection: 'stories' } },
});

export const recordIndicatorValue = defineCommand({
  type: 'RecordIndicatorValue',
  event: events.indicatorValueRecorded,
  label: { fr: "Relever la valeur d'un indicateur", en: 'Record an indicator value' },
  input: events.indicatorValueRecorded.data.shape,
  rules: { target: { field: 'indicatorId', collection: 'indicators' } },
});

export const holdCollectiveSession = defineCommand({
  type: 'HoldCollectiveSession',
  event: events.collectiveSessionHeld,
  label: { fr: 'Consigner un temps collectif', en: 'Record a collective session' },
  input: { ...events.collectiveSessionHeld.data.shape, sessionId: entityId.optional() },
  rules: { creates: { field: 'sessionId', collection: 'sessions' } },
});

export const holdCoachingSession = defineCommand({
  type: 'HoldCoachingSession',
  event: events.coachingSessionHeld,
  label: { fr: 'Consigner un accompagnement individualisé', en: 'Record a coaching session' },
  input: { ...events.coachingSessionHeld.data.shape, sessionId: entityId.optional() },
  rules: { creates: { field: 'sessionId', collection: 'sessions' } },
});

export const holdInterimReview = defineCommand({
  type: 'HoldInterimReview',
  event: events.interimReviewHeld,
  label: { fr: "Consigner un bilan d'étape", en: 'Record an interim review' },
  input: { ...events.interimReviewHeld.data.shape, reviewId: entityId.optional() },
  rules: {
    creates: { field: 'reviewId', collection: 'reviews' },
    references: [
      { field: 'difficultyIds', collection: 'difficulties' },
      { field: 'successIds', collection: 'successes' },
      { field: 'commitmentIds', collection: 'commitments' },
    ],
  },
});

export const shareResults = defineCommand({
  type: 'ShareResults',
  event: events.resultsShared,
  label: { fr: 'Restituer aux partenaires', en: 'Share results with partners' },
  input: events.resultsShared.data.shape,
});

export const addComment = defineCommand({
  type: 'AddComment',
  event: events.commentAdded,
  label: { fr: 'Ajouter un commentaire', en: 'Add a comment' },
  input: events.commentAdded.data.shape,
  rules: { allowedWhenClosed: true },
});

export const journeyCommands = [
  makeCommitment,
  reviseCommitment,
  postponeCommitment,
  honourCommitment,
  dropCommitment,
  reportDifficulty,
  resolveDifficulty,
  recordSuccess,
  observeOutcome,
  substantiateOutcome,
  collectChangeStory,
  selectChangeStory,
  recordIndicatorValue,
  holdCollectiveSession,
  holdCoachingSession,
  holdInterimReview,
  shareResults,
  addComment,
] as const;
