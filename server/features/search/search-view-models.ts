// What the search page shows: result cards, filter groups with counts, chosen filters with
// links that remove them, pagination links that keep the query.
import { languageName, weekdayName } from '../../i18n/formatters';
import {
  CATEGORY_SLUGS,
  CEFR_LEVELS,
  DAYS,
  DELIVERY_MODES,
  TIMES_OF_DAY,
} from '../../models/vocabulary';
import type { Day } from '../../models/vocabulary';
import type { SearchDocument } from '../../search/search-document';
import type { FacetName } from '../../search/search-engine';
import type { ViewContext } from '../../view-models/directory-view-models';
import { serviceCard } from '../../view-models/directory-view-models';
import { ACCESS_FILTERS, ELIGIBILITY_FILTERS } from '../../search/search-query';

export function resultCard(document: SearchDocument, ctx: ViewContext, distanceKm?: number) {
  return serviceCard(
    {
      ...document.display,
      slug: document.slug,
      languages: document.languages,
      districts: document.districts,
      lastVerifiedAt: new Date(document.lastVerifiedAt),
      distanceKm,
    },
    ctx,
  );
}

interface GroupSpec {
  facet: FacetName;
  param: string;
  /** Fixed options in display order; otherwise the values found, most frequent first. */
  values?: readonly string[];
  label: (value: string, ctx: ViewContext) => string;
}

const GROUPS: GroupSpec[] = [
  {
    facet: 'category',
    param: 'category',
    values: CATEGORY_SLUGS,
    label: (v, c) => c.t(`categories:${v}.name`),
  },
  { facet: 'cost', param: 'cost', values: ['free'], label: (_v, c) => c.t('search.free') },
  { facet: 'level', param: 'level', values: CEFR_LEVELS, label: (v, c) => c.t(`level.${v}`) },
  { facet: 'language', param: 'language', label: (v, c) => languageName(v, c.lang) },
  { facet: 'day', param: 'day', values: DAYS, label: (v, c) => weekdayName(v as Day, c.lang) },
  { facet: 'time', param: 'time', values: TIMES_OF_DAY, label: (v, c) => c.t(`search.time.${v}`) },
  { facet: 'weekend', param: 'weekend', values: ['1'], label: (_v, c) => c.t('search.weekend') },
  { facet: 'district', param: 'district', label: (v) => v },
  {
    facet: 'eligibility',
    param: 'eligibility',
    values: ELIGIBILITY_FILTERS,
    label: (v, c) => c.t(`search.eligibility.${v}`),
  },
  {
    facet: 'delivery',
    param: 'delivery',
    values: DELIVERY_MODES,
    label: (v, c) => c.t(`delivery.${v}`),
  },
  {
    facet: 'access',
    param: 'access',
    values: ACCESS_FILTERS,
    label: (v, c) => c.t(`search.access.${v}`),
  },
  {
    facet: 'childcare',
    param: 'childcare',
    values: ['1'],
    label: (_v, c) => c.t('search.childcare'),
  },
];

/** Query string helpers over the visitor's own parameters. */
export function withoutValue(params: URLSearchParams, name: string, value: string): string {
  const next = new URLSearchParams();
  for (const [key, v] of params)
    if (!(key === name && v === value) && key !== 'page') next.append(key, v);
  return next.toString();
}

/** "?back=…" for a result's link: the service page offers a way back to these results (read
 * there by directory-schema.ts's searchBack, which takes only a /search address). */
export function backToResults(params: URLSearchParams): string {
  const query = params.toString();
  return `?${new URLSearchParams({ back: query ? `/search?${query}` : '/search' }).toString()}`;
}

export function withPage(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return next.toString();
}

export function filterGroups(
  facets: Record<FacetName, Record<string, number>> | undefined,
  params: URLSearchParams,
  ctx: ViewContext,
) {
  return GROUPS.map((group) => {
    const counts = facets?.[group.facet] ?? {};
    const selected = params.getAll(group.param);
    const values =
      group.values ??
      Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
    const options = [...values, ...selected.filter((v) => !values.includes(v))]
      .map((value) => ({
        value,
        label: group.label(value, ctx),
        count: counts[value] ?? 0,
        checked: selected.includes(value),
      }))
      // Options that would give nothing are left out, unless chosen: shorter page, same choices.
      .filter((option) => option.count > 0 || option.checked);
    return { name: group.param, legend: ctx.t(`search.filters.${group.facet}`), options };
  }).filter((group) => group.options.length > 0);
}

export function chosenFilters(params: URLSearchParams, ctx: ViewContext, base: string) {
  const chosen: { label: string; href: string }[] = [];
  const removing = (name: string, value: string, label: string) => {
    const query = withoutValue(params, name, value);
    chosen.push({ label, href: query ? `${base}?${query}` : base });
  };
  for (const group of GROUPS) {
    for (const value of params.getAll(group.param)) {
      removing(group.param, value, group.label(value, ctx));
    }
  }
  for (const name of ['maxCost', 'startsWithin', 'near'] as const) {
    const value = params.get(name);
    if (value) removing(name, value, ctx.t(`search.chosen.${name}`, { value }));
  }
  return chosen;
}
