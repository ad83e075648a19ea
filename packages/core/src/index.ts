// @chemins/core: the evaluation journey of a projet social, as a pure event-sourced model.

export type { ChainBreak, ChainHead, ChainVerdict } from './audit/hash-chain.ts';
export { chainEvents, EMPTY_HEAD, hashEvent, verifyChain } from './audit/hash-chain.ts';
export type { LedgerBreak, LedgerVerdict } from './audit/ledger-chain.ts';
export { ledgerHash, ledgerOf, verifyLedger } from './audit/ledger-chain.ts';
export { ERASED_TEXT, textAt, textDigest, textPathsOf, withErasedText } from './audit/texts.ts';
export type { Action, Decision, Principal, Target } from './authorization/authorize.ts';
export { authorize } from './authorization/authorize.ts';
export type { CommandFamily } from './authorization/command-families.ts';
export { commandFamilies, familyLabels, familyOf } from './authorization/command-families.ts';
export type { Reach, RoleGrant } from './authorization/role-grants.ts';
export { roleGrants } from './authorization/role-grants.ts';
export type { Command, CommandType } from './commands/catalogue.ts';
export {
  commandCatalogue,
  commandSchema,
  commandSchemaFor,
  commandTypes,
  commandTypesFor,
} from './commands/catalogue.ts';
export type { CommandDefinition, CommandRules } from './commands/define-command.ts';
export type { DecidedEvent, DecisionContext } from './decider/decide.ts';
export { decide } from './decider/decide.ts';
export { SELF_ID } from './decider/effects.ts';
export { applyInPlace, evolve, fold } from './decider/evolve.ts';
export { checkPeriod, MAX_PERIOD_MONTHS } from './decider/period-rules.ts';
export type * from './decider/state.ts';
export { collectionNames, initialState } from './decider/state.ts';
export { CheminsError } from './errors/chemins-error.ts';
export type { DomainErrorCode } from './errors/domain-error.ts';
export { DomainError, domainErrorCodes } from './errors/domain-error.ts';
export {
  BatchTooLarge,
  DuplicateCommand,
  EventTooLarge,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedVersion,
} from './errors/store-errors.ts';
export type { DomainEvent, EventDataMap, EventType } from './events/catalogue.ts';
export { eventCatalogue, eventLabel, eventTypes, eventTypesFor, isEventType } from './events/catalogue.ts';
export type { EventDefinition, EventFamily } from './events/define-event.ts';
export type { Participants } from './events/journey.ts';
export type { Period } from './events/lifecycle.ts';
export { decidingBodies, decidingBodyLabels } from './events/vision.ts';
export type { ExecuteOptions, ExecuteResult, JournalOptions } from './journal/journal.ts';
export { Journal } from './journal/journal.ts';
export type { CachedStream, StreamCacheOptions } from './journal/stream-cache.ts';
export { StreamCache } from './journal/stream-cache.ts';
export type { EnvelopeFields, EventDraft, JournalEvent } from './model/envelope.ts';
export { GENESIS_HASH } from './model/envelope.ts';
export type { Actor, Role } from './model/roles.ts';
export { actorSchema, cafRoles, roleLabels, roleSchema, roles, structureRoles } from './model/roles.ts';
export type { StreamKind } from './model/stream-id.ts';
export { parseStreamId, streamId, streamKinds } from './model/stream-id.ts';
export type { Person, PersonDirectory } from './people/directory.ts';
export { MemoryPersonDirectory, personSchema } from './people/directory.ts';
export type { PersonErasure } from './people/erase-person.ts';
export { erasePerson } from './people/erase-person.ts';
export type {
  AuditTrail,
  TrailAmendment,
  TrailEntry,
  TrailVisionRevision,
} from './projections/audit-trail.ts';
export { auditTrail } from './projections/audit-trail.ts';
export type { CategoryKind, CategoryLabel, Lang } from './projections/categories.ts';
export { categoryCatalogue, categoryLabel } from './projections/categories.ts';
export type { CohortTheme, CohortThemes } from './projections/cohort-themes.ts';
export { cohortThemes } from './projections/cohort-themes.ts';
export type { Dashboard, DashboardRow } from './projections/dashboard.ts';
export {
  dashboard,
  dashboardFromSummaries,
  dashboardRow,
  dashboardRowFromSummaries,
  RENEWAL_LEAD_MONTHS,
} from './projections/dashboard.ts';
export type { HistoryStep } from './projections/decisions.ts';
export { escapeHtml, escapeMarkdown } from './projections/escape.ts';
export { formatDate } from './projections/format.ts';
export { previousProjectEvaluation } from './projections/previous-evaluation.ts';
export { review } from './projections/review.ts';
export { renderReviewHtml } from './projections/review-html.ts';
export type { ReviewMeta } from './projections/review-labels.ts';
export { renderReviewMarkdown } from './projections/review-markdown.ts';
export { renderReviewSvg } from './projections/review-svg.ts';
export type * from './projections/review-types.ts';
export { stageLabels } from './projections/stage-labels.ts';
export type { StateAtOptions } from './projections/state-at.ts';
export { stateAt } from './projections/state-at.ts';
export type {
  CohortSummary,
  ProjectSummary,
  StreamSummary,
  StructureSummary,
} from './projections/stream-summary.ts';
export { streamSummary } from './projections/stream-summary.ts';
export type { Lineage, PeriodHistory, StructureHistory } from './projections/structure-history.ts';
export { structureHistory } from './projections/structure-history.ts';
export type { SuppressedCount } from './projections/suppression.ts';
export { SUPPRESSION_THRESHOLD, suppressSmallCount } from './projections/suppression.ts';
export type { TimeBound } from './projections/time-bounds.ts';
export { endBound, startBound } from './projections/time-bounds.ts';
export type { TimelineEntry, TimelineOptions } from './projections/timeline.ts';
export { timeline } from './projections/timeline.ts';
export type { CollectionDiff, DiffItem, FieldChange, VisionDiff } from './projections/vision-diff.ts';
export { visionDiff } from './projections/vision-diff.ts';
export type {
  IndicatorHistory,
  ItemHistory,
  TargetVersion,
  VisionHistory,
  VisionHistoryOptions,
  VisionVersion,
} from './projections/vision-history.ts';
export { visionHistory } from './projections/vision-history.ts';
export type {
  DecodeOptions,
  DecodeResult,
  Upcaster,
  UpcasterRegistry,
} from './schema-evolution/upcasters.ts';
export { decodeEvent, upcastEvent, upcasters } from './schema-evolution/upcasters.ts';
export { lotActors } from './seed/lot-actors.ts';
export type { SeedSummary } from './seed/lot-scenario.ts';
export { seedLotScenario } from './seed/lot-scenario.ts';
export type { SeedStructure } from './seed/lot-structures.ts';
export { LOT_COHORT_ID, LOT_TERRITORY, lotStructures } from './seed/lot-structures.ts';
export { canonicalJson } from './shared/canonical-json.ts';
export { calendarDate, entityId, freeText, instant, label, territoryCode } from './shared/fields.ts';
export { sha256Hex } from './shared/sha256.ts';
export { toInstant } from './shared/time.ts';
export {
  checkDrafts,
  checkExpectedVersion,
  decodeCursor,
  encodeCursor,
  isRetryableExpectation,
} from './store/append-rules.ts';
export { fingerprintDrafts } from './store/fingerprint.ts';
export type { MemoryStoreOptions } from './store/memory-store.ts';
export { MemoryEventStore } from './store/memory-store.ts';
export type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  ExpectedVersion,
  LedgerEntry,
  LedgerPage,
  ReadStreamOptions,
  StreamInfo,
  StreamList,
  StreamPage,
} from './store/port.ts';
export { readAllEvents, readWholeLedger } from './store/read-all.ts';
