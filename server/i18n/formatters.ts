// Locale-aware formatting through Intl, so every language gets its own digits, date order and
// language names without translating them by hand.
import type { Day } from '../models/vocabulary';

// 2024-01-01 was a Monday: offsets give each weekday's name.
const MONDAY = Date.UTC(2024, 0, 1, 12);
const DAY_OFFSET: Record<Day, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

export function weekdayName(day: Day, lang: string): string {
  const date = new Date(MONDAY + DAY_OFFSET[day] * 86_400_000);
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(date);
}

export function formatDate(date: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function formatMoney(amount: number, currency: string, lang: string): string {
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount);
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(value);
}

export function languageName(code: string, displayLang: string): string {
  try {
    return new Intl.DisplayNames([displayLang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language's name in itself ("العربية", "Français"), for language switchers. */
export function nativeLanguageName(code: string): string {
  const name = languageName(code, code);
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** Whole days between two instants, never negative. */
export function daysBetween(earlier: Date, later: Date): number {
  return Math.max(0, Math.floor((later.getTime() - earlier.getTime()) / 86_400_000));
}
