// Expiry without TTL indexes: the interval job removes referral links past their date (with the
// staff's notes) and ended rate-limit windows, and keeps the rest.
import { sweepExpired } from '../../server/database/sweep-expired';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('removes expired referral links and rate-limit windows, and only those', async () => {
  const day = 86_400_000;
  const share = (id: string, expiresAt: Date) =>
    t.models.ReferralShare.create({
      _id: id,
      items: [{ slug: 'cours-de-francais', note: 'demander Samira' }],
      clientLanguage: 'ar',
      expiresAt,
    });
  await share('expired-link', new Date(Date.now() - day));
  await share('live-link', new Date(Date.now() + 29 * day));
  await t.models.RateLimitCounter.create([
    { _id: 'login:ended', hits: 3, resetAt: new Date(Date.now() - 1_000) },
    { _id: 'login:open', hits: 1, resetAt: new Date(Date.now() + 60_000) },
  ]);
  const stop = sweepExpired(
    [
      { model: t.models.RateLimitCounter as never, field: 'resetAt' },
      { model: t.models.ReferralShare as never, field: 'expiresAt' },
    ],
    50,
  );
  try {
    let left: string[] = [];
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = [
        ...(await t.models.ReferralShare.find({}, { _id: 1 }).lean()),
        ...(await t.models.RateLimitCounter.find({}, { _id: 1 }).lean()),
      ].map((d) => String(d._id));
      if (left.length === 2) break;
    }
    expect(left.sort()).toEqual(['live-link', 'login:open']);
  } finally {
    stop();
  }
});
