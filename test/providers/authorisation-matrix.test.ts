// Every write route × {anonymous, editor of the organisation, editor of another organisation,
// centre staff, coordinator}: allowed requests succeed (and, for a few, the write is checked),
// denied ones answer 302 to the sign-in page (anonymous) or 403, and leave the database exactly
// as it was. The front desk's referral routes are staff-only: their basket lives in the session
// and a sheet makes a ReferralShare, so both are part of what must not change.
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { Model } from 'mongoose';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, postForm, signIn, tokenFor } from '../support/signed-in';

let t: TestApp;
/** Three published services, for the referral basket. */
let slugs: [string, string, string];
const agents = new Map<string, Agent>();
// The translator (issue #16) writes Tigrinya and Arabic texts only (here, with fr,en,ar: Arabic).
const ACTORS = [
  'anonymous',
  'editor',
  'otherEditor',
  'staff',
  'coordinator',
  'translator',
] as const;
type ActorName = (typeof ACTORS)[number];

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  const anonymous = request.agent(t.app);
  await anonymous.get('/fr/login');
  agents.set('anonymous', anonymous);
  agents.set('editor', await signIn(t.app, DEMO.editor));
  agents.set('otherEditor', await signIn(t.app, DEMO.otherEditor));
  agents.set('staff', await signIn(t.app, DEMO.staff));
  agents.set('coordinator', await signIn(t.app, DEMO.coordinator));
  agents.set('translator', await signIn(t.app, 'translator@onestop.example'));
  const published = await t.models.Service.find({ status: 'published' }).sort({ slug: 1 }).lean();
  slugs = published.slice(0, 3).map((s) => s.slug) as [string, string, string];
  // The fingerprint's counts are only as good as recordCount: they must be exact.
  for (const collection of COUNTED) {
    const exact = await t.connection.db!.collection(collection).countDocuments();
    const counted = await recordCount(collection);
    if (counted !== exact)
      throw new Error(`$collStats counts ${counted} ${collection}, not ${exact}`);
  }
}, 120_000);
afterAll(async () => t?.close());

const babel = async () => (await t.models.Organisation.findOne({ slug: 'babel-langues' }).lean())!;

/**
 * Babel's language course, found once: every case works on a copy of it (babelService), never
 * on it. Found by organisation and category, it is a read of every service on FerretDB v1; by
 * its _id, one indexed lookup.
 */
let babelCourseId: Promise<unknown> | undefined;
const findBabelCourseId = async () =>
  (await t.models.Service.findOne(
    { organisation: (await babel())._id, category: 'language-course' },
    { _id: 1 },
  ).lean())!._id;

async function babelService(status = 'published') {
  const id = await (babelCourseId ??= findBabelCourseId());
  const source = (await t.models.Service.findById(id).lean())!;
  // A copy gets its own HSDS uuid (unique), not the source's.
  const { _id, slug, uuid, createdAt, updatedAt, ...rest } = source as unknown as Record<
    string,
    unknown
  >;
  void uuid;
  void _id;
  void createdAt;
  void updatedAt;
  const Service = t.models.Service as unknown as Model<Record<string, unknown>>;
  return Service.create({
    ...rest,
    slug: `${String(slug)}-m${Math.random().toString(36).slice(2, 8)}`,
    status,
  });
}

async function babelSession(status = 'published') {
  const service = await babelService();
  const CourseSession = t.models.CourseSession as unknown as Model<Record<string, unknown>>;
  return CourseSession.create({
    service: service._id,
    key: `m-${Math.random().toString(36).slice(2, 10)}`,
    targetLanguage: 'fr',
    level: 'A2',
    startDate: new Date('2027-01-11'),
    endDate: new Date('2027-03-29'),
    days: ['tue', 'thu'],
    startTime: '18:00',
    endTime: '20:00',
    capacity: 12,
    seatsLeft: 5,
    cost: { type: 'free' },
    status,
  });
}

const serviceBody = {
  category: 'language-course',
  name_fr: 'Cours de la matrice',
  summary_fr: 'Résumé',
  description_fr: 'Description',
  languages: 'fr',
  costType: 'free',
  accessModes: 'walk-in',
  delivery: 'in-person',
  intent: 'submit',
};
const sessionBody = {
  level: 'B1',
  startDate: '2027-04-05',
  endDate: '2027-06-28',
  days: ['mon', 'wed'],
  startTime: '09:00',
  endTime: '11:00',
  capacity: '15',
  seatsLeft: '15',
  registrationOpen: '1',
  costType: 'free',
};
const locationBody = {
  name: 'Salle matrice',
  street: 'Rue du Test 1',
  postcode: '1004',
  city: 'Lausanne',
};

interface Target {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>;
  id: unknown;
}
interface Case {
  path: string;
  body: Record<string, unknown>;
  targets: Target[];
  method?: 'get' | 'post';
  /** Who asks, when not the shared agent of the actor (a fresh basket for staff). */
  agent?: Agent;
  /** The status when allowed, when not one of 200, 201, 303. */
  status?: number;
  /** When allowed: checks that the write really happened. */
  verify?: (response: request.Response) => Promise<void>;
}
type Route = {
  name: string;
  area: 'provider' | 'admin' | 'referrals' | 'translate' | 'translate-en';
  setup: (actor: ActorName) => Promise<Case>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const M = () => t.models as unknown as Record<string, Model<any>>;

const ROUTES: Route[] = [
  {
    name: 'create service',
    area: 'provider',
    setup: async () => ({
      path: `/fr/provider/organisations/${(await babel())._id}/services`,
      body: serviceBody,
      targets: [],
    }),
  },
  ...(['', '/archive', '/verify'] as const).map((suffix) => ({
    name: `service ${suffix || 'edit'}`,
    area: 'provider' as const,
    setup: async () => {
      const s = await babelService();
      return {
        path: `/fr/provider/services/${s._id}${suffix}`,
        body: serviceBody,
        targets: [{ model: M().Service!, id: s._id }],
      };
    },
  })),
  {
    name: 'create session',
    area: 'provider',
    setup: async () => {
      const s = await babelService();
      return {
        path: `/fr/provider/services/${s._id}/sessions`,
        body: sessionBody,
        targets: [{ model: M().Service!, id: s._id }],
      };
    },
  },
  ...(
    [
      ['', sessionBody],
      ['/seats', { seatsLeft: '3' }],
      ['/close', {}],
    ] as const
  ).map(([suffix, body]) => ({
    name: `session ${suffix || 'edit'}`,
    area: 'provider' as const,
    setup: async () => {
      const s = await babelSession();
      return {
        path: `/fr/provider/sessions/${s._id}${suffix}`,
        body,
        targets: [{ model: M().CourseSession!, id: s._id }],
        verify: async () => {
          const after = (await t.models.CourseSession.findById(s._id).lean())!;
          if (suffix === '/seats') expect(after.seatsLeft).toBe(3);
          if (suffix === '/close') expect(after.registrationOpen).toBe(false);
        },
      };
    },
  })),
  {
    name: 'edit organisation',
    area: 'provider',
    setup: async () => {
      const org = await babel();
      return {
        path: `/fr/provider/organisations/${org._id}/edit`,
        body: { name: org.name, description_fr: 'Présentation modifiée' },
        targets: [{ model: M().Organisation!, id: org._id }],
      };
    },
  },
  {
    name: 'create location',
    area: 'provider',
    setup: async () => {
      const org = (await babel())._id;
      const named = () =>
        t.models.Location.countDocuments({ organisation: org, name: 'Salle matrice' });
      const before = await named();
      return {
        path: `/fr/provider/organisations/${org}/locations`,
        body: locationBody,
        targets: [],
        verify: async () => expect(await named()).toBe(before + 1),
      };
    },
  },
  {
    name: 'edit location',
    area: 'provider',
    setup: async () => {
      const l = (await t.models.Location.findOne({ organisation: (await babel())._id }).lean())!;
      return {
        path: `/fr/provider/locations/${l._id}`,
        body: { ...locationBody, name: l.name },
        targets: [{ model: M().Location!, id: l._id }],
      };
    },
  },
  {
    name: 'approve',
    area: 'admin',
    setup: async () => {
      const s = await babelService('pending');
      return {
        path: `/fr/admin/reviews/service/${s._id}/approve`,
        body: {},
        targets: [{ model: M().Service!, id: s._id }],
        verify: async () =>
          expect((await t.models.Service.findById(s._id).lean())!.status).toBe('published'),
      };
    },
  },
  {
    name: 'return',
    area: 'admin',
    setup: async () => {
      const s = await babelSession('pending');
      return {
        path: `/fr/admin/reviews/session/${s._id}/return`,
        body: { comment: 'Non' },
        targets: [{ model: M().CourseSession!, id: s._id }],
      };
    },
  },
  {
    name: 'create organisation',
    area: 'admin',
    setup: async () => ({
      path: '/fr/admin/organisations',
      body: {
        name: 'Org matrice',
        slug: `org-${Math.random().toString(36).slice(2, 8)}`,
        description: 'Texte',
      },
      targets: [],
    }),
  },
  {
    name: 'organisation flags',
    area: 'admin',
    setup: async () => {
      const org = await babel();
      return {
        path: `/fr/admin/organisations/${org._id}/flags`,
        body: { verified: '1' },
        targets: [{ model: M().Organisation!, id: org._id }],
      };
    },
  },
  {
    name: 'translation into an assigned language (ar)',
    area: 'translate',
    setup: async () => {
      const s = await babelService();
      return {
        path: `/fr/translate/service/${s._id}/ar`,
        body: { name: 'اسم للتجربة', costType: 'fixed', costAmount: '50', status: 'archived' },
        targets: [{ model: M().Service!, id: s._id }],
        verify: async () => {
          const after = (await t.models.Service.findById(s._id).lean()) as unknown as {
            name: Record<string, string>;
            status: string;
            cost: { type: string };
          };
          expect(after.name.ar).toBe('اسم للتجربة');
          // Only texts: the other fields sent are not written.
          expect(after.status).toBe('published');
          expect(after.cost.type).toBe((s.get('cost') as { type: string }).type);
        },
      };
    },
  },
  {
    name: 'translation into a language not assigned (en)',
    area: 'translate-en',
    setup: async () => {
      const s = await babelService();
      return {
        path: `/fr/translate/service/${s._id}/en`,
        body: { name: 'Matrix name' },
        targets: [{ model: M().Service!, id: s._id }],
      };
    },
  },
  {
    name: 'need words in an assigned language (ar)',
    area: 'translate',
    setup: async () => {
      const need = (await M().Need!.findOne({ mergedInto: null }).lean())!;
      return {
        path: `/fr/translate/need/${need._id}/ar`,
        body: { terms: 'كلمة للتجربة', category: 'money-debt', slug: 'detourne', parent: 'x' },
        targets: [{ model: M().Need!, id: need._id }],
        verify: async () => {
          const after = await t.models.Need.findById(need._id).lean<{
            terms: Record<string, string[]>;
            slug: string;
            category: string;
            parent: string | null;
          }>();
          expect(after?.terms.ar).toEqual(['كلمة للتجربة']);
          // Only texts: the need's place in the vocabulary stays as it was.
          expect(after).toMatchObject({
            slug: need.slug,
            category: need.category,
            parent: need.parent,
          });
        },
      };
    },
  },
  {
    name: 'need words in a language not assigned (en)',
    area: 'translate-en',
    setup: async () => {
      const need = (await M().Need!.findOne({ mergedInto: null }).lean())!;
      return {
        path: `/fr/translate/need/${need._id}/en`,
        body: { name: 'Matrix need', terms: 'matrix' },
        targets: [{ model: M().Need!, id: need._id }],
      };
    },
  },
  {
    name: 'translation review',
    area: 'admin',
    setup: async () => {
      const s = await babelService();
      const user = (await t.models.User.findOne({ email: 'translator@onestop.example' }).lean())!;
      const proposal = await M().PendingTranslation!.create({
        kind: 'service',
        subject: s._id,
        lang: 'ar',
        texts: { name: 'اسم للاختبار' },
        user: user._id,
        userEmail: user.email,
        at: new Date(),
      });
      return {
        path: `/fr/admin/translations/${proposal._id}/approve`,
        body: {},
        targets: [{ model: M().Service!, id: s._id }],
      };
    },
  },
  {
    name: 'translator publishes at once or not',
    area: 'admin',
    setup: async () => {
      const user = (await t.models.User.findOne({ email: 'translator@onestop.example' }).lean())!;
      return {
        path: `/fr/admin/translators/${user._id}`,
        // Keeps the demo translator trusted: the other cases count on it.
        body: { translatorTrusted: '1' },
        targets: [{ model: M().User!, id: user._id }],
      };
    },
  },
  {
    name: 'invite user',
    area: 'admin',
    setup: async () => {
      const email = `x${Math.random().toString(36).slice(2, 8)}@example.org`;
      return {
        path: '/fr/admin/users',
        body: { email, role: 'staff' },
        targets: [],
        verify: async () =>
          expect((await t.models.User.findOne({ email }).lean())?.role).toBe('staff'),
      };
    },
  },
  ...(['reset', 'active'] as const).map((suffix) => ({
    name: `user ${suffix}`,
    area: 'admin' as const,
    setup: async () => {
      const u = (await t.models.User.findOne({ email: DEMO.otherEditor }).lean())!;
      return {
        path: `/fr/admin/users/${u._id}/${suffix}`,
        body: { active: '1' },
        targets: [{ model: M().User!, id: u._id }],
      };
    },
  })),
  {
    name: 'edit category',
    area: 'admin',
    setup: async () => {
      const c = (await t.models.Category.findOne({ slug: 'housing' }).lean())!;
      return {
        path: '/fr/admin/categories/housing',
        body: { name_fr: 'Logement', name_en: 'Housing (edited)' },
        targets: [{ model: M().Category!, id: c._id }],
      };
    },
  },
  ...referralRoutes(),
];

const mayRefer = (actor: ActorName) => actor === 'staff' || actor === 'coordinator';

/**
 * A fresh session for staff (so that each case starts from a basket of its own) with these
 * services in the basket; the shared agent for everyone else, who cannot have one.
 */
async function referrer(actor: ActorName, items: string[]): Promise<Agent | undefined> {
  if (!mayRefer(actor)) return undefined;
  const agent = await signIn(t.app, DEMO[actor as 'staff' | 'coordinator']);
  for (const slug of items) {
    expect((await postForm(agent, '/fr/referrals/items', { slug })).status).toBe(303);
  }
  return agent;
}

/** The basket as its page shows it: the services in order. */
async function basketOf(agent: Agent): Promise<string[]> {
  const page = await agent.get('/fr/referrals').expect(200);
  return [...page.text.matchAll(/\/referrals\/items\/([a-z0-9-]+)\/remove/g)].map((m) => m[1]!);
}

function referralRoutes(): Route[] {
  const shares = () => t.models.ReferralShare.countDocuments();
  return [
    {
      name: 'add to referral',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, []);
        return {
          path: '/fr/referrals/items',
          body: { slug: slugs[0] },
          targets: [],
          agent,
          verify: async () => {
            expect(await basketOf(agent!)).toEqual([slugs[0]]);
            // Kept in the session store, which is what the check on denied requests compares.
            expect(JSON.stringify(await baskets())).toContain(`{"items":[{"slug":"${slugs[0]}"}]}`);
          },
        };
      },
    },
    {
      name: 'remove from referral',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, [slugs[0], slugs[1]]);
        return {
          path: `/fr/referrals/items/${slugs[0]}/remove`,
          body: {},
          targets: [],
          agent,
          verify: async () => expect(await basketOf(agent!)).toEqual([slugs[1]]),
        };
      },
    },
    {
      name: 'move in referral',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, [slugs[0], slugs[1]]);
        return {
          path: `/fr/referrals/items/${slugs[1]}/move`,
          body: { direction: 'up' },
          targets: [],
          agent,
          verify: async () => expect(await basketOf(agent!)).toEqual([slugs[1], slugs[0]]),
        };
      },
    },
    {
      name: 'save referral',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, [slugs[0]]);
        return {
          path: '/fr/referrals',
          body: { clientLanguage: 'ar', [`note_${slugs[0]}`]: 'Demandez Samira', action: 'sheet' },
          targets: [],
          agent,
          verify: async () => {
            const page = (await agent!.get('/fr/referrals').expect(200)).text;
            expect(page).toContain('value="Demandez Samira"');
            expect(page).toMatch(/<option value="ar" lang="ar" selected>/);
          },
        };
      },
    },
    {
      name: 'referral sheet (makes its share link)',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, [slugs[0], slugs[2]]);
        const before = await shares();
        return {
          method: 'get',
          path: '/fr/referrals/sheet',
          body: {},
          targets: [],
          agent,
          verify: async (response) => {
            expect(response.text.match(/class="sheet-service"/g)).toHaveLength(2);
            expect(await shares()).toBe(before + 1);
          },
        };
      },
    },
    {
      name: 'referral PDF',
      area: 'referrals',
      setup: async (actor) => {
        const agent = await referrer(actor, [slugs[0]]);
        // Printed by Chromium where it is installed; elsewhere the translated 503.
        const printed = existsSync(t.config.chromiumPath);
        return {
          method: 'get',
          path: '/fr/referrals/sheet.pdf',
          body: {},
          targets: [],
          agent,
          status: printed ? 200 : 503,
          verify: async (response) => {
            if (printed) expect(response.headers['content-type']).toBe('application/pdf');
          },
        };
      },
    },
  ];
}

const COUNTED = [
  'services',
  'coursesessions',
  'organisations',
  'locations',
  'users',
  'categories',
  'needs',
  'auditentries',
  'accounttokens',
  'searchoutboxes',
  'referralshares',
  'sessions',
  'pendingtranslations',
];

/** What each session holds for the front desk: its referral basket and share link. */
async function baskets() {
  const sessions = await t.connection.db!.collection('sessions').find({}).toArray();
  return sessions
    .map((doc) => {
      const data = (typeof doc.session === 'string' ? JSON.parse(doc.session) : doc.session) as {
        referral?: unknown;
        referralShare?: unknown;
      };
      return [String(doc._id), data.referral ?? null, data.referralShare ?? null];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

/**
 * How many records a collection holds, as FerretDB counts them for the `$collStats` stage: from
 * SQLite's page figures (dbstat's leaf cells), without reading the records. countDocuments() on
 * FerretDB v1 reads and decodes every record (a tenth of a second or more for the services), and
 * the collStats command runs SQLite's ANALYZE first, which evaluates every index expression on
 * every row: the fingerprint counts 13 collections twice per case, and ANALYZE made up a quarter
 * of this file's database time. beforeAll checks that the figure equals countDocuments() on this
 * database; checked by hand as well after inserts and deletes of records large enough to
 * overflow a page.
 */
async function recordCount(collection: string): Promise<number> {
  const [stats] = await t.connection
    .db!.collection(collection)
    .aggregate<{ count: number }>([{ $collStats: { count: {} } }])
    .toArray()
    // A collection nothing has written to yet does not exist: "ns not found".
    .catch((error: unknown) => {
      if ((error as { code?: number }).code === 26) return [{ count: 0 }];
      throw error;
    });
  return Number(stats?.count);
}

/** Counts of every collection a write could touch, the full documents it targets, the baskets. */
async function fingerprint(targets: Target[]) {
  const counts = await Promise.all(COUNTED.map(recordCount));
  const docs = await Promise.all(targets.map((x) => x.model.findById(x.id).lean()));
  return JSON.stringify({ counts, docs, baskets: await baskets() });
}

const allowed = (actor: ActorName, route: Route) => {
  if (route.area === 'referrals') return mayRefer(actor);
  if (route.area === 'translate') return actor === 'translator' || actor === 'coordinator';
  if (route.area === 'translate-en') return actor === 'coordinator';
  return route.area === 'admin'
    ? actor === 'coordinator'
    : actor === 'editor' || actor === 'coordinator';
};

describe.each(ROUTES.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  it.each(ACTORS.map((a) => [a]))('as %s', async (actor) => {
    const c = await route.setup(actor);
    const agent = c.agent ?? agents.get(actor)!;
    const denied = !allowed(actor, route);
    // Compared only when the request is denied (an allowed one changes the database).
    const before = denied ? await fingerprint(c.targets) : undefined;
    let response: request.Response;
    if (c.method === 'get') {
      response = await agent.get(c.path);
    } else {
      const _csrf =
        actor === 'anonymous'
          ? csrfFrom((await agent.get('/fr/login')).text)
          : await tokenFor(agent);
      response = await agent
        .post(c.path)
        .type('form')
        .send({ ...c.body, _csrf });
    }
    if (!denied) {
      if (c.status) expect(response.status).toBe(c.status);
      else expect([200, 201, 303]).toContain(response.status);
      await c.verify?.(response);
      return;
    }
    if (actor === 'anonymous') {
      expect(response.status).toBe(302);
      // A page asked for is returned to after signing in; a form post is not replayed.
      expect(response.headers.location).toBe(
        c.method === 'get' ? `/fr/login?next=${encodeURIComponent(c.path)}` : '/fr/login',
      );
    } else {
      expect(response.status).toBe(403);
    }
    expect(await fingerprint(c.targets)).toBe(before);
  });
});

it('lets no one read another organisation’s dashboard, forms or history', async () => {
  const org = await babel();
  const service = await babelService();
  for (const path of [
    `/fr/provider/organisations/${org._id}`,
    `/fr/provider/services/${service._id}/edit`,
    `/fr/provider/services/${service._id}/history`,
  ]) {
    expect((await agents.get('otherEditor')!.get(path)).status).toBe(403);
    expect((await agents.get('staff')!.get(path)).status).toBe(403);
    expect((await agents.get('editor')!.get(path)).status).toBe(200);
    expect((await agents.get('coordinator')!.get(path)).status).toBe(200);
  }
  expect((await agents.get('editor')!.get('/fr/admin/reviews')).status).toBe(403);
});

it('answers 404 for malformed ids in URLs', async () => {
  const response = await agents.get('editor')!.get('/fr/provider/services/not-an-id/edit');
  expect(response.status).toBe(404);
});
