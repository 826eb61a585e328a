// The running header and footer of a printed referral sheet: the title in the page's top margin,
// the centre's name and address and "page X of Y" in its bottom margin, on every page. They are
// CSS page-margin boxes (@top-left … @bottom-right), which Chromium prints both from the browser's
// print command and in the PDF (page.pdf without its own header template), so both papers match.
// Their texts are translated, so this CSS is made per client language: inlined in the PDF's HTML,
// and served as a stylesheet to the pages (the CSP allows no inline style there).

/** Stand-ins for the page counters inside the translated "page {{page}} of {{pages}}". */
export const PAGE_MARK = '\u0001';
export const PAGES_MARK = '\u0002';

export interface PageBoxes {
  clientDir: 'ltr' | 'rtl';
  localDir: 'ltr' | 'rtl';
  sameLanguage: boolean;
  title: { client: string; local: string };
  /** The client's "page X of Y" with PAGE_MARK and PAGES_MARK where the numbers go. */
  pageOf: string;
  centre: { name: string; contact: string };
}

/**
 * A CSS string literal. Quotes, backslashes, angle brackets (the PDF inlines this in a <style>)
 * and control characters are written as hex escapes; the trailing space ends each escape.
 */
export function cssString(text: string): string {
  // Every character escaped is in the Basic Multilingual Plane: one UTF-16 unit each.
  const escaped = text.replace(
    /["\\<>&\p{Cc}]/gu,
    (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase()} `,
  );
  return `"${escaped}"`;
}

/** `"Page " counter(page) " sur " counter(pages)` from the translated sentence. */
function pageOfContent(pageOf: string): string {
  const parts: string[] = [];
  let literal = '';
  for (const c of pageOf) {
    if (c === PAGE_MARK || c === PAGES_MARK) {
      if (literal) parts.push(cssString(literal));
      literal = '';
      parts.push(c === PAGE_MARK ? 'counter(page)' : 'counter(pages)');
    } else literal += c;
  }
  if (literal) parts.push(cssString(literal));
  return parts.join(' ');
}

export function pageBoxesCss(boxes: PageBoxes): string {
  // Mirrored for a right-to-left client: their title and the centre where their lines start.
  const [start, end] = boxes.clientDir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  const box = (position: string, content: string, dir: 'ltr' | 'rtl', align: string) =>
    `  @${position} { content: ${content}; direction: ${dir}; text-align: ${align}; ` +
    `font-size: 8pt; color: #333; }`;
  const rules = [
    box(`top-${start}`, cssString(boxes.title.client), boxes.clientDir, start),
    ...(boxes.sameLanguage
      ? []
      : [box(`top-${end}`, cssString(boxes.title.local), boxes.localDir, end)]),
    box(
      `bottom-${start}`,
      cssString(`${boxes.centre.name} · ${boxes.centre.contact}`),
      boxes.localDir,
      start,
    ),
    box(`bottom-${end}`, pageOfContent(boxes.pageOf), boxes.clientDir, end),
  ];
  return `@page {\n${rules.join('\n')}\n}\n`;
}
