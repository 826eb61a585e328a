// Translatable text is stored per language as a map { fr: '…', en: '…' } (HSDS keeps one language
// per record; a map keeps one record per service, which FerretDB handles without nested arrays).
// The local language is required; readers fall back to it.
import { Schema } from 'mongoose';
import { CLOCK_TIME, DAYS, LANGUAGE_CODE } from './vocabulary';

export type TranslatedText = Map<string, string>;
export type TranslatedList = Map<string, string[]>;

function validKeys(value: Map<string, unknown> | undefined): boolean {
  if (!value) return true;
  return [...value.keys()].every((key) => LANGUAGE_CODE.test(key));
}

/** A translated text field; `required` means the given language must be present and non-empty. */
export function translatedText(options: { requiredLanguage?: string; maxLength?: number } = {}) {
  const { requiredLanguage, maxLength = 5000 } = options;
  return {
    type: Map,
    of: { type: String, trim: true, maxlength: maxLength },
    default: undefined,
    validate: [
      { validator: validKeys, message: 'translation keys must be language codes' },
      {
        validator: (value: TranslatedText | undefined) =>
          !requiredLanguage || Boolean(value?.get(requiredLanguage)?.trim()),
        message: `text in ${requiredLanguage} is required`,
      },
    ],
  };
}

export function translatedList() {
  return {
    type: Map,
    of: [{ type: String, trim: true, maxlength: 300 }],
    default: undefined,
    validate: { validator: validKeys, message: 'translation keys must be language codes' },
  };
}

/** Reusable sub-schema for opening hours and weekly schedules. */
export const weeklySlotSchema = new Schema(
  {
    day: { type: String, enum: DAYS, required: true },
    opens: { type: String, match: CLOCK_TIME, required: true },
    closes: { type: String, match: CLOCK_TIME, required: true },
  },
  { _id: false },
);
weeklySlotSchema.path('closes').validate(function (this: { opens: string }, closes: string) {
  return closes > this.opens;
}, 'closing time must be after opening time');
