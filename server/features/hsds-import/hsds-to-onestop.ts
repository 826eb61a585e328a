// HSDS rows → OneStop records, in the shape of our models with references still given as HSDS
// ids (the plan resolves them). HSDS keeps one language per record: its texts land in the local
// language. Fields our models require that HSDS lacks get the defaults below (IMPORT_DEFAULTS,
// also in the README); fields HSDS 3 has no column for are read from the OneStop profile
// attributes our export writes (features/hsds/hsds-ids.ts), when present.
import { PROFILE_TERMS, TAXONOMIES, categoryTermId, profileTermId } from '../hsds/hsds-ids';
import type { ProfileKey } from '../hsds/hsds-ids';
import {
  ACCESS_MODES,
  CATEGORY_SLUGS,
  CLOCK_TIME,
  DELIVERY_MODES,
  RESIDENCE_STATUSES,
  SLUG,
  slugFrom,
} from '../../models/vocabulary';
import type { CategorySlug, Day } from '../../models/vocabulary';
import { NEEDS_TAXONOMY } from '../../models/need';
import type { Located, RowErrors, Tables } from './hsds-dataset';
import { groupBy } from './hsds-dataset';
import type { HsdsRow } from './hsds-tables';

/** What an import assumes when HSDS does not say (documented in the README). */
export const IMPORT_DEFAULTS = {
  /** A service with no category term of ours (nor a need that has one). */
  category: 'information-orientation' as CategorySlug,
  /** Access unknown: asking first is the safe advice to a newcomer. */
  access: ['appointment'] as const,
  /** Delivery unknown: in person when it has a place, by phone when it has a number, else online. */
  /** Cost unknown (no cost option, no fee text): free, as most listed social services are; the
   * coordinator checks it when reviewing the pending service. */
  cost: 'free' as const,
  residenceStatus: ['any'] as const,
} as const;

export type Kind = 'organization' | 'location' | 'service' | 'taxonomy_term';
export const KINDS: readonly Kind[] = ['taxonomy_term', 'organization', 'location', 'service'];

export interface Mapped {
  kind: Kind;
  /** HSDS id: our `uuid`. */
  uuid: string;
  /** For the report. */
  label: string;
  where: Located<{ id: string }>;
  /** Model fields the import owns (hashed). References are HSDS ids until the plan resolves them. */
  fields: Record<string, unknown>;
  /** Written on create and update but not compared (they change without an edit). */
  extra: Record<string, unknown>;
  /** Written on create only: defaults for what the file does not say. */
  onCreate?: Record<string, unknown>;
  /** Services: the organisation's id; locations: theirs; needs: the parent's slug. */
  refs: { organisation?: string; locations?: string[] };
  /** For a new record's slug (services, organisations) or key (locations). */
  slugBase: string;
}

const PHONE = /^[+\d][\d\s().-]{5,24}$/;
const HTTP = /^https?:\/\/\S+$/;
const DAY_OF: Record<string, Day> = {
  MO: 'mon',
  TU: 'tue',
  WE: 'wed',
  TH: 'thu',
  FR: 'fri',
  SA: 'sat',
  SU: 'sun',
};

export function slugBase(text: string, fallback: string): string {
  return slugFrom(text) || fallback;
}

/** First sentence of the description, at most 300 characters (our summary's limit). */
function summaryFrom(description: string | undefined, name: string): string {
  if (!description) return name;
  const sentence = /^(.{20,300}?[.!?])(\s|$)/s.exec(description)?.[1] ?? description;
  return sentence.length <= 300 ? sentence : `${sentence.slice(0, 299).trimEnd()}…`;
}

const clock = (value: string | undefined): string | undefined => {
  const hhmm = value?.slice(0, 5);
  return hhmm && CLOCK_TIME.test(hhmm) ? hhmm : undefined;
};

type Slot = { day: Day; opens: string; closes: string };
function weeklySlots(schedules: HsdsRow<'schedule'>[]): Slot[] {
  const slots: Slot[] = [];
  for (const s of schedules) {
    if (s.freq && s.freq !== 'WEEKLY') continue;
    const opens = clock(s.opens_at);
    const closes = clock(s.closes_at);
    if (!opens || !closes || closes <= opens) continue;
    for (const code of (s.byday ?? '').split(',')) {
      const day = DAY_OF[code.trim().toUpperCase()];
      if (day) slots.push({ day, opens, closes });
    }
  }
  const seen = new Set<string>();
  return slots.filter((s) => {
    const key = `${s.day}${s.opens}${s.closes}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const dateOnly = (value: string | undefined) => (value ? new Date(value) : undefined);

export interface MappingContext {
  localLanguage: string;
  /** Slugs of needs already in the database: a term with that code is that need. */
  knownNeedSlugs: ReadonlySet<string>;
  /** Needs in the database by uuid: a parent_id outside the file may name one. */
  knownNeeds: ReadonlyMap<string, { slug: string; category: CategorySlug }>;
}

/** Maps every valid row; problems only OneStop has (no address, unknown link) go to `errors`. */
export function mapDataset(tables: Tables, context: MappingContext, errors: RowErrors) {
  const L = context.localLanguage;
  const text = (value: string | undefined) => (value ? { [L]: value } : undefined);

  // --- taxonomy terms: categories, profile keys, needs; other taxonomies are only read ----------
  const taxonomyName = (term: HsdsRow<'taxonomy_term'>) =>
    (term.taxonomy_id && tables.taxonomy.get(term.taxonomy_id)?.row.name) || term.taxonomy;
  const categoryOfTerm = (term: HsdsRow<'taxonomy_term'>): CategorySlug | undefined => {
    const code = term.code ?? '';
    if (!(CATEGORY_SLUGS as readonly string[]).includes(code)) {
      const byId = CATEGORY_SLUGS.find((slug) => categoryTermId(slug) === term.id);
      return byId;
    }
    const taxonomy = taxonomyName(term);
    return !taxonomy || taxonomy === TAXONOMIES.categories.name || taxonomy === NEEDS_TAXONOMY
      ? (code as CategorySlug)
      : undefined;
  };
  const profileKeyOfTerm = (term: HsdsRow<'taxonomy_term'>): ProfileKey | undefined => {
    const key = (Object.keys(PROFILE_TERMS) as ProfileKey[]).find(
      (k) =>
        profileTermId(k) === term.id ||
        (term.code === k && taxonomyName(term) === TAXONOMIES.profile.name),
    );
    return key;
  };
  const isNeedTerm = (term: HsdsRow<'taxonomy_term'>) =>
    !categoryOfTerm(term) && !profileKeyOfTerm(term) && taxonomyName(term) === NEEDS_TAXONOMY;
  const needSlugOf = (term: HsdsRow<'taxonomy_term'>): string | undefined => {
    if (isNeedTerm(term)) {
      return term.code && SLUG.test(term.code) && term.code.length <= 80
        ? term.code
        : slugBase(term.name, 'need');
    }
    // A term of another taxonomy whose code is one of our needs means that need.
    return term.code && context.knownNeedSlugs.has(term.code) ? term.code : undefined;
  };
  /** Category and parent need of a need term, when the file (or the database) tells them. A
   * JSON export carries only the terms services use, so a parent may be neither. */
  const placeOfNeed = (
    term: HsdsRow<'taxonomy_term'>,
    depth = 0,
  ): { category: CategorySlug; parent: string | null } | undefined => {
    if (!term.parent_id) return undefined;
    const parent = tables.taxonomy_term.get(term.parent_id)?.row;
    const asCategory =
      (parent && categoryOfTerm(parent)) ??
      CATEGORY_SLUGS.find((slug) => categoryTermId(slug) === term.parent_id);
    if (asCategory) return { category: asCategory, parent: null };
    const known = context.knownNeeds.get(term.parent_id);
    if (parent && isNeedTerm(parent) && depth < 10) {
      const above = placeOfNeed(parent, depth + 1);
      const slug = needSlugOf(parent)!;
      const category = above?.category ?? context.knownNeeds.get(parent.id)?.category;
      return category ? { category, parent: slug } : undefined;
    }
    return known ? { category: known.category, parent: known.slug } : undefined;
  };

  const needs: Mapped[] = [];
  let ignoredTerms = 0;
  for (const where of tables.taxonomy_term.values()) {
    const term = where.row;
    if (categoryOfTerm(term) || profileKeyOfTerm(term)) continue;
    if (!isNeedTerm(term)) {
      ignoredTerms++;
      continue;
    }
    const slug = needSlugOf(term)!;
    const place = placeOfNeed(term);
    needs.push({
      kind: 'taxonomy_term',
      uuid: term.id,
      label: term.name,
      where,
      // Category and parent are the import's only when the file says them; otherwise a new need
      // gets the default category (extra: written on create, never compared).
      fields: { ...(place ?? {}), name: text(term.name) },
      extra: {},
      onCreate: place ? undefined : { category: IMPORT_DEFAULTS.category, parent: null },
      refs: {},
      slugBase: slug,
    });
  }

  // --- attributes, grouped by what they describe --------------------------------------------
  const attributesOf = groupBy(tables.attribute, (a) => a.link_id);
  const termsOf = (id: string) =>
    (attributesOf.get(id) ?? []).flatMap((a) => {
      const term = tables.taxonomy_term.get(a.taxonomy_term_id)?.row;
      return term ? [{ term, value: a.value }] : [];
    });
  const profileOf = (id: string) => {
    const values = new Map<ProfileKey, string[]>();
    for (const { term, value } of termsOf(id)) {
      const key = profileKeyOfTerm(term);
      if (!key || value == null) continue;
      const list = values.get(key) ?? [];
      // One attribute per value (lists repeat the attribute), as our export writes them.
      if (value.trim()) list.push(value.trim());
      values.set(key, list);
    }
    return {
      list: (key: ProfileKey) => values.get(key) ?? [],
      one: (key: ProfileKey) => values.get(key)?.[0],
      flag: (key: ProfileKey) => values.get(key)?.[0] === 'true',
    };
  };
  const within = <T extends string>(values: string[], allowed: readonly T[]) => [
    ...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v))),
  ];

  // --- organisations --------------------------------------------------------------------------
  const phonesBy = (key: 'organization_id' | 'service_id' | 'location_id') =>
    groupBy(tables.phone, (p) => p[key]);
  const orgPhones = phonesBy('organization_id');
  const servicePhones = phonesBy('service_id');
  const firstPhone = (list: HsdsRow<'phone'>[] | undefined) =>
    list?.map((p) => p.number.replace(/^"+|"+$/g, '').trim()).find((n) => PHONE.test(n));

  const organisations: Mapped[] = [];
  for (const where of tables.organization.values()) {
    const o = where.row;
    organisations.push({
      kind: 'organization',
      uuid: o.id,
      label: o.name,
      where,
      fields: {
        name: o.name,
        description: text(o.description ?? o.name),
        website: o.website && HTTP.test(o.website) ? o.website : undefined,
        email: o.email?.toLowerCase(),
        phone: firstPhone(orgPhones.get(o.id)),
      },
      extra: {},
      refs: {},
      slugBase: slugBase(o.name, 'organisation'),
    });
  }

  // --- locations ------------------------------------------------------------------------------
  const addressesOf = groupBy(tables.address, (a) => a.location_id);
  const accessibilityOf = groupBy(tables.accessibility, (a) => a.location_id);
  const locationSchedules = groupBy(tables.schedule, (s) =>
    s.service_id || s.service_at_location_id ? undefined : s.location_id,
  );
  const serviceOfLocation = groupBy(tables.service_at_location, (sal) => sal.location_id);
  const locations: Mapped[] = [];
  const placeIds = new Set<string>();
  let skippedVirtual = 0;
  for (const where of tables.location.values()) {
    const l = where.row;
    if (l.location_type === 'virtual') {
      skippedVirtual++;
      continue;
    }
    const addresses = addressesOf.get(l.id) ?? [];
    const address = addresses.find((a) => a.address_type !== 'postal') ?? addresses[0];
    if (!address) {
      errors.at(where, 'location', 'addresses', 'noAddress');
      continue;
    }
    // A location without its organization_id belongs to the organisation of a service there.
    const organisation =
      l.organization_id ??
      (serviceOfLocation.get(l.id) ?? [])
        .map((sal) => tables.service.get(sal.service_id)?.row.organization_id)
        .find(Boolean);
    if (!organisation) {
      errors.at(where, 'location', 'organization_id', 'required');
      continue;
    }
    const profile = profileOf(l.id);
    const accessibilityText = (accessibilityOf.get(l.id) ?? [])
      .map((a) => `${a.description ?? ''} ${a.details ?? ''}`.toLowerCase())
      .join(' ');
    const name = l.name ?? address.address_1;
    placeIds.add(l.id);
    locations.push({
      kind: 'location',
      uuid: l.id,
      label: name,
      where,
      fields: {
        organisation,
        name,
        address: {
          street: [address.address_1, address.address_2].filter(Boolean).join(', '),
          postcode: address.postal_code,
          city: address.city,
        },
        district: profile.one('district'),
        geo:
          l.latitude != null && l.longitude != null
            ? { lat: l.latitude, lng: l.longitude }
            : undefined,
        accessibility: {
          stepFree:
            profile.flag('step-free') || /wheelchair|step-free|fauteuil/.test(accessibilityText),
          accessibleToilet: profile.flag('accessible-toilet'),
          hearingLoop:
            profile.flag('hearing-loop') ||
            /induction loop|hearing loop|boucle/.test(accessibilityText),
        },
        transport: text(l.transportation),
        openingHours: weeklySlots(locationSchedules.get(l.id) ?? []),
      },
      extra: {},
      refs: { organisation },
      slugBase: slugBase(name, 'place'),
    });
  }

  // --- services -------------------------------------------------------------------------------
  const languagesOf = groupBy(tables.language, (x) => x.service_id);
  const costsOf = groupBy(tables.cost_option, (x) => x.service_id);
  const documentsOf = groupBy(tables.required_document, (x) => x.service_id);
  // Course sessions travel as schedules marked by a profile attribute (our export): they are not
  // the service's weekly hours, and the import leaves them out (see the README).
  const isSession = (schedule: HsdsRow<'schedule'>) => profileOf(schedule.id).one('course-session');
  const schedulesOf = groupBy(tables.schedule, (x) => (isSession(x) ? undefined : x.service_id));
  const salOf = groupBy(tables.service_at_location, (x) => x.service_id);
  const needCategoryBySlug = new Map(
    needs.map((n) => [n.slugBase, (n.fields.category ?? n.extra.category) as CategorySlug]),
  );
  const services: Mapped[] = [];
  for (const where of tables.service.values()) {
    const s = where.row;
    const profile = profileOf(s.id);
    const terms = termsOf(s.id).map((t) => t.term);
    const needSlugs = [
      ...new Set(terms.map(needSlugOf).filter((x): x is string => Boolean(x))),
    ].sort();
    const category =
      terms.map(categoryOfTerm).find(Boolean) ??
      needSlugs.map((slug) => needCategoryBySlug.get(slug)).find(Boolean) ??
      IMPORT_DEFAULTS.category;
    const places = [
      ...new Set(
        (salOf.get(s.id) ?? []).map((sal) => sal.location_id).filter((id) => placeIds.has(id)),
      ),
    ];
    const phone = firstPhone(servicePhones.get(s.id));
    const languages = [
      ...new Set(
        (languagesOf.get(s.id) ?? [])
          .map((x) => (x.code ?? '').trim().toLowerCase())
          .filter((code) => /^[a-z]{2,3}$/.test(code)),
      ),
    ];
    const costs = (costsOf.get(s.id) ?? []).filter((c) => !c.option?.startsWith('course-session:'));
    const amounts = costs.map((c) => c.amount).filter((a): a is number => a != null);
    const paid = amounts.filter((a) => a > 0);
    const currency = costs
      .map((c) => c.currency?.toUpperCase())
      .find((c) => c && /^[A-Z]{3}$/.test(c));
    let costType = (
      {
        free: 'free',
        fixed: 'fixed',
        'sliding-scale': 'sliding',
        sliding: 'sliding',
        'free-for-some': 'free-for-some',
      } as Record<string, string>
    )[profile.one('cost-type') ?? ''];
    costType ??= paid.length
      ? 'fixed'
      : amounts.length
        ? 'free'
        : s.fees_description
          ? 'sliding'
          : IMPORT_DEFAULTS.cost;
    const amount = costType === 'free' ? undefined : paid.length ? Math.min(...paid) : undefined;
    if ((costType === 'fixed' || costType === 'free-for-some') && amount == null)
      costType = 'sliding';
    const serviceSchedules = (schedulesOf.get(s.id) ?? []).filter((x) => !x.service_at_location_id);
    const delivery = within(profile.list('delivery-mode'), DELIVERY_MODES);
    const documents = (documentsOf.get(s.id) ?? [])
      .map((d) => d.document)
      .filter((d): d is string => Boolean(d));
    const validFrom = serviceSchedules.map((x) => x.valid_from).find(Boolean);
    const validUntil = serviceSchedules.map((x) => x.valid_to).find(Boolean);
    services.push({
      kind: 'service',
      uuid: s.id,
      label: s.name,
      where,
      fields: {
        organisation: s.organization_id,
        category,
        needs: needSlugs,
        name: text(s.name),
        summary: text(profile.one('summary') ?? summaryFrom(s.description, s.name)),
        description: text(s.description ?? s.name),
        languages: languages.length ? languages : [L],
        interpretationOnRequest:
          profile.flag('interpretation-on-request') || Boolean(s.interpretation_services),
        cost: {
          type: costType,
          amount,
          currency,
          note: text(s.fees_description),
        },
        eligibility: {
          residenceStatus: within(profile.list('residence-status'), RESIDENCE_STATUSES).length
            ? within(profile.list('residence-status'), RESIDENCE_STATUSES)
            : [...IMPORT_DEFAULTS.residenceStatus],
          ageMin: s.minimum_age,
          ageMax: s.maximum_age,
          womenOnly: profile.flag('women-only'),
          families: profile.flag('families'),
          youth: profile.flag('youth'),
          area: text(s.eligibility_description),
        },
        documents: documents.length ? { [L]: documents } : undefined,
        access: {
          modes: within(profile.list('access-mode'), ACCESS_MODES).length
            ? within(profile.list('access-mode'), ACCESS_MODES)
            : [...IMPORT_DEFAULTS.access],
          note: text(s.application_process),
        },
        delivery: delivery.length
          ? delivery
          : [places.length ? 'in-person' : phone ? 'phone' : s.url ? 'online' : 'in-person'],
        schedule: {
          validFrom: dateOnly(validFrom),
          validUntil: dateOnly(validUntil),
          weekly: weeklySlots(serviceSchedules),
          exceptions: [],
        },
        locations: places,
        contact: {
          phone,
          email: s.email?.toLowerCase(),
          website: s.url && HTTP.test(s.url) ? s.url : undefined,
        },
        targetLanguage: profile.one('target-language'),
      },
      extra: { lastVerifiedAt: s.assured_date ? new Date(s.assured_date) : undefined },
      refs: { organisation: s.organization_id, locations: places },
      slugBase: slugBase(s.name, 'service'),
    });
  }
  return { needs, organisations, locations, services, ignoredTerms, skippedVirtual };
}

export type MappedDataset = ReturnType<typeof mapDataset>;
