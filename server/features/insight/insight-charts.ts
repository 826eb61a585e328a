// Charts as SVG drawn on the server (no JavaScript): horizontal bars, columns per day and heat
// maps. Each scales to its container (viewBox, width 100 %), is mirrored for right-to-left
// languages, and is paired in the page with a table of the same numbers (the chart itself is
// an image with a title for screen readers). Colours keep 4.5:1 against their background.
// Every text is escaped here: labels come from providers and newcomers' queries.

import { escapeMarkup } from '../../web/escape-markup';

const INK = '#1a1a1a';
const BAR = '#1d4e89'; // 8.6:1 on white
const GRID = '#767676';

export interface ChartOptions {
  /** Read by screen readers as the image's name. */
  title: string;
  /** Unique in the page: names the chart's title element. */
  id: string;
  rtl: boolean;
  /** Formats numbers in the visitor's language. */
  format: (n: number) => string;
}

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function svg(
  width: number,
  height: number,
  title: string,
  body: string,
  id: string,
  kind = 'insight-chart',
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ` +
    // Positions are computed for the reading direction already (mirrored for Arabic…), so the
    // drawing itself is left to right: text-anchor keeps its meaning inside right-to-left pages.
    // Bars and columns scale to the screen; a heat map keeps its size (one unit, one pixel)
    // and its figure scrolls sideways when it is wider than the screen.
    `width="${kind.includes('insight-heat') ? width : '100%'}" ` +
    `role="img" aria-labelledby="${id}" class="${kind}" font-family="sans-serif" direction="ltr">` +
    `<title id="${id}">${escapeMarkup(title)}</title>${body}</svg>`
  );
}

/** One bar per row; the bar grows from the start of the reading direction. */
export function barChart(
  rows: { label: string; value: number }[],
  options: ChartOptions & { max?: number; suffix?: string },
): string {
  const width = 360;
  const rowHeight = 34;
  const labelWidth = 130;
  const valueWidth = 56;
  const barSpace = width - labelWidth - valueWidth - 8;
  const max = options.max ?? Math.max(1, ...rows.map((r) => r.value));
  const height = Math.max(rowHeight, rows.length * rowHeight);
  const parts = rows.map((row, i) => {
    const y = i * rowHeight;
    const length = max > 0 ? Math.round((row.value / max) * barSpace) : 0;
    const labelX = options.rtl ? width : 0;
    const barX = options.rtl ? width - labelWidth - length : labelWidth;
    const valueX = options.rtl ? width - labelWidth - length - 4 : labelWidth + length + 4;
    const anchorStart = options.rtl ? 'end' : 'start';
    const anchorValue = options.rtl ? 'end' : 'start';
    return (
      `<text x="${labelX}" y="${y + 21}" font-size="13" fill="${INK}" text-anchor="${anchorStart}">` +
      `${escapeMarkup(truncate(row.label, 18))}</text>` +
      `<rect x="${barX}" y="${y + 6}" width="${length}" height="${rowHeight - 12}" fill="${BAR}"/>` +
      `<text x="${valueX}" y="${y + 21}" font-size="13" fill="${INK}" text-anchor="${anchorValue}">` +
      `${escapeMarkup(options.format(row.value) + (options.suffix ?? ''))}</text>`
    );
  });
  const axisX = options.rtl ? width - labelWidth : labelWidth;
  const axis = `<line x1="${axisX}" y1="0" x2="${axisX}" y2="${height}" stroke="${GRID}"/>`;
  return svg(width, height, options.title, parts.join('') + axis, options.id);
}

/** One column per day, in reading order (right to left in Arabic…), with the first and last
 * day and the highest count written out. */
export function columnChart(
  columns: { label: string; value: number }[],
  options: ChartOptions,
): string {
  const width = 360;
  const height = 180;
  const top = 20;
  const bottom = 30;
  const max = Math.max(1, ...columns.map((c) => c.value));
  const step = columns.length > 0 ? width / columns.length : width;
  const plot = height - top - bottom;
  const parts = columns.map((c, i) => {
    const h = Math.round((c.value / max) * plot);
    const slot = options.rtl ? columns.length - 1 - i : i;
    const x = slot * step + step * 0.15;
    return `<rect x="${x.toFixed(1)}" y="${top + plot - h}" width="${(step * 0.7).toFixed(1)}" height="${h}" fill="${BAR}"/>`;
  });
  const first = columns[0];
  const last = columns[columns.length - 1];
  const labelAt = (text: string, atStart: boolean) => {
    const onLeft = atStart !== options.rtl;
    return `<text x="${onLeft ? 0 : width}" y="${height - 8}" font-size="13" fill="${INK}" text-anchor="${onLeft ? 'start' : 'end'}">${escapeMarkup(text)}</text>`;
  };
  const labels =
    (first ? labelAt(first.label, true) : '') +
    (last && columns.length > 1 ? labelAt(last.label, false) : '') +
    `<text x="${options.rtl ? width : 0}" y="13" font-size="13" fill="${INK}" text-anchor="${options.rtl ? 'end' : 'start'}">${escapeMarkup(options.format(max))}</text>` +
    `<line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="${GRID}"/>`;
  return svg(width, height, options.title, parts.join('') + labels, options.id);
}

/** Light to dark blue by count; the number is written in each cell in a contrasting colour. */
const SHADES = ['#ffffff', '#deebf7', '#9ecae1', '#4292c6', '#08519c', '#08306b'] as const;

function shade(value: number, max: number): { fill: string; ink: string } {
  if (value <= 0) return { fill: SHADES[0], ink: INK };
  const step = Math.min(SHADES.length - 1, 1 + Math.floor(((value - 1) / Math.max(1, max)) * 5));
  // `step` is clamped to the list; the fallback only satisfies the index type.
  return { fill: SHADES[step] ?? SHADES[5], ink: step >= 3 ? '#ffffff' : INK };
}

/** Rows × columns of counts; empty cells stay white with a "0" so they are easy to spot. */
export function heatMap(
  rows: { label: string; values: number[] }[],
  columns: string[],
  options: ChartOptions,
): string {
  const labelWidth = 130;
  const cell = 36;
  const header = 60;
  const width = labelWidth + columns.length * cell;
  const height = header + rows.length * cell;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const colX = (j: number) =>
    options.rtl ? width - labelWidth - (j + 1) * cell : labelWidth + j * cell;
  const head = columns
    .map((label, j) => {
      const x = colX(j) + cell / 2;
      return `<text x="${x}" y="${header - 6}" font-size="12" fill="${INK}" text-anchor="start" transform="rotate(-45 ${x} ${header - 6})">${escapeMarkup(truncate(label, 10))}</text>`;
    })
    .join('');
  const body = rows
    .map((row, i) => {
      const y = header + i * cell;
      const label = `<text x="${options.rtl ? width - 4 : 4}" y="${y + cell / 2 + 5}" font-size="13" fill="${INK}" text-anchor="${options.rtl ? 'end' : 'start'}">${escapeMarkup(truncate(row.label, 18))}</text>`;
      const cells = row.values
        .map((value, j) => {
          const { fill, ink } = shade(value, max);
          const x = colX(j);
          return (
            `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="${GRID}" stroke-width="0.5"/>` +
            `<text x="${x + cell / 2}" y="${y + cell / 2 + 5}" font-size="12" fill="${ink}" text-anchor="middle">${escapeMarkup(options.format(value))}</text>`
          );
        })
        .join('');
      return label + cells;
    })
    .join('');
  return svg(width, height, options.title, head + body, options.id, 'insight-chart insight-heat');
}
