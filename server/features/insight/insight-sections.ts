// The building block of every insight view: a section is a chart and the table with the same
// numbers (and, for coverage, the empty cells listed). A table keeps each number raw as well as
// written in the visitor's language, so the CSV download carries exactly what the page shows.
import type { TFunction } from 'i18next';
import { formatNumber, languageName } from '../../i18n/formatters';
import { pickTranslation } from '../../i18n/pick-translation';
import type { ChartOptions } from './insight-charts';
import type { Grid } from './insight-service';

export interface Cell {
  text: string;
  raw: string | number;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  chart?: string;
  /** Above the table: header cells; rows start with their label. */
  head: string[];
  rows: { label: string; rawLabel: string; cells: Cell[] }[];
  /** Shown instead of the chart and table when there is nothing to count. */
  empty?: string;
  /** A list under the table (e.g. the empty cells of a heat map). */
  list?: { title: string; items: string[] };
}

export interface InsightContext {
  lang: string;
  localLanguage: string;
  t: TFunction;
  rtl: boolean;
}

export const numberCell = (n: number, lang: string): Cell => ({
  text: formatNumber(n, lang),
  raw: n,
});

const percentFormats = new Map<string, Intl.NumberFormat>();
export function percentCell(share: number, lang: string): Cell {
  let f = percentFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    percentFormats.set(lang, f);
  }
  return { text: f.format(share), raw: Math.round(share * 1000) / 10 };
}

export const chartOptions = (ctx: InsightContext, id: string, title: string): ChartOptions => ({
  id,
  title,
  rtl: ctx.rtl,
  format: (n) => formatNumber(n, ctx.lang),
});

/** Label makers, each in the visitor's language. */
export const labels = (ctx: InsightContext) => ({
  language: (code: string) => languageName(code, ctx.lang),
  category: (slug: string) =>
    slug ? ctx.t(`categories:${slug}.name`) : ctx.t('manage:insight.unknown'),
  need: (names: Map<string, Record<string, string>>) => (slug: string) =>
    pickTranslation(names.get(slug), ctx.lang, ctx.localLanguage).text || slug,
});

export const sumOf = (cols: Map<string, number> | undefined) =>
  [...(cols?.values() ?? [])].reduce((a, b) => a + b, 0);

/** Rows of a grid, largest total first, limited to `top`. */
export function topRows(grid: Grid, top: number): string[] {
  return [...grid.entries()]
    .sort((a, b) => sumOf(b[1]) - sumOf(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([key]) => key);
}

/** A table of a grid: one row per row key, one column per column key, then the total. */
export function gridTable(
  ctx: InsightContext,
  grid: Grid,
  rowKeys: string[],
  colKeys: string[],
  rowLabel: (key: string) => string,
  colLabel: (key: string) => string,
  corner: string,
): Pick<Section, 'head' | 'rows'> {
  return {
    head: [corner, ...colKeys.map(colLabel), ctx.t('manage:insight.total')],
    rows: rowKeys.map((row) => {
      const cols = grid.get(row);
      return {
        label: rowLabel(row),
        rawLabel: row,
        cells: [
          ...colKeys.map((col) => numberCell(cols?.get(col) ?? 0, ctx.lang)),
          numberCell(sumOf(cols), ctx.lang),
        ],
      };
    }),
  };
}

/** Columns of a grid, in the order of the given list, only those with a count. */
export function usedColumns(grid: Grid, order: readonly string[]): string[] {
  const used = new Set([...grid.values()].flatMap((cols) => [...cols.keys()]));
  return [...order.filter((c) => used.has(c)), ...[...used].filter((c) => !order.includes(c))];
}

/** The CSV of a view: one line per number (section, row, its key, column, value), easy to
 * pivot; the key is the code behind the row (ISO day, language code, slug). */
export function csvRecords(sections: Section[], t: TFunction): (string | number)[][] {
  const records: (string | number)[][] = [
    [
      t('manage:insight.csv.table'),
      t('manage:insight.csv.row'),
      t('manage:insight.csv.key'),
      t('manage:insight.csv.column'),
      t('manage:insight.csv.value'),
    ],
  ];
  for (const section of sections)
    for (const row of section.rows)
      row.cells.forEach((cell, i) =>
        records.push([section.title, row.label, row.rawLabel, section.head[i + 1] ?? '', cell.raw]),
      );
  return records;
}
