// Cost as newcomers ask about it: free, a fixed fee, a sliding scale, or free for some groups.
import { Schema } from 'mongoose';
import { translatedText } from './translated-text';
import { COST_TYPES } from './vocabulary';

export function buildCostSchema() {
  const schema = new Schema(
    {
      type: { type: String, enum: COST_TYPES, required: true, default: 'free' },
      amount: { type: Number, min: 0, max: 100000 },
      currency: { type: String, match: /^[A-Z]{3}$/ },
      note: translatedText({ maxLength: 300 }),
    },
    { _id: false },
  );
  schema.pre('validate', function () {
    // A fee needs its amount; "free" must not carry one (it would show as a price).
    if ((this.type === 'fixed' || this.type === 'free-for-some') && this.amount == null) {
      this.invalidate('amount', 'an amount is required for this cost type');
    }
    if (this.type === 'free' && this.amount != null && this.amount > 0) {
      this.invalidate('amount', 'a free service has no amount');
    }
  });
  return schema;
}
