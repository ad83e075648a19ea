import { timeline } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { causses } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

describe('timeline', () => {
  it('lists every entry, in French by default, ordered by occurredAt then version', () => {
    const entries = timeline(scenario.projectEvents);
    expect(entries).toHaveLength(scenario.projectEvents.length);
    const order = entries.map((entry) => [entry.occurredAt, entry.version] as const);
    const sorted = [...order].sort(([a, v], [b, w]) => (a < b ? -1 : a > b ? 1 : v - w));
    expect(order).toEqual(sorted);
    const session = entries.find((entry) => entry.type === 'CollectiveSessionHeld');
    expect(session).toMatchObject({
      label: 'Temps collectif',
      summary: 'Temps collectif n°1 (10 participant·es)',
    });
    // The session was recorded after the diagnosis but occurred before it: it sits by its date.
    const sessionIndex = entries.findIndex((entry) => entry.type === 'CollectiveSessionHeld');
    const diagnosisIndex = entries.findIndex((entry) => entry.type === 'SharedDiagnosisRecorded');
    expect(entries[sessionIndex]?.version).toBeGreaterThan(entries[diagnosisIndex]?.version ?? 0);
    expect(sessionIndex).toBeLessThan(diagnosisIndex);
  });

  it('builds summaries and labels in the chosen language', () => {
    const difficulty = (lang: 'fr' | 'en') =>
      timeline(scenario.projectEvents, { lang, types: ['DifficultyReported'] }).find((entry) =>
        entry.summary.includes('rythme'),
      );
    expect(difficulty('fr')).toMatchObject({
      label: 'Difficulté signalée',
      roleLabel: 'direction',
      summary:
        'alignement salariés / bénévoles et administrateurs : Salariés et bénévoles pas au même rythme.',
    });
    expect(difficulty('en')).toMatchObject({
      label: 'Difficulty reported',
      roleLabel: 'director',
      summary:
        'alignment of staff with volunteers and board members: Salariés et bénévoles pas au même rythme.',
    });
    const opened = (lang: 'fr' | 'en') =>
      timeline(scenario.projectEvents, { lang, types: ['ProjectOpened'] })[0]?.summary;
    expect(opened('fr')).toBe(
      '« Projet social 2023-2027 », période prévue du 1er juillet 2023 au 30 juin 2027',
    );
    expect(opened('en')).toBe('"Projet social 2023-2027", planned period from 1 July 2023 to 30 June 2027');
    const [vision] = timeline(scenario.projectEvents, { types: ['VisionRevised'] });
    expect(vision?.summary).toBe(
      "Nouvelle vision (conseil d'administration) : Un territoire où chacun trouve sa place et peut agir.",
    );
    const [honoured] = timeline(scenario.projectEvents, { types: ['CommitmentHonoured'], lang: 'en' });
    expect(honoured?.summary).toBe('"Un café des habitants par mois" honoured');
  });

  it('shows corrected data and marks the corrected entry, the correction pointing at it', () => {
    const entries = timeline(scenario.projectEvents);
    const corrected = entries.find((entry) => entry.summary.includes('surtout le mercredi'));
    const correction = entries.find((entry) => entry.type === 'EntryCorrected');
    expect(corrected?.type).toBe('DifficultyReported');
    expect(corrected?.correctedBy).toBe(correction?.version);
    expect(correction?.target).toEqual({ version: corrected?.version, eventId: corrected?.eventId });
    expect(correction?.summary).toBe(
      `Correction de la saisie n°${corrected?.version} (Difficulté signalée) : Précision`,
    );
    // A correction is dated like its target, so it sits right after it.
    expect(correction?.occurredAt).toBe(corrected?.occurredAt);
  });

  it('keeps a retracted entry in the journal, marked, with the retraction pointing at it', () => {
    const entries = timeline(scenario.projectEvents);
    const retracted = entries.find((entry) => entry.summary.includes('Saisie erronée'));
    const retraction = entries.find((entry) => entry.type === 'EntryRetracted');
    expect(retracted?.retractedBy).toBe(retraction?.version);
    expect(retraction?.target?.version).toBe(retracted?.version);
  });

  it('filters by stake, directly or through pathways, commitments, changes, indicators and reviews', () => {
    const entries = timeline(scenario.projectEvents, { stakeId: 's-mobilite' });
    const types = new Set(entries.map((entry) => entry.type));
    for (const type of [
      'StakeIdentified',
      'PathwayDrawn',
      'IntermediateChangeAdded',
      'AssumptionStated',
      'AssumptionInvalidated',
      'IndicatorDefined',
      'TargetRevised',
      'CommitmentMade',
      'CommitmentPostponed',
      'CommitmentDropped',
      'SuccessRecorded',
    ] as const) {
      expect(types, type).toContain(type);
    }
    expect(entries.every((entry) => entry.stakeIds.includes('s-mobilite'))).toBe(true);
    expect(entries.some((entry) => entry.type === 'DifficultyReported')).toBe(false);
    // The January review covered a commitment and a difficulty about the other stake.
    const lien = timeline(scenario.projectEvents, { stakeId: 's-lien' });
    expect(lien.map((entry) => entry.type)).toEqual(
      expect.arrayContaining([
        'InterimReviewHeld',
        'CommitmentHonoured',
        'DifficultyReported',
        'StakeDropped',
      ]),
    );
  });

  it('combines filters on types, role and dates', () => {
    const entries = timeline(scenario.projectEvents, {
      types: ['DifficultyReported', 'SuccessRecorded'],
      role: 'director',
      from: '2023-01-17',
      to: '2023-01-17',
    });
    expect(entries.map((entry) => entry.type)).toEqual([
      'DifficultyReported',
      'DifficultyReported',
      'DifficultyReported',
      'SuccessRecorded',
      'SuccessRecorded',
      'SuccessRecorded',
    ]);
    expect(timeline(scenario.projectEvents, { role: 'staff' }).map((entry) => entry.summary)).toEqual([
      expect.stringContaining('surtout le mercredi'),
    ]);
    expect(
      timeline(scenario.projectEvents, { from: '2025-01-01' }).every(
        (entry) => entry.occurredAt >= '2025-01-01',
      ),
    ).toBe(true);
    expect(timeline(scenario.projectEvents, { to: '2019-12-31' })).toEqual([]);
  });

  it('reads structure streams too', () => {
    const entries = timeline(scenario.structureEvents);
    expect(entries[0]).toMatchObject({
      label: 'Structure enregistrée',
      summary: 'Centre social des Causses (centre social, département 46)',
      roleLabel: 'administration',
    });
  });
});
