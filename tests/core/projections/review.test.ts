import { escapeHtml, escapeMarkdown, renderReviewHtml, renderReviewMarkdown, review } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { causses, SCRIPT_DESCRIPTION } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

const january = { from: '2022-09-01', to: '2023-01-31' };
const meta = (window: { from: string; to: string }) => ({
  title: "Bilan d'étape",
  structureName: 'Centre social des Causses',
  projectId: 'causses-2023',
  ...window,
});

describe('review', () => {
  it('groups the difficulties and successes of the window by category, corrections applied, retractions left out', () => {
    const bilan = review(scenario.projectEvents, january);
    expect(bilan.difficulties.map((group) => [group.category, group.label, group.items.length])).toEqual([
      ['time', 'gestion du temps', 1],
      ['calendar', 'calendrier', 1],
      ['moving_forward_together', 'avancer collectivement dans la démarche', 1],
      ['staff_volunteer_alignment', 'alignement salariés / bénévoles et administrateurs', 1],
    ]);
    expect(bilan.difficulties[0]?.items[0]?.description).toBe(
      'Peu de temps entre deux activités, surtout le mercredi.',
    );
    expect(bilan.successes.map((group) => group.category)).toEqual([
      'internal_exchanges',
      'new_ways_of_thinking',
    ]);
    expect(bilan.successes[0]?.label).toBe('échanges internes qui ont permis de valoriser les actions');
  });

  it('labels categories in English on request, and shows unknown categories as their slug', () => {
    expect(review(scenario.projectEvents, { ...january, lang: 'en' }).successes[1]?.label).toBe(
      'new ways of thinking',
    );
    const later = review(scenario.projectEvents, { from: '2025-01-01', to: '2025-03-31' });
    expect(later.difficulties).toEqual([
      expect.objectContaining({ category: 'essoufflement_benevole', label: 'essoufflement_benevole' }),
    ]);
  });

  it('sorts commitments into honoured, postponed, dropped (by an event in the window) and open at its end', () => {
    const spring = review(scenario.projectEvents, { from: '2023-02-01', to: '2023-03-31' });
    expect(spring.commitments.honoured.map((c) => c.commitmentId)).toEqual(['k-cafe']);
    expect(spring.commitments.postponed).toEqual([
      expect.objectContaining({
        commitmentId: 'k-navette',
        dueOn: '2023-09-30',
        reason: 'En attente du département',
      }),
    ]);
    expect(spring.commitments.dropped).toEqual([]);
    expect(spring.commitments.open.map((c) => c.commitmentId)).toEqual(['k-navette', 'k-charte']);
    const later = review(scenario.projectEvents, { from: '2025-01-01', to: '2025-03-31' });
    expect(later.commitments.dropped.map((c) => c.commitmentId)).toEqual(['k-navette']);
  });

  it('counts participation by role and by group: staff, volunteers and board, residents', () => {
    const bilan = review(scenario.projectEvents, january);
    // The collective session (staff 5, volunteer 3, resident 2) and the review (director 1, staff 3,
    // volunteer 4, board 2, facilitator 1).
    expect(bilan.participation).toEqual({
      byRole: { staff: 8, volunteer: 7, resident: 2, director: 1, board_member: 2, facilitator: 1 },
      groups: { staff: 9, volunteersAndBoard: 9, residents: 2, others: 1 },
      total: 21,
      gatherings: 2,
    });
    expect(bilan.interimReviews).toEqual([
      expect.objectContaining({
        reviewId: 'r-2023-01',
        participants: 11,
        difficulties: 4,
        successes: 2,
        commitments: 1,
      }),
    ]);
  });

  it('lists vision revisions and invalidated assumptions of the window', () => {
    const later = review(scenario.projectEvents, { from: '2025-01-01', to: '2025-03-31' });
    expect(later.visionRevisions).toEqual([
      expect.objectContaining({
        statement: 'Un territoire où chacun trouve sa place et peut agir.',
        decidingBody: 'board',
        decidingBodyLabel: "conseil d'administration",
        rationale: 'Les habitants veulent agir, pas seulement participer.',
      }),
    ]);
    expect(later.assumptionsInvalidated).toEqual([
      expect.objectContaining({ assumptionId: 'a-covoit', evidence: 'Trop peu de bénévoles conducteurs.' }),
    ]);
    expect(review(scenario.projectEvents, january).visionRevisions).toEqual([]);
  });

  it('marks every dated entry of the window once, in time order', () => {
    const bilan = review(scenario.projectEvents, january);
    const dated =
      bilan.difficulties.flatMap((group) => group.items).length +
      bilan.successes.flatMap((group) => group.items).length +
      bilan.commitments.honoured.length +
      bilan.commitments.postponed.length +
      bilan.commitments.dropped.length +
      bilan.participation.gatherings +
      bilan.visionRevisions.length +
      bilan.assumptionsInvalidated.length;
    expect(bilan.marks).toHaveLength(dated);
    expect(bilan.marks.map((mark) => mark.occurredAt)).toEqual(
      bilan.marks.map((mark) => mark.occurredAt).sort(),
    );
  });
});

describe('renderReviewHtml', () => {
  it('is a self-contained French page that escapes user text', () => {
    const html = renderReviewHtml(review(scenario.projectEvents, january), meta(january));
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).not.toContain('<script');
    expect(html).toContain(escapeHtml(SCRIPT_DESCRIPTION));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<link|<img|src=|href=|url\(|@import/i);
    expect(html).toContain('<h2>Difficultés</h2>');
    expect(html).toContain('Avancer collectivement dans la démarche');
    expect(html).toContain('du 1er septembre 2022 au 31 janvier 2023');
  });

  it('draws one SVG mark per dated entry, each with a title', () => {
    for (const window of [january, { from: '2022-01-01', to: '2025-12-31' }]) {
      const bilan = review(scenario.projectEvents, window);
      const html = renderReviewHtml(bilan, meta(window));
      const marks = html.match(/<circle data-mark="[a-z]+"[^>]*><title>[^<]*<\/title><\/circle>/g) ?? [];
      expect(marks).toHaveLength(bilan.marks.length);
      expect(html.match(/data-mark=/g)).toHaveLength(bilan.marks.length);
      expect(html.match(/<svg /g)).toHaveLength(1);
    }
  });

  it('escapes the meta too', () => {
    const html = renderReviewHtml(review(scenario.projectEvents, january), {
      ...meta(january),
      title: '<img src=x onerror=alert(1)>',
      structureName: '"Les <b>Granges</b>"',
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('renderReviewMarkdown', () => {
  it('is a French document with sections, escaping Markdown and HTML in user text', () => {
    const markdown = renderReviewMarkdown(review(scenario.projectEvents, january), meta(january));
    expect(markdown).toMatch(/^# Bilan d'étape\n/);
    expect(markdown).toContain('**Structure :** Centre social des Causses');
    expect(markdown).toContain('### Avancer collectivement dans la démarche (1)');
    expect(markdown).toContain(escapeMarkdown(SCRIPT_DESCRIPTION));
    expect(markdown).not.toContain('<script');
    expect(markdown).toContain('| Bénévoles et administrateur·rices | 9 |');
    expect(markdown).toContain('- Engagements : 0 tenu, 0 reporté, 0 abandonné, 3 restant à tenir');
  });

  it('neutralises Markdown syntax in user text', () => {
    expect(escapeMarkdown('**gras** [lien](http://x) <b>\n# titre')).toBe(
      '\\*\\*gras\\*\\* \\[lien\\]\\(http://x\\) &lt;b&gt; \\# titre',
    );
    expect(escapeMarkdown('1. liste')).toBe('1\\. liste');
    expect(escapeMarkdown('- puce')).toBe('\\- puce');
  });
});
