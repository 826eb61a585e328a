// Public browsing: home (categories with counts), category listings, service, organisation.
// Only published services are ever returned here.
import type { Types } from 'mongoose';
import { serviceProvenance } from '../../i18n/provenance';
import { NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { CategoryDoc } from '../../models/category';
import type { CourseSessionDoc } from '../../models/course-session';
import type { Lean } from '../../models/lean';
import type { LocationDoc } from '../../models/location';
import type { OrganisationDoc } from '../../models/organisation';
import type { ServiceDoc } from '../../models/service';
import type { CategorySlug } from '../../models/vocabulary';
import { CATEGORY_SLUGS } from '../../models/vocabulary';
import type { ViewContext } from '../../view-models/directory-view-models';
import type { SearchEngine } from '../../search/search-engine';
import { createPublishedListing } from './published-listing';
import { placeView, placeRow, sessionRows } from './service-page-views';
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
  sentence,
  weeklySlots,
} from '../../view-models/directory-view-models';

export const PAGE_SIZE = 20;

export function createDirectoryService(deps: {
  models: Models;
  localLanguage: string;
  /** A service not confirmed for longer is shown with a "may be out of date" warning. */
  staleAfterDays: number;
  engine: SearchEngine;
}) {
  const { Category, Organisation, Location, Service, CourseSession } = deps.models;
  const listing = createPublishedListing(deps);

  // Category texts change only when a coordinator edits them; every service page shows one.
  // Kept for a minute: reading them (names and keywords in every language) costs ~20 ms here.
  let categoryCache: { at: number; bySlug: Promise<Map<string, Lean<CategoryDoc>>> } | undefined;
  function categoriesBySlug() {
    if (!categoryCache || Date.now() - categoryCache.at > 60_000) {
      const bySlug = Category.find()
        .lean<Lean<CategoryDoc>[]>()
        .exec()
        .then((list) => new Map(list.map((c) => [c.slug, c])));
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
    return category;
  }

  // A slug names one service for good: remember its _id, the one lookup FerretDB v1 answers
  // from an index (a filter on slug reads the whole collection). The search index knows the
  // published services' slugs, so a first visit costs no read of the collection; the database
  // is still asked when the index has not got it (engine away, a change still in the outbox, a
  // Meilisearch index being rebuilt): a printed QR code must never meet a 404 for that.
  const idBySlug = new Map<string, Types.ObjectId | string>();
  async function publishedBySlug(slug: string): Promise<Lean<ServiceDoc> | null> {
    let id = idBySlug.get(slug);
    if (!id) {
      const indexed = await listing.idOfSlug(slug, new Date());
      const found = indexed ?? (await Service.findOne({ slug }, { _id: 1 }).lean())?._id;
      if (!found) return null;
      id = found;
      if (idBySlug.size > 50_000) idBySlug.clear();
      idBySlug.set(slug, id);
    }
    const service = await Service.findById(id).lean<Lean<ServiceDoc>>();
    return service?.status === 'published' ? service : null;
  }

  /** A page of published service cards; `path` is the listing's own path, for page links. */
  async function serviceCards(
    filter: { category?: CategorySlug; organisation?: Types.ObjectId },
    ctx: ViewContext,
    page: number,
    path: string,
  ) {
    const { total, services } = await listing.page(filter, page, PAGE_SIZE, ctx.now);
    const organisationIds = [...new Set(services.map((s) => String(s.organisation)))];
    const locationIds = services.flatMap((s) => s.locations);
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
            ...new Set(service.locations.map((id) => districtById.get(String(id)) ?? '')),
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
      const [categories, countBySlug] = await Promise.all([
        Category.find().sort({ order: 1 }).lean<Lean<CategoryDoc>[]>(),
        listing.countsByCategory(ctx.now),
      ]);
      return categories
        .filter((c) => (CATEGORY_SLUGS as readonly string[]).includes(c.slug))
        .map((c) => ({
          slug: c.slug,
          name: pick(c.name, ctx),
          description: pick(c.description, ctx),
          count: countBySlug.get(c.slug) ?? 0,
        }));
    },

    async categoryPage(slug: string, page: number, ctx: ViewContext) {
      const category = await loadCategory(slug);
      const listing = await serviceCards(
        { category: category.slug },
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
        Organisation.findById(service.organisation).lean<Lean<OrganisationDoc>>(),
        // One _id lookup each: FerretDB v1 answers $in by reading the whole collection.
        Promise.all(
          service.locations.map((id) => Location.findById(id).lean<Lean<LocationDoc>>()),
        ).then((list) => list.filter((l): l is NonNullable<typeof l> => l !== null)),
        CourseSession.find({
          service: service._id,
          status: 'published',
          endDate: { $gte: ctx.now },
        })
          .sort({ startDate: 1 })
          .lean<Lean<CourseSessionDoc>[]>(),
      ]);
      if (!organisation) throw new NotFoundError(`organisation of ${slug}`);
      const name = pick(service.name, ctx);
      const summary = pick(service.summary, ctx);
      const description = pick(service.description, ctx);
      const documents = pickList(service.documents, ctx);
      const accessNote = pick(service.access?.note, ctx);
      const eligibility = service.eligibility;
      // Who translated the texts, whether the local text changed since, which are not
      // translated (issue #16): on the page, the sheet and the share page.
      const provenance = serviceProvenance(
        service,
        [
          { label: ctx.t('provenance.fields.name'), picked: name },
          { label: ctx.t('provenance.fields.summary'), picked: summary },
          { label: ctx.t('provenance.fields.description'), picked: description },
          { label: ctx.t('provenance.fields.access'), picked: accessNote },
          { label: ctx.t('provenance.fields.documents'), picked: documents },
          {
            label: ctx.t('provenance.fields.transport'),
            picked: {
              fellBack: locations.some((l) => pick(l.transport, ctx).fellBack),
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
          ...locations.map((l) => pick(l.transport, ctx)),
        ),
        provenance,
        category: { slug: category.slug, name: pick(category.name, ctx) },
        organisation: { slug: organisation.slug, name: organisation.name },
        whoFor: [
          ...(eligibility?.residenceStatus ?? [])
            .filter((s) => s !== 'any')
            .map((s) => ctx.t(`eligibility.status.${s}`)),
          ...ageRange(eligibility?.ageMin, eligibility?.ageMax, ctx),
          ...(eligibility?.womenOnly ? [ctx.t('eligibility.womenOnly')] : []),
          ...(eligibility?.families ? [ctx.t('eligibility.families')] : []),
          ...(eligibility?.youth ? [ctx.t('eligibility.youth')] : []),
        ],
        openToEveryone: (eligibility?.residenceStatus ?? ['any']).includes('any'),
        area: pick(eligibility?.area, ctx),
        cost: costLabel(service.cost, ctx),
        languages: languagesLabel(service.languages, ctx),
        interpretationOnRequest: service.interpretationOnRequest,
        access: (service.access?.modes ?? []).map((m) => ctx.t(`access.${m}`)),
        accessNote,
        delivery: listLabel(
          service.delivery.map((d) => ctx.t(`delivery.${d}`)),
          ctx,
        ),
        documents,
        schedule: weeklySlots(service.schedule.weekly, ctx),
        validFrom: dateLabel(service.schedule.validFrom, ctx),
        validUntil: dateLabel(service.schedule.validUntil, ctx),
        validity: service.schedule.validUntil
          ? sentence(
              ctx.t('schedule.valid', {
                from: dateLabel(service.schedule.validFrom, ctx),
                until: dateLabel(service.schedule.validUntil, ctx),
              }),
            )
          : '',
        sessions: sessionRows(sessions, locationById, ctx),
        locations: locations.map((l) => placeRow(l, ctx)),
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
      const organisation = await Organisation.findOne({ slug }).lean<Lean<OrganisationDoc>>();
      if (!organisation) throw new NotFoundError(`organisation ${slug}`);
      const [locations, listing] = await Promise.all([
        Location.find({ organisation: organisation._id })
          .sort({ key: 1 })
          .lean<Lean<LocationDoc>[]>(),
        serviceCards(
          { organisation: organisation._id },
          ctx,
          page,
          `/organisations/${organisation.slug}`,
        ),
      ]);
      const description = pick(organisation.description, ctx);
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
