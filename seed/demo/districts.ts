// Districts (quartiers) of the demo city, modelled on Lausanne.

export const DISTRICTS = [
  'Centre',
  'Sous-Gare',
  'Ouchy',
  'Malley',
  'Prélaz',
  'Bellevaux',
  'La Sallaz',
  'Chailly',
  'Pontaise',
  'Bourdonnette',
  'Blécherette',
  'Boveresses',
] as const;

export type District = (typeof DISTRICTS)[number];
