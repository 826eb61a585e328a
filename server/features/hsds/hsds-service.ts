// The HSDS 3 view of the directory: which records are public, filters, paging, and the whole
// directory for exports. Only published services are shown, with the organisations that run at
// least one of them and the places those services use (an organisation or place without a
// published service shows nothing a newcomer can use, so it stays out).
import { NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { CourseSessionDoc } from '../../models/course-session';
import type { Lean } from '../../models/lean';
import type { LocationDoc } from '../../models/location';
import type { OrganisationDoc } from '../../models/organisation';
import type { ServiceDoc } from '../../models/service';
import type { SearchEngine } from '../../search/search-engine';
import { SearchUnavailableError } from '../../search/search-engine';
import { searchQuery, toEngineQuery } from '../../search/search-query';
import type {
  LocationRecord,
  MappingContext,
  OrganisationRecord,
  ServiceBundle,
  ServiceRecord,
  SessionRecord,
} from './hsds-mapping';
import {
  lastModifiedOf,
  locationOf,
  organizationDetailOf,
  organizationOf,
  serviceAtLocationId,
  serviceFieldsOf,
  serviceOf,
} from './hsds-mapping';
import { TAXONOMIES } from '../../hsds/hsds-ids';
import type { HsdsListQuery, HsdsTermQuery } from './hsds-schema';
import { termsContext } from './hsds-terms';
import type { HsdsPage } from './hsds-paging';
import { pageOf } from './hsds-paging';

export type { HsdsPage } from './hsds-paging';

type Json = Record<string, unknown>;
const FULL = { revision: 0, textUpdatedAt: 0 };
const LIGHT = { uuid: 1, organisation: 1, locations: 1 };
/** Search answers at most this many services (Meilisearch's default maxTotalHits). */
const SEARCH_LIMIT = 1000;

export function createHsdsService(deps: {
  models: Models;
  engine: SearchEngine;
  localLanguage: string;
  country?: string;
  now?: () => Date;
}) {
  const { models, engine, localLanguage } = deps;
  const country = deps.country ?? 'CH';

  const context = (lang: string) => termsContext(models, { lang, localLanguage, country });

  /** Ids of the services the search engine finds for `q` (the database's names when it is away). */
  async function searchIds(q: string, lang: string): Promise<Set<string> | Json> {
    try {
      const query = toEngineQuery(searchQuery.parse({ q }), (deps.now?.() ?? new Date()).getTime());
      const result = await engine.search({ ...query, page: 1, pageSize: SEARCH_LIMIT });
      return new Set(result.hits.map((hit) => hit.document.id));
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      const pattern = { $regex: q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
      return { $or: [{ [`name.${lang}`]: pattern }, { [`name.${localLanguage}`]: pattern }] };
    }
  }

  /** Published services matching the filters, oldest first (a stable order for paging). */
  async function matchingServices(
    query: HsdsListQuery,
    ctx: MappingContext,
    fields: 'light' | 'full' = 'light',
  ): Promise<ServiceRecord[]> {
    const filter: Json = { status: 'published' };
    const and: Json[] = [];
    if (query.organization_id) {
      const org = await models.Organisation.findOne(
        { uuid: query.organization_id },
        { _id: 1 },
      ).lean();
      if (!org) return [];
      filter.organisation = org._id;
    }
    if (query.taxonomy_term_id) {
      const term = ctx.terms.get(query.taxonomy_term_id);
      if (!term || term.taxonomy === TAXONOMIES.profile.name) return [];
      if (term.taxonomy === TAXONOMIES.categories.name) filter.category = term.code;
      else {
        const slugs = [...ctx.needIds].filter(([, id]) => id === term.id).map(([slug]) => slug);
        filter.needs = { $in: slugs };
      }
    }
    if (query.taxonomy_id === TAXONOMIES.needs.id) filter['needs.0'] = { $exists: true };
    else if (query.taxonomy_id && query.taxonomy_id !== TAXONOMIES.categories.id) return [];
    if (query.modified_after) {
      // A session's change changes the service's last_modified too.
      const sessions = await models.CourseSession.find(
        { updatedAt: { $gte: query.modified_after }, status: 'published' },
        { service: 1 },
      ).lean();
      and.push({
        $or: [
          { updatedAt: { $gte: query.modified_after } },
          { _id: { $in: sessions.map((s) => s.service) } },
        ],
      });
    }
    let found: Set<string> | undefined;
    if (query.search) {
      const answer = await searchIds(query.search, ctx.lang);
      if (answer instanceof Set) found = answer;
      else and.push(answer);
    }
    if (and.length) filter.$and = and;
    // Lists read only what paging needs; the page's services are read in full afterwards.
    const projection = fields === 'light' ? LIGHT : FULL;
    const services: ServiceRecord[] = await models.Service.find(filter, projection)
      .sort({ _id: 1 })
      .lean<Lean<ServiceDoc>[]>();
    return found ? services.filter((s) => found.has(s._id.toString())) : services;
  }

  /** The same services read in full, in the same order. */
  async function inFull(services: ServiceRecord[]): Promise<ServiceRecord[]> {
    const full: ServiceRecord[] = await models.Service.find(
      { _id: { $in: services.map((s) => s._id.toString()) } },
      FULL,
    ).lean<Lean<ServiceDoc>[]>();
    const byId = new Map(full.map((s) => [s._id.toString(), s]));
    return services.map((s) => byId.get(s._id.toString())).filter((s): s is ServiceRecord => !!s);
  }

  async function bundlesOf(services: ServiceRecord[]): Promise<ServiceBundle[]> {
    // As strings: the records' ids are typed loosely, and Mongoose casts strings to ObjectIds.
    const ids = services.map((s) => s._id.toString());
    const locationIds = services.flatMap((s) => s.locations ?? []);
    const [orgs, locations, sessions] = await Promise.all([
      models.Organisation.find({
        _id: { $in: services.map((s) => s.organisation) },
      }).lean<Lean<OrganisationDoc>[]>(),
      models.Location.find({ _id: { $in: locationIds } }).lean<Lean<LocationDoc>[]>(),
      models.CourseSession.find({ service: { $in: ids }, status: 'published' }, { revision: 0 })
        .sort({ startDate: 1, key: 1 })
        .lean<Lean<CourseSessionDoc>[]>(),
    ]);
    const orgById = new Map<string, OrganisationRecord>(orgs.map((o) => [o._id.toString(), o]));
    const locById = new Map<string, LocationRecord>(locations.map((l) => [l._id.toString(), l]));
    const sessionsOf = new Map<string, SessionRecord[]>();
    for (const session of sessions) {
      const key = session.service.toString();
      const list = sessionsOf.get(key);
      if (list) list.push(session);
      else sessionsOf.set(key, [session]);
    }
    // A service whose organisation is gone is left out.
    return services.flatMap((service) => {
      const organisation = orgById.get(service.organisation.toString());
      const locations = (service.locations ?? [])
        .map((id) => locById.get(id.toString()))
        .filter((l): l is LocationRecord => Boolean(l));
      const sessions = sessionsOf.get(service._id.toString()) ?? [];
      return organisation ? [{ service, organisation, locations, sessions }] : [];
    });
  }

  async function serviceByUuid(id: string): Promise<ServiceBundle> {
    const service = await models.Service.findOne(
      { uuid: id, status: 'published' },
      { revision: 0 },
    ).lean<Lean<ServiceDoc>>();
    if (!service) throw new NotFoundError(`HSDS service ${id}`);
    const [bundle] = await bundlesOf([service]);
    if (!bundle) throw new NotFoundError(`HSDS service ${id}`);
    return bundle;
  }

  /** Organisations with at least one published service, oldest first, and those services. */
  async function publicOrganisations(): Promise<{
    orgs: OrganisationRecord[];
    services: ServiceRecord[];
  }> {
    const services: ServiceRecord[] = await models.Service.find(
      { status: 'published' },
      { revision: 0 },
    )
      .sort({ _id: 1 })
      .lean<Lean<ServiceDoc>[]>();
    const ids = [...new Set(services.map((s) => String(s.organisation)))];
    const orgs: OrganisationRecord[] = await models.Organisation.find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean<Lean<OrganisationDoc>[]>();
    return { orgs, services };
  }

  async function organizationDetail(
    org: OrganisationRecord,
    services: ServiceRecord[],
    ctx: MappingContext,
    fullServices: boolean,
  ): Promise<Json> {
    const own = services.filter((s) => String(s.organisation) === org._id.toString());
    const bundles = await bundlesOf(own);
    const places = new Map(bundles.flatMap((b) => b.locations).map((l) => [l._id.toString(), l]));
    return {
      ...organizationDetailOf(org, ctx),
      locations: [...places.values()].map((l) => locationOf(l, org.uuid, ctx)),
      services: bundles.map((b) =>
        fullServices
          ? serviceOf(b, ctx)
          : serviceFieldsOf(b.service, org.uuid, ctx, lastModifiedOf(b)),
      ),
    };
  }

  return {
    context,
    async services(query: HsdsListQuery, lang: string): Promise<HsdsPage> {
      const ctx = await context(lang);
      const all = await matchingServices(query, ctx);
      const page = pageOf(all, query.page, query.per_page, (s) => ({ id: s.uuid }));
      const onPage = all.slice((query.page - 1) * query.per_page, query.page * query.per_page);
      const bundles = await bundlesOf(await inFull(onPage));
      page.contents = bundles.map((b) => {
        if (query.minimal)
          return { id: b.service.uuid, last_modified: lastModifiedOf(b).toISOString() };
        if (query.full) return serviceOf(b, ctx);
        return {
          ...serviceFieldsOf(b.service, b.organisation.uuid, ctx, lastModifiedOf(b)),
          organization: organizationOf(b.organisation, ctx),
        };
      });
      page.size = page.contents.length;
      return page;
    },
    async service(id: string, lang: string): Promise<Json> {
      const [ctx, bundle] = await Promise.all([context(lang), serviceByUuid(id)]);
      return serviceOf(bundle, ctx);
    },
    async organizations(query: HsdsListQuery, lang: string): Promise<HsdsPage> {
      const ctx = await context(lang);
      const { orgs, services } = await publicOrganisations();
      const needle = query.search?.toLocaleLowerCase();
      const kept = needle ? orgs.filter((o) => o.name.toLocaleLowerCase().includes(needle)) : orgs;
      const page = pageOf(kept, query.page, query.per_page, (o) => organizationOf(o, ctx));
      if (query.full) {
        const onPage = kept.slice((query.page - 1) * query.per_page, query.page * query.per_page);
        page.contents = await Promise.all(
          onPage.map((o) => organizationDetail(o, services, ctx, false)),
        );
      }
      return page;
    },
    async organization(id: string, lang: string, fullServices: boolean): Promise<Json> {
      const ctx = await context(lang);
      const { orgs, services } = await publicOrganisations();
      const org = orgs.find((o) => o.uuid === id);
      if (!org) throw new NotFoundError(`HSDS organization ${id}`);
      return organizationDetail(org, services, ctx, fullServices);
    },
    async serviceAtLocations(query: HsdsListQuery, lang: string): Promise<HsdsPage> {
      const ctx = await context(lang);
      const [services, places] = await Promise.all([
        matchingServices(query, ctx),
        models.Location.find({}, { _id: 1 }).lean(),
      ]);
      // Each service at each of its places (that still exists): paged before reading in full.
      const existing = new Set(places.map((p) => p._id.toString()));
      const all = services.flatMap((s) =>
        (s.locations ?? []).filter((l) => existing.has(l.toString())).map((l) => ({ s, l })),
      );
      const onPage = all.slice((query.page - 1) * query.per_page, query.page * query.per_page);
      const bundles = new Map(
        (await bundlesOf(await inFull([...new Set(onPage.map((p) => p.s))]))).map((b) => [
          b.service._id.toString(),
          b,
        ]),
      );
      const pairs = onPage.flatMap(({ s, l }) => {
        const b = bundles.get(s._id.toString());
        const location = b?.locations.find((loc) => loc._id.toString() === l.toString());
        return b && location ? [{ b, location }] : [];
      });
      const page = pageOf(all, query.page, query.per_page, () => ({}));
      page.contents = pairs.map(({ b, location }) => ({
        id: serviceAtLocationId(b.service.uuid, location.uuid),
        service_id: b.service.uuid,
        location_id: location.uuid,
        location: locationOf(location, b.organisation.uuid, ctx),
        service: query.full
          ? serviceOf(b, ctx)
          : serviceFieldsOf(b.service, b.organisation.uuid, ctx, lastModifiedOf(b)),
      }));
      page.size = page.contents.length;
      return page;
    },
    async serviceAtLocation(id: string, lang: string): Promise<Json> {
      const ctx = await context(lang);
      const bundles = await bundlesOf(
        await matchingServices({ page: 1, per_page: 1 }, ctx, 'full'),
      );
      for (const b of bundles) {
        const location = b.locations.find(
          (l) => serviceAtLocationId(b.service.uuid, l.uuid) === id,
        );
        if (!location) continue;
        const service = serviceOf(b, ctx);
        delete service.service_at_locations;
        return {
          id,
          service_id: b.service.uuid,
          location_id: location.uuid,
          location: locationOf(location, b.organisation.uuid, ctx),
          service,
        };
      }
      throw new NotFoundError(`HSDS service_at_location ${id}`);
    },
    taxonomies(query: HsdsListQuery): HsdsPage {
      return pageOf(Object.values(TAXONOMIES), query.page, query.per_page, (t) => ({ ...t }));
    },
    async taxonomyTerms(query: HsdsTermQuery, lang: string): Promise<HsdsPage> {
      const ctx = await context(lang);
      const needle = query.search?.toLocaleLowerCase();
      const terms = [...ctx.terms.values()].filter(
        (t) =>
          (!query.taxonomy_id || t.taxonomy_id === query.taxonomy_id) &&
          (!query.parent_id || t.parent_id === query.parent_id) &&
          (!query.top_only || !t.parent_id) &&
          (!needle || t.name.toLocaleLowerCase().includes(needle) || t.code.includes(needle)),
      );
      return pageOf(terms, query.page, query.per_page, (t) => ({ ...t }));
    },
    /** The whole published directory, fully nested services plus every table (exports). */
    async directory(lang: string) {
      const ctx = await context(lang);
      const bundles = await bundlesOf(
        await matchingServices({ page: 1, per_page: 1 }, ctx, 'full'),
      );
      return { ctx, bundles };
    },
  };
}

export type HsdsService = ReturnType<typeof createHsdsService>;
