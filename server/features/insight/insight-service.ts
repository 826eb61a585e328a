// What the coordinator learns (issue #18): demand and unmet demand from the anonymous usage
// counts, coverage, overlap, freshness and translation from the published directory, and
// referral sheets printed. Counts only; labels are the view models' job.
import type { Models } from '../../models';
import type { CourseSessionDoc } from '../../models/course-session';
import type { Lean, LeanWithOptional } from '../../models/lean';
import type { NeedDoc } from '../../models/need';
import type { ServiceDoc } from '../../models/service';
import type { UsageKind } from '../../models/usage-count';
import type { Day } from '../../models/vocabulary';
import { CATEGORY_SLUGS, DAY_MS, DAYS } from '../../models/vocabulary';

/** A zero-result query is shown once at least this many searches share it (fewer: counted). */
export const QUERY_SHOWN_FROM = 3;

export interface DayRange {
  /** UTC midnight of the first and the last day, both included. */
  from: Date;
  to: Date;
}

type Texts = Record<string, string>;
/** Counts by row, then by column. */
export type Grid = Map<string, Map<string, number>>;

type CategorySlug = (typeof CATEGORY_SLUGS)[number];
const add = (grid: Grid, row: string, col: string, n: number) => {
  const cols = grid.get(row) ?? new Map<string, number>();
  cols.set(col, (cols.get(col) ?? 0) + n);
  grid.set(row, cols);
};
const bump = (map: Map<string, number>, key: string, n: number) =>
  map.set(key, (map.get(key) ?? 0) + n);

/** Every day of the range as YYYY-MM-DD. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let t = range.from.getTime(); t <= range.to.getTime(); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

interface Slot {
  day: Day;
  opens: string;
  closes: string;
}

export function createInsightService(deps: {
  models: Models;
  languages: readonly string[];
  localLanguage: string;
  staleAfterDays: number;
  now?: () => Date;
}) {
  const { models } = deps;
  const now = deps.now ?? (() => new Date());

  const counts = (kind: UsageKind, range: DayRange) =>
    models.UsageCount.find({ kind, day: { $gte: range.from, $lte: range.to } }).lean();

  const published = () =>
    models.Service.find(
      { status: 'published' },
      {
        slug: 1,
        name: 1,
        summary: 1,
        category: 1,
        needs: 1,
        languages: 1,
        locations: 1,
        organisation: 1,
        schedule: 1,
        lastVerifiedAt: 1,
      },
    ).lean<LeanWithOptional<ServiceDoc, 'needs' | 'languages' | 'locations' | 'schedule'>[]>();

  async function districtsOf(): Promise<Map<string, string>> {
    const locations = await models.Location.find({}, { district: 1 }).lean();
    return new Map(locations.flatMap((l) => (l.district ? [[String(l._id), l.district]] : [])));
  }

  async function needNames(category?: CategorySlug): Promise<Map<string, Texts>> {
    const needs = await models.Need.find(
      { mergedInto: null, ...(category ? { category } : {}) },
      { slug: 1, name: 1 },
    ).lean<Lean<NeedDoc>[]>();
    return new Map(needs.map((n): [string, Texts] => [n.slug, n.name ?? {}]));
  }

  return {
    needNames,

    /** Searches per day and language; categories and needs searched, per language. */
    async demand(range: DayRange) {
      const perDay: Grid = new Map();
      const categories: Grid = new Map();
      const needs: Grid = new Map();
      const byLanguage = new Map<string, number>();
      for (const c of await counts('search', range)) {
        const day = c.day.toISOString().slice(0, 10);
        add(perDay, day, c.language, c.count);
        bump(byLanguage, c.language, c.count);
        for (const category of c.categories ?? []) add(categories, category, c.language, c.count);
        for (const need of c.needs ?? []) add(needs, need, c.language, c.count);
      }
      return { days: daysOf(range), perDay, byLanguage, categories, needs };
    },

    /** Share of searches that found nothing, by language and category; the repeated queries. */
    async unmet(range: DayRange) {
      const byLanguage: Grid = new Map();
      const byCategory: Grid = new Map();
      const queries = new Map<string, { query: string; language: string; count: number }>();
      for (const c of await counts('search', range)) {
        const outcome = c.zeroResult ? 'zero' : 'found';
        add(byLanguage, c.language, outcome, c.count);
        for (const category of c.categories ?? []) add(byCategory, category, outcome, c.count);
        if (c.zeroResult && c.query) {
          const key = `${c.language}\n${c.query}`;
          const q = queries.get(key) ?? { query: c.query, language: c.language, count: 0 };
          q.count += c.count;
          queries.set(key, q);
        }
      }
      const shown = [...queries.values()]
        .filter((q) => q.count >= QUERY_SHOWN_FROM)
        .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query));
      return { byLanguage, byCategory, queries: shown };
    },

    /** Published services per need × district (the needs of one category, or all of them)
     * and per category × language given in. */
    async coverage(category?: CategorySlug) {
      const [services, districtOf, needs] = await Promise.all([
        published(),
        districtsOf(),
        needNames(category),
      ]);
      const needsByDistrict: Grid = new Map();
      const categoriesByLanguage: Grid = new Map();
      const districts = new Set(districtOf.values());
      for (const s of services) {
        const here = new Set((s.locations ?? []).flatMap((l) => districtOf.get(String(l)) ?? []));
        for (const need of s.needs ?? []) for (const d of here) add(needsByDistrict, need, d, 1);
        for (const lang of s.languages ?? []) add(categoriesByLanguage, s.category, lang, 1);
      }
      return {
        needs: [...needs.keys()].sort(),
        needNames: needs,
        districts: [...districts].sort((a, b) => a.localeCompare(b)),
        needsByDistrict,
        categories: [...CATEGORY_SLUGS],
        languages: deps.languages,
        categoriesByLanguage,
      };
    },

    /** Services meeting one need in one district whose weekly times overlap (pairs). */
    async overlap() {
      const [services, districtOf, needs] = await Promise.all([
        published(),
        districtsOf(),
        needNames(),
      ]);
      const sessions = await models.CourseSession.find(
        { status: 'published', endDate: { $gte: now() } },
        { service: 1, days: 1, startTime: 1, endTime: 1 },
      ).lean<LeanWithOptional<CourseSessionDoc, 'days'>[]>();
      const slots = new Map<string, Slot[]>();
      for (const s of services)
        slots.set(
          String(s._id),
          (s.schedule?.weekly ?? []).map(({ day, opens, closes }) => ({ day, opens, closes })),
        );
      for (const session of sessions)
        for (const day of session.days ?? [])
          slots.get(String(session.service))?.push({
            day,
            opens: session.startTime,
            closes: session.endTime,
          });
      const groups = new Map<string, typeof services>();
      for (const s of services) {
        const here = new Set((s.locations ?? []).flatMap((l) => districtOf.get(String(l)) ?? []));
        for (const need of s.needs ?? [])
          for (const d of here)
            groups.set(`${need}\n${d}`, [...(groups.get(`${need}\n${d}`) ?? []), s]);
      }
      const pairs: {
        need: string;
        district: string;
        a: { slug: string; name: Texts };
        b: { slug: string; name: Texts };
        when: Slot[];
      }[] = [];
      for (const [key, members] of groups) {
        const [need, district] = key.split('\n') as [string, string];
        for (const [i, a] of members.entries())
          for (const b of members.slice(i + 1)) {
            const when = overlapping(
              slots.get(String(a._id)) ?? [],
              slots.get(String(b._id)) ?? [],
            );
            if (when.length === 0) continue;
            pairs.push({
              need,
              district,
              a: { slug: a.slug, name: a.name ?? {} },
              b: { slug: b.slug, name: b.name ?? {} },
              when,
            });
          }
      }
      pairs.sort((x, y) => x.need.localeCompare(y.need) || x.district.localeCompare(y.district));
      return { pairs, needNames: needs };
    },

    /** Stale published listings per organisation; share translated per language. */
    async freshness() {
      const cutoff = new Date(now().getTime() - deps.staleAfterDays * DAY_MS);
      const [services, organisations] = await Promise.all([
        published(),
        models.Organisation.find({}, { name: 1 }).lean(),
      ]);
      const orgName = new Map(organisations.map((o) => [String(o._id), o.name]));
      const byOrganisation: Grid = new Map();
      const translated: Grid = new Map();
      for (const s of services) {
        const org = orgName.get(String(s.organisation)) ?? '';
        add(byOrganisation, org, 'published', 1);
        add(byOrganisation, org, 'stale', s.lastVerifiedAt < cutoff ? 1 : 0);
        const name: Texts = s.name ?? {};
        const summary: Texts = s.summary ?? {};
        for (const lang of deps.languages) {
          add(translated, lang, 'name', name[lang]?.trim() ? 1 : 0);
          add(translated, lang, 'summary', summary[lang]?.trim() ? 1 : 0);
        }
      }
      return { byOrganisation, translated, total: services.length };
    },

    /** Referral sheets printed (each service on a sheet counts once) and listings opened. */
    async referrals(range: DayRange) {
      const [sheets, opened, services] = await Promise.all([
        counts('sheet', range),
        counts('view', range),
        models.Service.find({}, { slug: 1, name: 1, category: 1 }).lean<Lean<ServiceDoc>[]>(),
      ]);
      const bySlug = new Map(services.map((s) => [s.slug, s]));
      const byService = new Map<string, number>();
      const byCategory = new Map<string, number>();
      const views = new Map<string, number>();
      for (const c of sheets) {
        if (!c.service) continue;
        bump(byService, c.service, c.count);
        // The category now: a service moved to another category counts in its new one.
        bump(byCategory, bySlug.get(c.service)?.category ?? '', c.count);
      }
      for (const c of opened) if (c.service) bump(views, c.service, c.count);
      const names = new Map(
        [...byService.keys(), ...views.keys()].map((slug) => [slug, bySlug.get(slug)?.name ?? {}]),
      );
      return { byService, byCategory, views, names };
    },
  };
}

/** Times both services run on the same day, as the overlapping part of each pair of slots. */
function overlapping(a: Slot[], b: Slot[]): Slot[] {
  const found: Slot[] = [];
  for (const x of a)
    for (const y of b) {
      if (x.day !== y.day) continue;
      const opens = x.opens > y.opens ? x.opens : y.opens;
      const closes = x.closes < y.closes ? x.closes : y.closes;
      if (opens < closes && !found.some((f) => f.day === x.day && f.opens === opens))
        found.push({ day: x.day, opens, closes });
    }
  return found.sort(
    (p, q) => DAYS.indexOf(p.day) - DAYS.indexOf(q.day) || p.opens.localeCompare(q.opens),
  );
}

export type InsightService = ReturnType<typeof createInsightService>;
