// Public browsing: home (categories with counts), category listings, service, organisation.
// Only published services are ever returned here.
import type { Types } from 'mongoose';
import type { TranslatableRecord } from '../translate/provenance';
import { serviceProvenance } from '../translate/provenance';
import { NotFoundError } from '../../errors';
import { formatNumber } from '../../i18n/formatters';
import type { Models } from '../../models';
import type { CategorySlug } from '../../models/vocabulary';
import { CATEGORY_SLUGS } from '../../models/vocabulary';
import type { ViewContext } from './directory-view-models';
import {
  anyFellBack,
  checkedLabel,
  costLabel,
  dateLabel,
  isStale,
  ageRange,
  languagesLabel,
  listLabel,
  paginationView,
  pick,
  pickList,
  serviceCard,
  slotsLabel,
  sentence,
  weeklySlots,
} from './directory-view-models';

export const PAGE_SIZE = 20;

/** A location's name and address as pages show them. */
function placeView(l: {
  name: string;
  district?: string | null;
  address?: { street?: string | null; postcode?: string | null; city?: string | null } | null;
}) {
  return {
    name: l.name,
    street: l.address?.street,
    postcode: l.address?.postcode,
    city: l.address?.city,
    district: l.district,
  };
}

/** A small map of the place on OpenStreetMap (printed on referral sheets too). */
function mapLink(geo: { lat?: number | null; lng?: number | null } | null | undefined): string {
  if (geo?.lat == null || geo.lng == null) return '';
  return `https://www.openstreetmap.org/?mlat=${geo.lat}&mlon=${geo.lng}#map=17/${geo.lat}/${geo.lng}`;
}

// Lean documents: Maps arrive as plain objects.
type Texts = Record<string, string>;
interface LeanService {
  _id: Types.ObjectId;
  slug: string;
  organisation: Types.ObjectId;
  category: string;
  name: Texts;
  summary: Texts;
  description: Texts;
  languages: string[];
  interpretationOnRequest?: boolean;
  cost: { type: string; amount?: number; currency?: string; note?: Texts };
  eligibility?: {
    residenceStatus?: string[];
    ageMin?: number;
    ageMax?: number;
    womenOnly?: boolean;
    families?: boolean;
    youth?: boolean;
    area?: Texts;
  };
  documents?: Record<string, string[]>;
  access?: { modes?: string[]; note?: Texts };
  delivery?: string[];
  schedule?: {
    validFrom?: Date;
    validUntil?: Date;
    weekly?: { day: string; opens: string; closes: string }[];
  };
  locations?: Types.ObjectId[];
  contact?: { phone?: string; email?: string; website?: string };
  targetLanguage?: string;
  lastVerifiedAt: Date;
}

export function createDirectoryService(deps: {
  models: Models;
  localLanguage: string;
  /** A service not confirmed for longer is shown with a "may be out of date" warning. */
  staleAfterDays: number;
}) {
  const { Category, Organisation, Location, Service, CourseSession } = deps.models;

  // Category texts change only when a coordinator edits them; every service page shows one.
  // Kept for a minute: reading them (names and keywords in every language) costs ~20 ms here.
  let categoryCache: { at: number; bySlug: Promise<Map<string, unknown>> } | undefined;
  function categoriesBySlug() {
    if (!categoryCache || Date.now() - categoryCache.at > 60_000) {
      const bySlug = Category.find()
        .lean()
        .exec()
        .then((list) => new Map(list.map((c) => [c.slug as string, c as unknown])));
      categoryCache = { at: Date.now(), bySlug };
      bySlug.catch(() => (categoryCache = undefined));
    }
    return categoryCache.bySlug;
  }

  async function loadCategory(slug: string) {
    const category = (CATEGORY_SLUGS as readonly string[]).includes(slug)
      ? (await categoriesBySlug()).get(slug)
      : null;
    if (!category) throw new NotFoundError(`category ${slug}`);
    return category as unknown as { slug: string; name: Texts; description?: Texts };
  }

  // A slug names one service for good: remember its _id, the one lookup FerretDB v1 answers
  // from an index (a filter on slug reads the whole collection).
  const idBySlug = new Map<string, Types.ObjectId>();
  async function publishedBySlug(slug: string): Promise<LeanService | null> {
    let id = idBySlug.get(slug);
    if (!id) {
      const found = await Service.findOne({ slug }, { _id: 1 }).lean();
      if (!found) return null;
      id = found._id;
      if (idBySlug.size > 50_000) idBySlug.clear();
      idBySlug.set(slug, id);
    }
    const service = await Service.findById(id).lean<LeanService & { status: string }>();
    return service?.status === 'published' ? service : null;
  }

  /** A page of published service cards; `path` is the listing's own path, for page links. */
  async function serviceCards(
    filter: { category?: CategorySlug; organisation?: Types.ObjectId },
    ctx: ViewContext,
    page: number,
    path: string,
  ) {
    const query = { ...filter, status: 'published' as const };
    const [total, services] = await Promise.all([
      Service.countDocuments(query),
      Service.find(query)
        .sort({ slug: 1 })
        .skip((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .lean<LeanService[]>(),
    ]);
    const organisationIds = [...new Set(services.map((s) => String(s.organisation)))];
    const locationIds = services.flatMap((s) => s.locations ?? []);
    const [organisations, locations] = await Promise.all([
      Organisation.find({ _id: { $in: organisationIds } }, { slug: 1, name: 1 }).lean(),
      Location.find({ _id: { $in: locationIds } }, { district: 1 }).lean(),
    ]);
    const orgById = new Map(organisations.map((o) => [String(o._id), o]));
    const districtById = new Map(locations.map((l) => [String(l._id), l.district ?? '']));
    const cards = services.map((service) => {
      const organisation = orgById.get(String(service.organisation));
      return serviceCard(
        {
          ...service,
          organisationName: organisation?.name ?? '',
          districts: [
            ...new Set((service.locations ?? []).map((id) => districtById.get(String(id)) ?? '')),
          ].filter(Boolean),
        },
        ctx,
      );
    });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return {
      total,
      cards,
      fellBack: cards.some((c) => anyFellBack(c.name, c.summary)),
      pagination: paginationView(page, pages, (p) => `/${ctx.lang}${path}?page=${p}`),
    };
  }

  return {
    async listCategories(ctx: ViewContext) {
      const [categories, counts] = await Promise.all([
        Category.find().sort({ order: 1 }).lean(),
        Service.aggregate<{ _id: string; count: number }>([
          { $match: { status: 'published' } },
          { $group: { _id: '$category', count: { $sum: 1 } } },
        ]),
      ]);
      const countBySlug = new Map(counts.map((c) => [c._id, c.count]));
      return categories
        .filter((c) => (CATEGORY_SLUGS as readonly string[]).includes(c.slug))
        .map((c) => ({
          slug: c.slug,
          name: pick(c.name as unknown as Texts, ctx),
          description: pick(c.description as unknown as Texts, ctx),
          count: countBySlug.get(c.slug) ?? 0,
        }));
    },

    async categoryPage(slug: string, page: number, ctx: ViewContext) {
      const category = await loadCategory(slug);
      const listing = await serviceCards(
        { category: category.slug as CategorySlug },
        ctx,
        page,
        `/categories/${category.slug}`,
      );
      if (page > listing.pagination.pages) throw new NotFoundError(`page ${page}`);
      return {
        category: {
          slug: category.slug,
          name: pick(category.name, ctx),
          description: pick(category.description, ctx),
        },
        ...listing,
      };
    },

    async servicePage(slug: string, ctx: ViewContext) {
      const service = await publishedBySlug(slug);
      if (!service) throw new NotFoundError(`service ${slug}`);
      const [category, organisation, locations, sessions] = await Promise.all([
        loadCategory(service.category),
        Organisation.findById(service.organisation).lean(),
        // One _id lookup each: FerretDB v1 answers $in by reading the whole collection.
        Promise.all((service.locations ?? []).map((id) => Location.findById(id).lean())).then(
          (list) => list.filter((l): l is NonNullable<typeof l> => l !== null),
        ),
        CourseSession.find({
          service: service._id,
          status: 'published',
          endDate: { $gte: ctx.now },
        })
          .sort({ startDate: 1 })
          .lean(),
      ]);
      if (!organisation) throw new NotFoundError(`organisation of ${slug}`);
      const name = pick(service.name, ctx);
      const summary = pick(service.summary, ctx);
      const description = pick(service.description, ctx);
      const documents = pickList(service.documents, ctx);
      const accessNote = pick(service.access?.note, ctx);
      const eligibility = service.eligibility ?? {};
      // Who translated the texts, whether the local text changed since, which are not
      // translated (issue #16): on the page, the sheet and the share page.
      const provenance = serviceProvenance(
        service as TranslatableRecord,
        [
          { label: ctx.t('provenance.fields.name'), picked: name },
          { label: ctx.t('provenance.fields.summary'), picked: summary },
          { label: ctx.t('provenance.fields.description'), picked: description },
          { label: ctx.t('provenance.fields.access'), picked: accessNote },
          { label: ctx.t('provenance.fields.documents'), picked: documents },
          {
            label: ctx.t('provenance.fields.transport'),
            picked: {
              fellBack: locations.some((l) => pick(l.transport as unknown as Texts, ctx).fellBack),
            },
          },
        ],
        ctx,
      );
      const locationById = new Map(locations.map((l) => [String(l._id), l]));
      return {
        slug: service.slug,
        name,
        summary,
        description,
        fellBack: anyFellBack(
          name,
          summary,
          description,
          documents,
          accessNote,
          ...locations.map((l) => pick(l.transport as unknown as Texts, ctx)),
        ),
        provenance,
        category: { slug: category.slug, name: pick(category.name, ctx) },
        organisation: { slug: organisation.slug, name: organisation.name },
        whoFor: [
          ...(eligibility.residenceStatus ?? [])
            .filter((s) => s !== 'any')
            .map((s) => ctx.t(`eligibility.status.${s}`)),
          ...ageRange(eligibility.ageMin, eligibility.ageMax, ctx),
          ...(eligibility.womenOnly ? [ctx.t('eligibility.womenOnly')] : []),
          ...(eligibility.families ? [ctx.t('eligibility.families')] : []),
          ...(eligibility.youth ? [ctx.t('eligibility.youth')] : []),
        ],
        openToEveryone: (eligibility.residenceStatus ?? ['any']).includes('any'),
        area: pick(eligibility.area, ctx),
        cost: costLabel(service.cost, ctx),
        languages: languagesLabel(service.languages, ctx),
        interpretationOnRequest: Boolean(service.interpretationOnRequest),
        access: (service.access?.modes ?? []).map((m) => ctx.t(`access.${m}`)),
        accessNote,
        delivery: listLabel(
          (service.delivery ?? []).map((d) => ctx.t(`delivery.${d}`)),
          ctx,
        ),
        documents,
        schedule: weeklySlots(service.schedule?.weekly, ctx),
        validFrom: dateLabel(service.schedule?.validFrom, ctx),
        validUntil: dateLabel(service.schedule?.validUntil, ctx),
        validity: service.schedule?.validUntil
          ? sentence(
              ctx.t('schedule.valid', {
                from: dateLabel(service.schedule.validFrom, ctx),
                until: dateLabel(service.schedule.validUntil, ctx),
              }),
            )
          : '',
        sessions: sessions.map((s) => ({
          level: ctx.t(`level.${s.level}`),
          language: languagesLabel([s.targetLanguage], ctx),
          startDate: dateLabel(s.startDate, ctx),
          endDate: dateLabel(s.endDate, ctx),
          times: slotsLabel(
            s.days.map((day) => ({ day: day as string, opens: s.startTime, closes: s.endTime })),
            ctx,
          ),
          hoursPerWeek: s.hoursPerWeek != null ? formatNumber(s.hoursPerWeek, ctx.lang) : '',
          seatsLeft: s.seatsLeft,
          full: s.seatsLeft === 0,
          registrationOpen: s.registrationOpen && s.seatsLeft > 0,
          deadline: dateLabel(s.registrationDeadline, ctx),
          childcare: s.childcare,
          certificate: s.certificate,
          cost: costLabel(s.cost as never, ctx),
          locationName: s.location ? (locationById.get(String(s.location))?.name ?? '') : '',
        })),
        locations: locations.map((l) => ({
          ...placeView(l),
          mapUrl: mapLink(l.geo),
          accessibility: listLabel(
            [
              ...(l.accessibility?.stepFree ? [ctx.t('accessibility.stepFree')] : []),
              ...(l.accessibility?.accessibleToilet
                ? [ctx.t('accessibility.accessibleToilet')]
                : []),
              ...(l.accessibility?.hearingLoop ? [ctx.t('accessibility.hearingLoop')] : []),
            ],
            ctx,
          ),
          transport: pick(l.transport as unknown as Texts, ctx),
          openingHours: weeklySlots(l.openingHours, ctx),
        })),
        contact: {
          phone: service.contact?.phone ?? organisation.phone,
          email: service.contact?.email ?? organisation.email,
          website: service.contact?.website ?? organisation.website,
        },
        checked: checkedLabel(service.lastVerifiedAt, ctx),
        checkedOn: dateLabel(service.lastVerifiedAt, ctx),
        stale: isStale(service.lastVerifiedAt, ctx.now, deps.staleAfterDays),
      };
    },

    async organisationPage(slug: string, page: number, ctx: ViewContext) {
      const organisation = await Organisation.findOne({ slug }).lean();
      if (!organisation) throw new NotFoundError(`organisation ${slug}`);
      const [locations, listing] = await Promise.all([
        Location.find({ organisation: organisation._id }).sort({ key: 1 }).lean(),
        serviceCards(
          { organisation: organisation._id },
          ctx,
          page,
          `/organisations/${organisation.slug}`,
        ),
      ]);
      const description = pick(organisation.description as unknown as Texts, ctx);
      return {
        organisation: {
          slug: organisation.slug,
          name: organisation.name,
          description,
          website: organisation.website,
          email: organisation.email,
          phone: organisation.phone,
          verified: organisation.verified,
        },
        locations: locations.map(placeView),
        ...listing,
        fellBack: listing.fellBack || description.fellBack,
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
