// The views that describe the directory as it is today (coverage, overlap, freshness and
// translation), as sections of charts and tables in the visitor's language.
import { formatList, weekdayName } from '../../i18n/formatters';
import { pickTranslation } from '../../i18n/pick-translation';
import { barChart, heatMap } from './insight-charts';
import type { InsightContext, Section } from './insight-sections';
import { chartOptions, gridTable, labels, numberCell, percentCell } from './insight-sections';
import type { Result } from './insight-view-models';
import { withEmpty } from './insight-view-models';

export function coverageSections(ctx: InsightContext, c: Result<'coverage'>): Section[] {
  const { t } = ctx;
  const l = labels(ctx);
  const need = l.need(c.needNames);
  const heat = (
    id: string,
    title: string,
    grid: typeof c.needsByDistrict,
    rows: string[],
    cols: readonly string[],
    rowLabel: (k: string) => string,
    colLabel: (k: string) => string,
    corner: string,
  ): Section => {
    const empty = rows.flatMap((r) =>
      cols
        .filter((col) => !grid.get(r)?.get(col))
        .map((col) => `${rowLabel(r)} · ${colLabel(col)}`),
    );
    return {
      id,
      title,
      chart: heatMap(
        rows.map((r) => ({
          label: rowLabel(r),
          values: cols.map((col) => grid.get(r)?.get(col) ?? 0),
        })),
        cols.map(colLabel),
        chartOptions(ctx, `chart-${id}`, title),
      ),
      ...gridTable(ctx, grid, rows, [...cols], rowLabel, colLabel, corner),
      list: { title: t('manage:insight.coverage.emptyCells', { n: empty.length }), items: empty },
    };
  };
  return [
    heat(
      'needs-districts',
      t('manage:insight.coverage.needsDistricts'),
      c.needsByDistrict,
      c.needs,
      c.districts,
      need,
      (d) => d,
      t('manage:insight.need'),
    ),
    heat(
      'categories-languages',
      t('manage:insight.coverage.categoriesLanguages'),
      c.categoriesByLanguage,
      c.categories,
      c.languages,
      l.category,
      l.language,
      t('manage:insight.category'),
    ),
  ];
}

export function overlapSections(ctx: InsightContext, o: Result<'overlap'>): Section[] {
  const { t } = ctx;
  const need = labels(ctx).need(o.needNames);
  const name = (texts: Record<string, string>) =>
    pickTranslation(texts, ctx.lang, ctx.localLanguage).text;
  const when = (slots: (typeof o.pairs)[number]['when']) =>
    formatList(
      slots.map((s) => `${weekdayName(s.day, ctx.lang)} ${s.opens}–${s.closes}`),
      ctx.lang,
      'unit',
    );
  return withEmpty(ctx, [
    {
      id: 'overlap',
      title: t('manage:insight.overlap.title'),
      intro: t('manage:insight.overlap.intro'),
      head: [
        t('manage:insight.need'),
        t('manage:insight.district'),
        t('manage:insight.overlap.services'),
        t('manage:insight.overlap.when'),
      ],
      rows: o.pairs.map((p) => ({
        label: need(p.need),
        rawLabel: p.need,
        cells: [
          { text: p.district, raw: p.district },
          { text: `${name(p.a.name)} / ${name(p.b.name)}`, raw: `${p.a.slug} / ${p.b.slug}` },
          {
            text: when(p.when),
            raw: p.when.map((s) => `${s.day} ${s.opens}-${s.closes}`).join('; '),
          },
        ],
      })),
    },
  ]);
}

export function freshnessSections(ctx: InsightContext, f: Result<'freshness'>): Section[] {
  const { t } = ctx;
  const l = labels(ctx);
  const orgs = [...f.byOrganisation.keys()].sort(
    (a, b) =>
      (f.byOrganisation.get(b)?.get('stale') ?? 0) - (f.byOrganisation.get(a)?.get('stale') ?? 0) ||
      a.localeCompare(b),
  );
  const share = (lang: string, field: string) =>
    (f.translated.get(lang)?.get(field) ?? 0) / Math.max(1, f.total);
  const langs = [...f.translated.keys()];
  return withEmpty(ctx, [
    {
      id: 'stale',
      title: t('manage:insight.freshness.stale'),
      chart: barChart(
        orgs.map((o) => ({ label: o, value: f.byOrganisation.get(o)?.get('stale') ?? 0 })),
        chartOptions(ctx, 'chart-stale', t('manage:insight.freshness.stale')),
      ),
      head: [
        t('manage:insight.organisation'),
        t('manage:insight.freshness.published'),
        t('manage:insight.freshness.staleCount'),
      ],
      rows: orgs.map((o) => ({
        label: o,
        rawLabel: o,
        cells: [
          numberCell(f.byOrganisation.get(o)?.get('published') ?? 0, ctx.lang),
          numberCell(f.byOrganisation.get(o)?.get('stale') ?? 0, ctx.lang),
        ],
      })),
    },
    {
      id: 'translations',
      title: t('manage:insight.freshness.translations'),
      chart: barChart(
        langs.map((lang) => ({
          label: l.language(lang),
          value: Math.round(share(lang, 'summary') * 1000) / 10,
        })),
        {
          ...chartOptions(ctx, 'chart-translations', t('manage:insight.freshness.translations')),
          max: 100,
          suffix: ' %',
        },
      ),
      head: [
        t('manage:insight.language'),
        t('manage:insight.freshness.withName'),
        t('manage:insight.freshness.withSummary'),
      ],
      rows: langs.map((lang) => ({
        label: l.language(lang),
        rawLabel: lang,
        cells: [
          percentCell(share(lang, 'name'), ctx.lang),
          percentCell(share(lang, 'summary'), ctx.lang),
        ],
      })),
    },
  ]);
}
