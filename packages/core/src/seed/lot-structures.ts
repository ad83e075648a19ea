/** The eight fictional structures of the Lot programme (names are fictional; facts and dates are real). */
export interface SeedStructure {
  id: string;
  name: string;
  kind: 'centre_social' | 'evs';
  managingBody: 'association' | 'commune' | 'ccas' | 'epci' | 'other';
  /** The stakes of the 2023-2027 projet social: [id, title, lineage]. */
  stakes: readonly [string, string, string][];
  vision: string;
  /** Structures followed through the period (commitments honoured, 2025 review, vision revised). */
  followedUp: boolean;
}

export const LOT_TERRITORY = '46';
export const LOT_COHORT_ID = 'lot-2022';

export const lotStructures: readonly SeedStructure[] = [
  {
    id: 'causses',
    name: 'Centre social des Causses',
    kind: 'centre_social',
    managingBody: 'association',
    stakes: [
      ['isolement', "Rompre l'isolement des habitants des hameaux", 'isolement'],
      ['jeunesse', 'Donner une place aux jeunes dans la vie locale', 'jeunesse'],
      ['mobilite', 'Faciliter la mobilité sur le plateau', 'mobilite'],
    ],
    vision:
      'Un territoire des Causses où chacun, du bourg aux hameaux, trouve des liens et une place pour agir.',
    followedUp: true,
  },
  {
    id: 'vallee-du-cele',
    name: 'Centre social de la Vallée du Célé',
    kind: 'centre_social',
    managingBody: 'association',
    stakes: [
      ['parentalite', 'Soutenir les parents dans leur rôle', 'parentalite'],
      ['participation', 'Faire des habitants des acteurs du centre', 'participation'],
    ],
    vision: 'Une vallée où les familles se soutiennent et où les habitants font vivre le centre social.',
    followedUp: true,
  },
  {
    id: 'quercy-blanc',
    name: 'Centre social du Quercy Blanc',
    kind: 'centre_social',
    managingBody: 'commune',
    stakes: [
      ['vieillissement', 'Bien vieillir dans son village', 'vieillissement'],
      ['numerique', "Réduire l'exclusion numérique", 'numerique'],
    ],
    vision: 'Un Quercy Blanc solidaire entre générations, où personne ne reste seul face aux démarches.',
    followedUp: false,
  },
  {
    id: 'bouriane',
    name: 'Centre social de la Bouriane',
    kind: 'centre_social',
    managingBody: 'epci',
    stakes: [
      ['emploi', "Accompagner les parcours vers l'emploi", 'emploi'],
      ['culture', 'Rendre la culture accessible à tous', 'culture'],
      ['familles', 'Renforcer les liens familiaux', 'familles'],
    ],
    vision: 'Une Bouriane où chaque habitant peut construire son parcours et partager la vie culturelle.',
    followedUp: false,
  },
  {
    id: 'la-passerelle',
    name: 'EVS La Passerelle',
    kind: 'evs',
    managingBody: 'association',
    stakes: [
      ['lien-social', 'Créer du lien entre anciens et nouveaux habitants', 'lien-social'],
      ['benevolat', 'Renouveler et soutenir le bénévolat', 'benevolat'],
    ],
    vision: "Un village où anciens et nouveaux habitants se connaissent et s'engagent ensemble.",
    followedUp: false,
  },
  {
    id: 'le-fil',
    name: 'EVS Le Fil',
    kind: 'evs',
    managingBody: 'association',
    stakes: [
      ['solidarites', 'Développer les solidarités de voisinage', 'solidarites'],
      ['jeunes-adultes', 'Accueillir les jeunes adultes', 'jeunes-adultes'],
    ],
    vision: 'Un espace où les solidarités de voisinage se tissent au fil des rencontres.',
    followedUp: false,
  },
  {
    id: 'les-granges',
    name: 'EVS Les Granges',
    kind: 'evs',
    managingBody: 'commune',
    stakes: [
      ['vie-locale', 'Animer la vie locale toute l’année', 'vie-locale'],
      ['environnement', 'Agir ensemble pour l’environnement', 'environnement'],
    ],
    vision: 'Des Granges vivantes toute l’année, où chacun prend soin du lieu et des autres.',
    followedUp: false,
  },
  {
    id: 'coeur-de-segala',
    name: 'EVS Cœur de Ségala',
    kind: 'evs',
    managingBody: 'association',
    stakes: [
      ['isolement', 'Aller vers les personnes isolées', 'isolement-segala'],
      ['enfance', 'Proposer des loisirs aux enfants du territoire', 'enfance'],
    ],
    vision: 'Un Ségala où personne ne reste isolé et où les enfants grandissent entourés.',
    followedUp: false,
  },
];
