// The stylesheets lay pages out with logical properties only (margin-inline-start, not
// margin-left), so a right-to-left page mirrors from its dir attribute without a second
// stylesheet; and they need no web font: system fonts cover Latin and Arabic scripts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const VIEWS = path.resolve(__dirname, '../../views');
const CSS = path.join(VIEWS, 'assets/css');

/** Properties that name a physical side: each has a logical twin (…-inline-start/end). */
const PHYSICAL_PROPERTY =
  /^(?:(?:margin|padding|scroll-margin|scroll-padding|border)-(?:left|right)(?:-[a-z]+)*|border-(?:top|bottom)-(?:left|right)-radius|left|right)$/;
/** Properties whose left/right keywords are physical (text-align: start, float: inline-start…). */
const SIDE_KEYWORD_PROPERTY =
  /^(?:text-align|text-align-last|float|clear|background-position(?:-x)?|object-position|transform-origin|caption-side)$/;
/** Shorthands whose fourth value is the left side and second the right (top right bottom left). */
const BOX_SHORTHAND =
  /^(?:margin|padding|inset|scroll-margin|scroll-padding|border-width|border-style|border-color)$/;
const FONT_URL = /\.(?:woff2?|ttf|otf|eot)\b|fonts\.(?:googleapis|gstatic)\.com|use\.typekit\.net/i;

/** Values of a declaration split on spaces outside parentheses ("calc(1rem + 2px) 0"). */
function values(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value.replace(/!important\s*$/, '').trim()) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (/\s/.test(char) && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += char;
  }
  if (current) out.push(current);
  return out;
}

/** True when a border-radius gives the left corners other radii than the right ones. */
function lopsidedRadius(value: string): boolean {
  const [a, b, c, d] = values(value.split('/')[0]!);
  if (b === undefined) return false;
  if (c === undefined) return a !== b; // top-left/bottom-right a, top-right/bottom-left b
  return a !== b || (d === undefined ? c !== b : c !== d);
}

/** Every physical-layout declaration and web font in a stylesheet, with its line number. */
function physicalLayout(css: string): string[] {
  // Comments out, keeping line breaks so line numbers stay right.
  const source = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const found: string[] = [];
  for (const match of source.matchAll(/@font-face\b/gi))
    found.push(`${lineOf(match.index)}: @font-face`);
  for (const match of source.matchAll(/(?:url\(\s*|@import\s+(?!url\())(['"]?)([^'")\s;]+)\1/gi))
    if (FONT_URL.test(match[2]!)) found.push(`${lineOf(match.index)}: web font ${match[2]}`);
  // Declarations live in the innermost blocks (rules, and rules inside @media).
  for (const block of source.matchAll(/{([^{}]*)}/g)) {
    let offset = block.index + 1;
    for (const declaration of block[1]!.split(';')) {
      const colon = declaration.indexOf(':');
      const start = offset + declaration.search(/\S|$/);
      offset += declaration.length + 1;
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim().toLowerCase();
      const value = declaration
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      const where = `${lineOf(start)}: ${property}: ${value}`;
      if (property.startsWith('--')) continue; // custom properties are checked where used
      if (PHYSICAL_PROPERTY.test(property)) found.push(where);
      else if (SIDE_KEYWORD_PROPERTY.test(property) && /\b(?:left|right)\b/.test(value))
        found.push(where);
      else if (BOX_SHORTHAND.test(property) && values(value).length === 4) {
        const [, right, , left] = values(value);
        if (right !== left) found.push(where);
      } else if (property === 'border-radius' && lopsidedRadius(value)) found.push(where);
    }
  }
  return found;
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, extension);
    return entry.endsWith(extension) ? [full] : [];
  });
}

const stylesheets = filesUnder(CSS, '.css');
const templates = filesUnder(VIEWS, '.hbs');

it('finds the stylesheets, and no separate right-to-left copy', () => {
  expect(stylesheets.map((file) => path.basename(file))).toEqual(
    expect.arrayContaining(['site.css', 'sheet.css']),
  );
  expect(stylesheets.filter((file) => /rtl/i.test(path.basename(file)))).toEqual([]);
});

it.each(stylesheets.map((file) => [path.relative(VIEWS, file), file]))(
  '%s uses logical properties for layout and no web font',
  (_name, file) => {
    expect(physicalLayout(readFileSync(file, 'utf8'))).toEqual([]);
  },
);

it.each(templates.map((file) => [path.relative(VIEWS, file), file]))(
  '%s has no physical-layout style attribute and loads no web font',
  (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const inline = [...source.matchAll(/\sstyle="([^"]*)"/g)].map((m) => `{${m[1]}}`).join('\n');
    const styleBlocks = [...source.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(physicalLayout([inline, ...styleBlocks].join('\n'))).toEqual([]);
    const links = [...source.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!);
    expect(links.filter((href) => FONT_URL.test(href))).toEqual([]);
  },
);

it('would catch physical properties and web fonts (the check itself works)', () => {
  const sample = `/* margin-left: 1rem in a comment is fine */
.a { margin-left: 1rem; padding-inline-start: 1rem; }
.b {
  padding-right: 2px;
  border-left: 1px solid;
  border-right-color: red;
  border-top-left-radius: 4px;
}
@media (min-width: 40rem) {
  .c { position: absolute; left: 0; right: auto; inset-inline-start: 0; }
}
.d { text-align: right; float: left; text-align: start; float: inline-end; }
.e { margin: 0 1rem 0 2rem; padding: 0 1rem 0 1rem; margin: 8mm 9mm 10mm; border-radius: 4px 0; }
.f { border-radius: 6px; border-top: 1px solid; margin-block: 1rem; }
@font-face { font-family: X; src: url('/fonts/x.woff2') format('woff2'); }
@import url(https://fonts.googleapis.com/css2?family=Inter);`;
  expect(physicalLayout(sample)).toEqual([
    '15: @font-face',
    '15: web font /fonts/x.woff2',
    '16: web font https://fonts.googleapis.com/css2?family=Inter',
    '2: margin-left: 1rem',
    '4: padding-right: 2px',
    '5: border-left: 1px solid',
    '6: border-right-color: red',
    '7: border-top-left-radius: 4px',
    '10: left: 0',
    '10: right: auto',
    '12: text-align: right',
    '12: float: left',
    '13: margin: 0 1rem 0 2rem',
    '13: border-radius: 4px 0',
  ]);
});
