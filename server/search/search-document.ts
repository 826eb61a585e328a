// What a service looks like in the search index: one flat document per published service, built
// from the service, its organisation, locations, course sessions and category. It carries the
// text to search (every language at once, so a query in any language finds it), the values to
// filter and count on, and what a result card shows, so a search needs no database round trip.
import { timeOfDay } from '../models/vocabulary';
import type { Day } from '../models/vocabulary';

type Texts = Record<string, string>;

export interface SearchDocument {
  id: string;
  slug: string;
  /** The organisation's id (filterable: its page lists its services). */
  organisation: string;
  /** Names in every language and the organisation's name: matches here rank first. */
  title: string;
  /** The category's names and search keywords in every language: a query naming the kind of
   * service ("French class", "курси французької") ranks that category's services next. */
  keywords: string;
  /** Names and search terms of the needs the service meets (models/need.ts), in every language:
   * the words people type for what they need ("dentist", "commandement de payer"). */
  needText: string;
  /** Summaries in every language: a match here ranks below the name, above the description. */
  summary: string;
  /** Everything else worth finding: descriptions, district, documents to bring (lowest tier). */
  body: string;
  /** Language courses: the language taught (ISO 639-1), so "French course" is not "German course". */
  targetLanguage: string | null;
  category: string;
  /** Slugs of the needs the service meets (filterable). */
  needs: string[];
  /** 0 when free; the fee otherwise (sliding scale and "free for some" count as their amount). */
  costAmount: number;
  free: boolean;
  languages: string[];
  districts: string[];
  eligibility: string[];
  delivery: string[];
  access: string[];
  childcare: boolean;
  /** "level|day|time" for each course session day, "-|day|time" for each weekly slot: lets one
   * filter ask for an A2 class on Tuesday evening and match one real session, not three. */
  offerings: string[];
  levels: string[];
  days: string[];
  times: string[];
  /** Start instants (ms) of sessions that have not started yet. */
  sessionStarts: number[];
  nextSessionStart: number | null;
  geo: { lat: number; lng: number } | null;
  lastVerifiedAt: number;
  /** Shown on result cards. */
  display: {
    name: Texts;
    summary: Texts;
    organisationName: string;
    cost: { type: string; amount?: number; currency?: string; note?: Texts };
  };
}

export interface SourceService {
  _id: unknown;
  slug: string;
  /** An ObjectId, or its hex string. */
  organisation?: { toHexString(): string } | string | null;
  category: string;
  // Optional and nullable as the model's lean records are: a text may be missing in a record
  // damaged outside the app, and the document then has none.
  name?: Texts | null;
  summary?: Texts | null;
  description?: Texts | null;
  languages: string[];
  cost?: {
    type?: string | null;
    amount?: number | null;
    currency?: string | null;
    note?: Texts | null;
  } | null;
  eligibility?: {
    residenceStatus?: string[];
    womenOnly?: boolean | null;
    families?: boolean | null;
    youth?: boolean | null;
  } | null;
  documents?: Record<string, string[]> | null;
  access?: { modes?: string[] } | null;
  delivery?: string[];
  schedule?: { weekly?: { day: string; opens: string; closes: string }[] } | null;
  lastVerifiedAt: Date;
  targetLanguage?: string | null;
  needs?: string[];
}

export interface SourceSession {
  level: string;
  days: string[];
  startTime: string;
  startDate: Date;
  endDate: Date;
  childcare?: boolean | null;
}

export interface SourceLocation {
  district?: string | null;
  geo?: { lat?: number | null; lng?: number | null } | null;
  accessibility?: { stepFree?: boolean | null; hearingLoop?: boolean | null } | null;
}

export interface SourceNeed {
  slug: string;
  name?: Texts | null;
  terms?: Record<string, string[]> | null;
}

export interface SourceCategory {
  name?: Texts | null;
  description?: Texts | null;
  keywords?: Record<string, string[]> | null;
}

const values = (texts: Texts | null | undefined) => Object.values(texts ?? {});

export function buildSearchDocument(input: {
  service: SourceService;
  organisationName: string;
  locations: SourceLocation[];
  sessions: SourceSession[];
  category: SourceCategory | undefined;
  /** The needs the service meets, as stored (ones that no longer exist are left out). */
  needs?: SourceNeed[];
  now: Date;
}): SearchDocument {
  const { service, locations, sessions, category, now } = input;
  const current = sessions.filter((s) => s.endDate.getTime() >= now.getTime());
  const offerings = new Set<string>();
  for (const session of current) {
    for (const day of session.days)
      offerings.add(`${session.level}|${day}|${timeOfDay(session.startTime)}`);
  }
  for (const slot of service.schedule?.weekly ?? [])
    offerings.add(`-|${slot.day}|${timeOfDay(slot.opens)}`);
  const split = [...offerings].map((key) => key.split('|') as [string, Day, string]);
  const sessionStarts = current
    .map((s) => s.startDate.getTime())
    .filter((start) => start >= now.getTime())
    .sort((a, b) => a - b);
  const eligibility = service.eligibility ?? {};
  const firstGeo = locations.flatMap(({ geo }) =>
    geo?.lat != null && geo.lng != null ? [{ lat: geo.lat, lng: geo.lng }] : [],
  )[0];
  const cost = service.cost;
  // The model requires a cost: a record without one was damaged outside the app (skipped).
  if (!cost?.type) throw new Error(`service ${service.slug} has no cost`);
  const costType = cost.type;
  const districts = [...new Set(locations.map((l) => l.district).filter((d): d is string => !!d))];

  return {
    id: String(service._id),
    slug: service.slug,
    title: [...values(service.name), input.organisationName].join(' \n '),
    keywords: [...values(category?.name), ...Object.values(category?.keywords ?? {}).flat()].join(
      ' \n ',
    ),
    summary: values(service.summary).join(' \n '),
    needText: (input.needs ?? [])
      .flatMap((need) => [...values(need.name), ...Object.values(need.terms ?? {}).flat()])
      .join(' \n '),
    body: [
      ...values(service.description),
      ...districts,
      ...Object.values(service.documents ?? {}).flat(),
    ].join(' \n '),
    organisation:
      typeof service.organisation === 'string'
        ? service.organisation
        : (service.organisation?.toHexString() ?? ''),
    category: service.category,
    needs: (input.needs ?? []).map((need) => need.slug),
    targetLanguage: service.targetLanguage ?? null,
    costAmount: cost.type === 'free' ? 0 : (cost.amount ?? 0),
    free: cost.type === 'free',
    languages: [...service.languages],
    districts,
    eligibility: [
      ...((eligibility.residenceStatus ?? ['any']).includes('any') ? ['any-status'] : []),
      ...(eligibility.womenOnly ? ['women'] : []),
      ...(eligibility.youth ? ['youth'] : []),
      ...(eligibility.families ? ['families'] : []),
    ],
    delivery: [...(service.delivery ?? [])],
    access: [
      ...(locations.some((l) => l.accessibility?.stepFree) ? ['step-free'] : []),
      ...(locations.some((l) => l.accessibility?.hearingLoop) ? ['hearing-loop'] : []),
    ],
    childcare: current.some((s) => s.childcare),
    offerings: [...offerings],
    levels: [...new Set(split.map(([level]) => level).filter((l) => l !== '-'))],
    days: [...new Set(split.map(([, day]) => day))],
    times: [...new Set(split.map(([, , time]) => time))],
    sessionStarts,
    nextSessionStart: sessionStarts[0] ?? null,
    geo: firstGeo ?? null,
    lastVerifiedAt: service.lastVerifiedAt.getTime(),
    display: {
      name: { ...service.name },
      summary: { ...service.summary },
      organisationName: input.organisationName,
      cost: {
        type: costType,
        ...(cost.amount != null ? { amount: cost.amount } : {}),
        ...(cost.currency ? { currency: cost.currency } : {}),
        ...(cost.note ? { note: { ...cost.note } } : {}),
      },
    },
  };
}
