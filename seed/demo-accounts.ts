// Demo accounts (never in production, see main.ts): a coordinator, a front-desk staff member and
// an editor for each of three organisations, one of them trusted. Idempotent: an account that
// exists is left as it is (its password may have been changed).
import type { Models } from '../server/models';
import { hashPassword } from '../server/auth/passwords';

export const DEMO_ACCOUNTS = [
  { email: 'coordinator@onestop.example', name: 'Coordination', role: 'coordinator' },
  { email: 'staff@onestop.example', name: 'Accueil', role: 'staff' },
  // A language school whose changes are reviewed before they go public.
  {
    email: 'editor@babel-langues.example',
    name: 'Babel Langues',
    role: 'editor',
    organisation: 'babel-langues',
  },
  // A trusted organisation: its edits publish directly.
  {
    email: 'editor@maison-carrefour.example',
    name: 'Maison Carrefour',
    role: 'editor',
    organisation: 'maison-carrefour',
    trusted: true,
  },
  {
    email: 'editor@passerelles-interpretes.example',
    name: 'Passerelles',
    role: 'editor',
    organisation: 'passerelles-interpretes',
  },
  // A community translator (issue #16) for Tigrinya and Arabic whose saves publish at once.
  {
    email: 'translator@onestop.example',
    name: 'Volunteer translator',
    role: 'translator',
    languages: ['ti', 'ar'],
  },
] as const;

export async function seedDemoAccounts(
  models: Models,
  options: { password: string },
): Promise<number> {
  const existing = new Set((await models.User.find({}, { email: 1 }).lean()).map((u) => u.email));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.email));
  if (missing.length === 0) return 0;
  const passwordHash = await hashPassword(options.password);
  for (const account of missing) {
    const organisation =
      'organisation' in account
        ? await models.Organisation.findOne({ slug: account.organisation })
        : null;
    if ('organisation' in account && !organisation) continue; // demo directory not loaded
    if (organisation && 'trusted' in account && account.trusted) {
      await models.Organisation.updateOne({ _id: organisation._id }, { $set: { trusted: true } });
    }
    await models.User.create({
      email: account.email,
      name: account.name,
      role: account.role,
      organisation: organisation?._id,
      ...('languages' in account
        ? { languages: [...account.languages], translatorTrusted: true }
        : {}),
      passwordHash,
      active: true,
    });
  }
  return missing.length;
}
