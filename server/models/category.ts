// Category taxonomy. Names, descriptions and search keywords are translated so that a search in
// any interface language reaches every service of the category.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { translatedList, translatedText } from './translated-text';
import { CATEGORY_SLUGS } from './vocabulary';

export function buildCategorySchema(localLanguage: string) {
  return new Schema(
    {
      slug: { type: String, enum: CATEGORY_SLUGS, required: true, unique: true },
      name: translatedText({ requiredLanguage: localLanguage, maxLength: 120 }),
      description: translatedText({ maxLength: 500 }),
      keywords: translatedList(),
      order: { type: Number, required: true, min: 0 },
    },
    { timestamps: true },
  );
}

export type CategoryDoc = InferSchemaType<ReturnType<typeof buildCategorySchema>>;
