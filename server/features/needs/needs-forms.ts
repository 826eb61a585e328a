// The coordinator's need form: category, parent, and per language a name and the search terms
// (a textarea, one term per line). zod picks only these fields.
import { z } from 'zod';
import type { FormValues } from '../../forms/form-fields';
import { choice, optionalText, requiredText, single } from '../../forms/form-schemas';
import { cleanTerms, termsFit } from '../../models/need';
import { CATEGORY_SLUGS, SLUG } from '../../models/vocabulary';
import type { NeedView } from '../../view-models/needs-view-models';
import type { NeedInput } from './needs-service';

const linesOf = (text: string | undefined) => cleanTerms((text ?? '').split('\n'));

export function needFormSchema(languages: readonly string[], localLanguage: string) {
  const texts: Record<string, z.ZodType> = {};
  for (const lng of languages) {
    texts[`name_${lng}`] = lng === localLanguage ? requiredText(120) : optionalText(120);
    texts[`terms_${lng}`] = optionalText(20_000, { multiline: true }).refine(termsFit, 'tooLong');
  }
  return z
    .object({
      category: choice(CATEGORY_SLUGS),
      parent: z.preprocess(
        (v) => (v === '' || v === undefined ? null : single(v)),
        z.string().regex(SLUG, 'chooseOne').max(80, 'chooseOne').nullable(),
      ),
      ...texts,
    })
    .transform((v): NeedInput => {
      const all = v as Record<string, unknown>;
      const name: Record<string, string> = {};
      const terms: Record<string, string[]> = {};
      for (const lng of languages) {
        const n = all[`name_${lng}`];
        if (typeof n === 'string' && n) name[lng] = n;
        const t = linesOf(all[`terms_${lng}`] as string | undefined);
        if (t.length) terms[lng] = t;
      }
      return { category: v.category, parent: v.parent, name, terms };
    });
}

export const mergeFormSchema = z.object({
  target: z.preprocess(single, z.string({ error: 'chooseOne' }).regex(SLUG, 'chooseOne')),
});

export function needFormValues(need: Partial<NeedView>, languages: readonly string[]) {
  const values: FormValues = { category: need.category ?? '', parent: need.parent ?? '' };
  for (const lng of languages) {
    values[`name_${lng}`] = need.name?.[lng] ?? '';
    values[`terms_${lng}`] = (need.terms?.[lng] ?? []).join('\n');
  }
  return values;
}
