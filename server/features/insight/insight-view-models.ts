// Each insight view as sections (chart + table of the same numbers), in the visitor's language.
import { formatDate } from '../../i18n/formatters';
import { pickTranslation } from '../../i18n/pick-translation';
import { barChart, columnChart } from './insight-charts';
import type { InsightService } from './insight-service';
import { QUERY_SHOWN_FROM } from './insight-service';
import type { InsightContext, Section } from './insight-sections';
import {
  chartOptions,
  gridTable,
  labels,
  numberCell,
  percentCell,
  sumOf,
  topRows,
  usedColumns,
} from './insight-sections';

export type Result<K extends keyof InsightService> = Awaited<ReturnType<InsightService[K]>>;
const TOP = 10;

const day = (iso: string, lang: string) => formatDate(new Date(`${iso}T00:00:00Z`), lang);

export function demandSections(
  ctx: InsightContext,
  d: Result<'demand'>,
  needNames: Result<'needNames'>,
): Section[] {
  const { t } = ctx;
  const l = labels(ctx);
  const langs = usedColumns(d.perDay, []);
  const perDay: Section = {
    id: 'per-day',
    title: t('manage:insight.demand.perDay'),
    chart: columnChart(
      d.days.map((iso) => ({ label: day(iso, ctx.lang), value: sumOf(d.perDay.get(iso)) })),
      chartOptions(ctx, 'chart-per-day', t('manage:insight.demand.perDay')),
    ),
    ...gridTable(
      ctx,
      d.perDay,
      d.days,
      langs,
      (iso) => day(iso, ctx.lang),
      l.language,
      t('manage:insight.day'),
    ),
  };
  const languages = [...d.byLanguage.entries()].sort((a, b) => b[1] - a[1]);
  const byLanguage: Section = {
    id: 'by-language',
    title: t('manage:insight.demand.byLanguage'),
    chart: barChart(
      languages.map(([code, n]) => ({ label: l.language(code), value: n })),
      chartOptions(ctx, 'chart-by-language', t('manage:insight.demand.byLanguage')),
    ),
    head: [t('manage:insight.language'), t('manage:insight.searches')],
    rows: languages.map(([code, n]) => ({
      label: l.language(code),
      rawLabel: code,
      cells: [numberCell(n, ctx.lang)],
    })),
  };
  const need = l.need(needNames);
  const grouped = (
    id: string,
    title: string,
    grid: typeof d.categories,
    label: (k: string) => string,
    corner: string,
  ): Section => {
    const rows = topRows(grid, TOP);
    return {
      id,
      title,
      chart: barChart(
        rows.map((k) => ({ label: label(k), value: sumOf(grid.get(k)) })),
        chartOptions(ctx, `chart-${id}`, title),
      ),
      ...gridTable(ctx, grid, rows, usedColumns(grid, langs), label, l.language, corner),
    };
  };
  const sections = [
    perDay,
    byLanguage,
    grouped(
      'categories',
      t('manage:insight.demand.categories'),
      d.categories,
      l.category,
      t('manage:insight.category'),
    ),
    grouped('needs', t('manage:insight.demand.needs'), d.needs, need, t('manage:insight.need')),
  ];
  return withEmpty(ctx, sections);
}

export function unmetSections(ctx: InsightContext, u: Result<'unmet'>): Section[] {
  const { t } = ctx;
  const l = labels(ctx);
  const rate = (
    id: string,
    title: string,
    grid: typeof u.byLanguage,
    label: (k: string) => string,
    corner: string,
  ): Section => {
    const keys = [...grid.keys()].sort((a, b) => label(a).localeCompare(label(b)));
    const share = (k: string) => (grid.get(k)?.get('zero') ?? 0) / Math.max(1, sumOf(grid.get(k)));
    return {
      id,
      title,
      chart: barChart(
        keys.map((k) => ({ label: label(k), value: Math.round(share(k) * 1000) / 10 })),
        { ...chartOptions(ctx, `chart-${id}`, title), max: 100, suffix: ' %' },
      ),
      head: [
        corner,
        t('manage:insight.searches'),
        t('manage:insight.unmet.zero'),
        t('manage:insight.unmet.rate'),
      ],
      rows: keys.map((k) => ({
        label: label(k),
        rawLabel: k,
        cells: [
          numberCell(sumOf(grid.get(k)), ctx.lang),
          numberCell(grid.get(k)?.get('zero') ?? 0, ctx.lang),
          percentCell(share(k), ctx.lang),
        ],
      })),
    };
  };
  const queries: Section = {
    id: 'queries',
    title: t('manage:insight.unmet.queries'),
    intro: t('manage:insight.unmet.queriesIntro', { min: QUERY_SHOWN_FROM }),
    head: [
      t('manage:insight.unmet.query'),
      t('manage:insight.language'),
      t('manage:insight.searches'),
    ],
    rows: u.queries.map((q) => ({
      label: q.query,
      rawLabel: q.query,
      cells: [{ text: l.language(q.language), raw: q.language }, numberCell(q.count, ctx.lang)],
    })),
  };
  return withEmpty(ctx, [
    rate(
      'zero-by-language',
      t('manage:insight.unmet.byLanguage'),
      u.byLanguage,
      l.language,
      t('manage:insight.language'),
    ),
    rate(
      'zero-by-category',
      t('manage:insight.unmet.byCategory'),
      u.byCategory,
      l.category,
      t('manage:insight.category'),
    ),
    queries,
  ]);
}

export function referralSections(ctx: InsightContext, r: Result<'referrals'>): Section[] {
  const { t } = ctx;
  const l = labels(ctx);
  const name = (slug: string) =>
    pickTranslation(r.names.get(slug), ctx.lang, ctx.localLanguage).text || slug;
  const counted = (
    id: string,
    title: string,
    map: Map<string, number>,
    label: (k: string) => string,
    corner: string,
    top?: number,
  ): Section => {
    const keys = [...map.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([k]) => k);
    return {
      id,
      title,
      chart: barChart(
        keys.map((k) => ({ label: label(k), value: map.get(k) ?? 0 })),
        chartOptions(ctx, `chart-${id}`, title),
      ),
      head: [corner, t('manage:insight.count')],
      rows: keys.map((k) => ({
        label: label(k),
        rawLabel: k,
        cells: [numberCell(map.get(k) ?? 0, ctx.lang)],
      })),
    };
  };
  return withEmpty(ctx, [
    counted(
      'sheets-category',
      t('manage:insight.referrals.byCategory'),
      r.byCategory,
      l.category,
      t('manage:insight.category'),
    ),
    counted(
      'sheets-service',
      t('manage:insight.referrals.byService'),
      r.byService,
      name,
      t('manage:insight.service'),
    ),
    counted(
      'views-service',
      t('manage:insight.referrals.views'),
      r.views,
      name,
      t('manage:insight.service'),
      20,
    ),
  ]);
}

/** A section with no row says so instead of drawing an empty chart. */
export function withEmpty(ctx: InsightContext, sections: Section[]): Section[] {
  return sections.map((s) =>
    s.rows.length === 0 ? { ...s, chart: undefined, empty: ctx.t('manage:insight.nothing') } : s,
  );
}
