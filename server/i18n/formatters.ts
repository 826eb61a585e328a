// Locale-aware formatting through Intl, so every language gets its own digits, date order and
// language names without translating them by hand. Intl objects are costly to build (a search
// page would build hundreds), so each is made once per language and kept.
import type { Day } from '../models/vocabulary';
import { DAY_MS } from '../models/vocabulary';

function memoise<T>(make: (lang: string) => T): (lang: string) => T {
  const cache = new Map<string, T>();
  return (lang) => {
    let value = cache.get(lang);
    if (value === undefined) {
      value = make(lang);
      cache.set(lang, value);
    }
    return value;
  };
}

// 2024-01-01 was a Monday: offsets give each weekday's name.
const MONDAY = Date.UTC(2024, 0, 1, 12);
const DAY_OFFSET: Record<Day, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

const weekdayNames = memoise((lang) => {
  const format = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
  return Object.fromEntries(
    Object.entries(DAY_OFFSET).map(([day, offset]) => [
      day,
      format.format(new Date(MONDAY + offset * DAY_MS)),
    ]),
  ) as Record<Day, string>;
});
const dateFormat = memoise(
  (lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }),
);
const numberFormat = memoise((lang) => new Intl.NumberFormat(lang));
const moneyFormat = memoise((key) => {
  const [lang, currency] = key.split('|') as [string, string];
  return new Intl.NumberFormat(lang, { style: 'currency', currency });
});
const languageNames = memoise((lang) => {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' });
  } catch {
    return undefined;
  }
});
const listFormat = memoise((key) => {
  const [lang, type] = key.split('|') as [string, 'conjunction' | 'unit'];
  return new Intl.ListFormat(lang, { type, style: 'long' });
});

export function weekdayName(day: Day, lang: string): string {
  return weekdayNames(lang)[day];
}

export function formatDate(date: Date, lang: string): string {
  return dateFormat(lang).format(date);
}

const dateTimeFormat = memoise(
  (lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }),
);

/** Date and time, for the history of changes. */
export function formatDateTime(date: Date, lang: string): string {
  return dateTimeFormat(lang).format(date);
}

export function formatMoney(amount: number, currency: string, lang: string): string {
  return moneyFormat(`${lang}|${currency}`).format(amount);
}

export function formatNumber(value: number, lang: string): string {
  return numberFormat(lang).format(value);
}

export function formatList(
  items: readonly string[],
  lang: string,
  type: 'conjunction' | 'unit' = 'conjunction',
): string {
  return listFormat(`${lang}|${type}`).format(items);
}

const nameCache = new Map<string, string>();
export function languageName(code: string, displayLang: string): string {
  const key = `${code}|${displayLang}`;
  let name = nameCache.get(key);
  if (name === undefined) {
    try {
      name = languageNames(displayLang)?.of(code) ?? code;
    } catch {
      name = code;
    }
    nameCache.set(key, name);
  }
  return name;
}

/** A language's name in itself ("العربية", "Français"), for language switchers. */
export function nativeLanguageName(code: string): string {
  const name = languageName(code, code);
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** Whole days between two instants, never negative. */
export function daysBetween(earlier: Date, later: Date): number {
  return Math.max(0, Math.floor((later.getTime() - earlier.getTime()) / DAY_MS));
}
