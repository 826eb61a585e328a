// Four services that exercise every filter, built through the real document builder.
import type { SearchDocument } from '../../server/search/search-document';
import { buildSearchDocument } from '../../server/search/search-document';

export const NOW = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;
const inDays = (n: number) => new Date(NOW.getTime() + n * DAY);

export const CENTRE = { lat: 46.5225, lng: 6.6328 };
export const OUCHY = { lat: 46.5076, lng: 6.6264 };
export const MALLEY = { lat: 46.5276, lng: 6.6032 };

function aDocument(
  id: string,
  overrides: Partial<Parameters<typeof buildSearchDocument>[0]['service']>,
  extra: {
    sessions?: Parameters<typeof buildSearchDocument>[0]['sessions'];
    locations?: Parameters<typeof buildSearchDocument>[0]['locations'];
    keywords?: Record<string, string[]>;
    verifiedDaysAgo?: number;
  },
): SearchDocument {
  return buildSearchDocument({
    service: {
      _id: id,
      slug: id,
      category: 'language-course',
      name: { fr: id, en: id },
      summary: { fr: '', en: '' },
      description: { fr: '', en: '' },
      languages: ['fr'],
      cost: { type: 'free' },
      lastVerifiedAt: new Date(NOW.getTime() - (extra.verifiedDaysAgo ?? 10) * DAY),
      ...overrides,
    },
    organisationName: `Organisation ${id}`,
    locations: extra.locations ?? [],
    sessions: extra.sessions ?? [],
    category: { name: { fr: 'Catégorie' }, keywords: extra.keywords ?? {} },
    now: NOW,
  });
}

export const EVENING_A2 = aDocument(
  'francais-a2-soir',
  {
    organisation: 'org-babel',
    name: {
      fr: 'Cours de français A2 du soir',
      en: 'French A2 evening class',
      uk: 'Курси французької мови A2 увечері',
    },
    summary: { fr: 'Pour progresser après le travail.', en: 'To progress after work.' },
    languages: ['fr', 'ar'],
    eligibility: { residenceStatus: ['any'], womenOnly: true },
    delivery: ['in-person'],
  },
  {
    sessions: [
      {
        level: 'A2',
        days: ['tue'],
        startTime: '18:30',
        startDate: inDays(14),
        endDate: inDays(100),
        childcare: true,
      },
    ],
    locations: [{ district: 'Centre', geo: CENTRE, accessibility: {} }],
  },
);

export const MORNING_B1 = aDocument(
  'francais-b1-matin',
  {
    organisation: 'org-babel',
    name: { fr: 'Français B1 le matin', en: 'French B1 in the morning' },
    cost: { type: 'fixed', amount: 120, currency: 'CHF' },
    delivery: ['in-person', 'online'],
  },
  {
    sessions: [
      {
        level: 'B1',
        days: ['mon'],
        startTime: '09:00',
        startDate: inDays(70),
        endDate: inDays(160),
      },
      {
        level: 'A2',
        days: ['thu'],
        startTime: '09:00',
        startDate: inDays(70),
        endDate: inDays(160),
      },
    ],
    locations: [{ district: 'Ouchy', geo: OUCHY, accessibility: {} }],
    verifiedDaysAgo: 300,
  },
);

export const HOUSING = aDocument(
  'aide-logement',
  {
    category: 'housing',
    name: {
      fr: 'Aide au logement',
      en: 'Housing help',
      uk: 'Допомога з житлом',
      ar: 'مساعدة في السكن',
    },
    summary: {
      fr: 'Trouver un logement.',
      en: 'Find a flat.',
      uk: 'Знайти житло.',
      ar: 'إيجاد سكن.',
    },
    languages: ['fr', 'uk', 'ar'],
    delivery: ['in-person', 'phone'],
    schedule: { weekly: [{ day: 'wed', opens: '14:00', closes: '17:00' }] },
  },
  { locations: [{ district: 'Malley', geo: MALLEY, accessibility: { stepFree: true } }] },
);

export const INTERPRETING = aDocument(
  'interpretariat',
  {
    category: 'interpreting-translation',
    name: {
      fr: 'Interprétariat communautaire',
      en: 'Community interpreting',
      ti: 'ትርጉም ቋንቋ ንማሕበረሰብ',
    },
    languages: ['fr', 'ti', 'so'],
    cost: { type: 'sliding', amount: 20, currency: 'CHF' },
    delivery: ['phone'],
    schedule: { weekly: [{ day: 'sat', opens: '09:00', closes: '12:00' }] },
  },
  { locations: [{ district: 'Centre', geo: CENTRE, accessibility: { hearingLoop: true } }] },
);

export const ALL = [EVENING_A2, MORNING_B1, HOUSING, INTERPRETING];
