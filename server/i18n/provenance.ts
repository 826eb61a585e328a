// Provenance readers can see (issue #16): who translated a record's texts into the reader's
// language and when, whether the local text changed since, and which texts are not translated
// yet (shown in the local language). Pure functions over stored records, shared by the public
// service page, the referral sheet and share page (through the service page) and the queue.
import type { TFunction } from 'i18next';
import { formatDate, formatList, languageName } from './formatters';
import type { TranslationMark } from '../models/translation-marks';

type MapLike<T> = Map<string, T> | Record<string, T | undefined> | undefined | null;

export function read<T>(map: MapLike<T>, key: string): T | undefined {
  if (!map) return undefined;
  return map instanceof Map ? map.get(key) : map[key];
}

const time = (value: Date | string | undefined | null) =>
  value ? new Date(value).getTime() : undefined;

export interface TranslatableRecord {
  textUpdatedAt?: MapLike<Date | string>;
  translations?: MapLike<TranslationMark>;
}

export interface TranslationState {
  mark?: TranslationMark;
  /** When the language's texts were written (the mark's date, else the last change). */
  writtenAt?: Date;
  /** The local text changed after this language's texts were written. */
  outdated: boolean;
}

export function translationState(
  record: TranslatableRecord,
  lang: string,
  localLanguage: string,
): TranslationState {
  const mark = read(record.translations, lang);
  const written = mark?.at ?? read(record.textUpdatedAt, lang);
  const localAt = time(read(record.textUpdatedAt, localLanguage));
  const writtenAt = time(written);
  const outdated =
    lang !== localLanguage &&
    localAt !== undefined &&
    writtenAt !== undefined &&
    localAt > writtenAt;
  return { mark, writtenAt: written ? new Date(written) : undefined, outdated };
}

/** A line or two in plain words; `notTranslated` names the texts shown in the local language. */
export function provenanceLines(
  state: TranslationState,
  notTranslated: string[],
  ctx: { lang: string; localLanguage: string; t: TFunction },
): string[] {
  if (ctx.lang === ctx.localLanguage) return [];
  const lines: string[] = [];
  const local = languageName(ctx.localLanguage, ctx.lang);
  if (state.mark) {
    lines.push(
      ctx.t(`provenance.by.${state.mark.by}`, { date: formatDate(state.mark.at, ctx.lang) }),
    );
  }
  if (state.outdated) lines.push(ctx.t('provenance.outdated', { language: local }));
  if (notTranslated.length > 0) {
    lines.push(
      ctx.t('provenance.notYet', {
        language: local,
        texts: formatList(notTranslated, ctx.lang),
      }),
    );
  }
  return lines;
}

/**
 * The service page's provenance: one line per fact, in the reader's language. `texts` are the
 * texts the page shows (with whether each fell back to the local language) and their labels.
 */
export function serviceProvenance(
  service: TranslatableRecord,
  texts: { label: string; picked: { fellBack: boolean; text?: string; items?: string[] } }[],
  ctx: { lang: string; localLanguage: string; t: TFunction },
) {
  const state = translationState(service, ctx.lang, ctx.localLanguage);
  const notTranslated = texts.filter((x) => x.picked.fellBack).map((x) => x.label);
  const lines = provenanceLines(state, notTranslated, ctx);
  return { lines, outdated: state.outdated, notTranslated };
}
