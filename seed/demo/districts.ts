// Districts (quartiers) of the demo city, modelled on Lausanne. Centres are approximate.

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

export const DISTRICT_CENTRES: Record<District, { lat: number; lng: number }> = {
  Centre: { lat: 46.5215, lng: 6.632 },
  'Sous-Gare': { lat: 46.5135, lng: 6.629 },
  Ouchy: { lat: 46.5075, lng: 6.6275 },
  Malley: { lat: 46.5255, lng: 6.6045 },
  Prélaz: { lat: 46.5245, lng: 6.616 },
  Bellevaux: { lat: 46.5345, lng: 6.636 },
  'La Sallaz': { lat: 46.5335, lng: 6.6465 },
  Chailly: { lat: 46.5255, lng: 6.6565 },
  Pontaise: { lat: 46.5335, lng: 6.6265 },
  Bourdonnette: { lat: 46.5205, lng: 6.593 },
  Blécherette: { lat: 46.542, lng: 6.6225 },
  Boveresses: { lat: 46.532, lng: 6.6595 },
};
