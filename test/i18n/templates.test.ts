// No user-facing text is written into templates: everything a visitor reads comes from
// locales/ through {{t}} (or from data). Punctuation between expressions is allowed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const VIEWS = path.resolve(__dirname, '../../views');
// (`value` is left out: option values are identifiers; our buttons carry their text inside.)
const READABLE_ATTRIBUTES = ['aria-label', 'alt', 'title', 'placeholder'];

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return templates(full);
    return entry.endsWith('.hbs') ? [full] : [];
  });
}

/** Letters left once comments, expressions and tags are taken out. */
function literalText(source: string): string[] {
  const withoutComments = source.replace(/{{!--[\s\S]*?--}}|{{![\s\S]*?}}/g, '');
  const withoutExpressions = withoutComments.replace(/{{{?[\s\S]*?}?}}/g, ' ');
  const found: string[] = [];
  // Readable attributes must hold expressions only.
  for (const match of withoutExpressions.matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
    if (READABLE_ATTRIBUTES.includes(match[1]!) && /\p{L}/u.test(match[2]!))
      found.push(`${match[1]}="${match[2]}"`);
  }
  const text = withoutExpressions.replace(/<[^>]*>/g, ' ');
  for (const run of text.split(/\s+/)) if (/\p{L}/u.test(run)) found.push(run);
  return found;
}

const files = templates(VIEWS);

it('finds the templates', () => {
  expect(files.length).toBeGreaterThan(5);
});

it.each(files.map((file) => [path.relative(VIEWS, file), file]))(
  '%s has no literal text',
  (_name, file) => {
    expect(literalText(readFileSync(file, 'utf8'))).toEqual([]);
  },
);

it('would catch literal text (the check itself works)', () => {
  expect(literalText('<p>Bonjour {{name}}</p><a aria-label="Fermer" href="{{x}}">×</a>')).toEqual([
    'aria-label="Fermer"',
    'Bonjour',
  ]);
  expect(literalText('{{!-- a comment --}}<p>{{t "a.b"}}: ({{count}})</p>')).toEqual([]);
});
