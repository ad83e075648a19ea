/** The language of a view's labels. */
export type Lang = 'fr' | 'en';

export type CategoryKind = 'difficulty' | 'success';

export interface CategoryLabel {
  fr: string;
  en: string;
}

/**
 * The seeded categories, from the January 2023 interim review of the Lot scenario.
 * Categories are data: a structure may use any other slug, which views show as the slug itself.
 */
export const categoryCatalogue: Readonly<Record<CategoryKind, Readonly<Record<string, CategoryLabel>>>> = {
  difficulty: {
    time: { fr: 'gestion du temps', en: 'managing time' },
    calendar: { fr: 'calendrier', en: 'calendar' },
    moving_forward_together: {
      fr: 'avancer collectivement dans la démarche',
      en: 'moving forward together in the approach',
    },
    staff_volunteer_alignment: {
      fr: 'alignement salariés / bénévoles et administrateurs',
      en: 'alignment of staff with volunteers and board members',
    },
  },
  success: {
    internal_exchanges: {
      fr: 'échanges internes qui ont permis de valoriser les actions',
      en: 'internal exchanges that helped value the actions',
    },
    new_ways_of_thinking: { fr: 'nouvelles façons de penser', en: 'new ways of thinking' },
    shared_vision: { fr: "partage d'une vision collective", en: 'sharing a collective vision' },
  },
};

/** The label of a category, or the slug when it is not in the catalogue. Example: `categoryLabel('difficulty', 'time')` is `'gestion du temps'`. */
export function categoryLabel(kind: CategoryKind, slug: string, lang: Lang = 'fr'): string {
  const catalogue = categoryCatalogue[kind];
  return Object.hasOwn(catalogue, slug) ? (catalogue[slug]?.[lang] ?? slug) : slug;
}

/** Orders slugs: the catalogue's order first, then unknown slugs alphabetically. */
export function compareCategories(kind: CategoryKind, a: string, b: string): number {
  const known = Object.keys(categoryCatalogue[kind]);
  const rank = (slug: string) => (known.includes(slug) ? known.indexOf(slug) : known.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}
