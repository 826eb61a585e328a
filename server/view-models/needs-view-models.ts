// View models of needs: the picker in the provider's service form (checkbox groups by category,
// labels in the reader's language) and the coordinator's list. Here, not in features/needs, because
// the provider's service form shows the picker too (no feature imports another).
import type { TFunction } from 'i18next';
import type { FormErrors, FormValues } from '../forms/form-fields';
import { pickTranslation } from '../i18n/pick-translation';
import type { CategorySlug } from '../models/vocabulary';
import { CATEGORY_SLUGS } from '../models/vocabulary';

/** A need of the vocabulary as the pages and the picker read it. */
export interface NeedView {
  id: string;
  slug: string;
  category: CategorySlug;
  parent: string | null;
  name: Record<string, string>;
  terms: Record<string, string[]>;
}

export interface NeedOptionView {
  id: string;
  value: string;
  label: string;
  /** The label's language when the reader's is missing (marked with a lang attribute). */
  lang?: string;
  checked: boolean;
  /** A sub-need, shown under its parent. */
  child: boolean;
}

export interface NeedGroupView {
  category: string;
  label: string;
  checkedCount: number;
  open: boolean;
  options: NeedOptionView[];
}

/** Needs in reading order: each top-level need followed by its sub-needs (any depth). */
export function inTreeOrder(needs: NeedView[]): { need: NeedView; depth: number }[] {
  const slugs = new Set(needs.map((n) => n.slug));
  const children = new Map<string | null, NeedView[]>();
  for (const need of needs) {
    const parent = need.parent && slugs.has(need.parent) ? need.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), need]);
  }
  const out: { need: NeedView; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const need of children.get(parent) ?? []) {
      out.push({ need, depth });
      if (depth < 10) visit(need.slug, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export function needLabel(need: NeedView, lang: string, localLanguage: string) {
  const picked = pickTranslation(need.name, lang, localLanguage);
  return { text: picked.text || need.slug, lang: picked.fellBack ? picked.lang : undefined };
}

/** The needs picker of the service form: one group per category, open when it has a choice. */
export function needPickerView(
  ctx: { t: TFunction; lang: string; localLanguage: string },
  needs: NeedView[],
  values: FormValues,
  errors: FormErrors,
) {
  const raw = values.needs;
  const chosen = new Set(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
  const groups: NeedGroupView[] = [];
  for (const category of CATEGORY_SLUGS) {
    const ofCategory = needs.filter((n) => n.category === category);
    if (ofCategory.length === 0) continue;
    const options = inTreeOrder(ofCategory).map(({ need, depth }) => {
      const label = needLabel(need, ctx.lang, ctx.localLanguage);
      return {
        id: `need-${need.slug}`,
        value: need.slug,
        label: label.text,
        lang: label.lang,
        checked: chosen.has(need.slug),
        child: depth > 0,
      };
    });
    const checkedCount = options.filter((o) => o.checked).length;
    groups.push({
      category,
      label: ctx.t(`categories:${category}.name`),
      checkedCount,
      open: checkedCount > 0,
      options,
    });
  }
  const code = errors.needs;
  const error = code ? ctx.t(`manage:fieldErrors.${code}`) : undefined;
  return {
    needGroups: groups,
    needsError: error,
    /** For the error summary at the top of the form. */
    needsSummary: error
      ? [{ href: '#field-needs', label: ctx.t('manage:needs.pickerLegend'), message: error }]
      : [],
  };
}
