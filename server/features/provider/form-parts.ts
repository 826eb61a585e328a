// Pieces the provider forms share: the cost fields and their rule, translated text fields
// gathered from `key_lng` inputs, and how flags and numbers show in a form.
import type { z } from 'zod';
import type { CostInput } from '../../models/editable-records';
import { COST_TYPES } from '../../models/vocabulary';
import { choice, optionalNumber } from '../../forms/form-schemas';

export function costFields() {
  return {
    costType: choice(COST_TYPES),
    costAmount: optionalNumber(0, 100_000),
  };
}

export function checkCost(
  v: { costType: string; costAmount?: number },
  ctx: z.RefinementCtx,
): void {
  if ((v.costType === 'fixed' || v.costType === 'free-for-some') && v.costAmount == null) {
    ctx.addIssue({ code: 'custom', path: ['costAmount'], message: 'amountNeeded' });
  }
}

export const costOf = (
  v: { costType: CostInput['type']; costAmount?: number },
  currency: string,
) =>
  v.costType === 'free' || v.costAmount == null
    ? { type: v.costType }
    : { type: v.costType, amount: v.costAmount, currency };

export const pickTexts = (v: Record<string, unknown>, key: string, languages: readonly string[]) =>
  Object.fromEntries(
    languages.flatMap((lng) => {
      const text = v[`${key}_${lng}`];
      return typeof text === 'string' && text ? [[lng, text]] : [];
    }),
  );

export const flagValue = (b: boolean | undefined | null) => (b ? '1' : undefined);
export const numberValue = (n: number | undefined | null) => (n == null ? '' : String(n));
