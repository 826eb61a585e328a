// Every write route × {anonymous, editor of the organisation, editor of another organisation,
// centre staff, coordinator}: allowed requests succeed, denied ones answer 302 to the sign-in
// page (anonymous) or 403, and leave the database exactly as it was.
import request from 'supertest';
import type { Model } from 'mongoose';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, signIn, tokenFor } from '../support/signed-in';

let t: TestApp;
const agents = new Map<string, Agent>();
const ACTORS = ['anonymous', 'editor', 'otherEditor', 'staff', 'coordinator'] as const;
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
});
afterAll(async () => t?.close());

const babel = async () => (await t.models.Organisation.findOne({ slug: 'babel-langues' }).lean())!;

async function babelService(status = 'published') {
  const org = await babel();
  const source = (await t.models.Service.findOne({
    organisation: org._id,
    category: 'language-course',
  }).lean())!;
  const { _id, slug, createdAt, updatedAt, ...rest } = source as unknown as Record<string, unknown>;
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
}
type Route = { name: string; area: 'provider' | 'admin'; setup: () => Promise<Case> };

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
    setup: async () => ({
      path: `/fr/provider/organisations/${(await babel())._id}/locations`,
      body: locationBody,
      targets: [],
    }),
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
    name: 'invite user',
    area: 'admin',
    setup: async () => ({
      path: '/fr/admin/users',
      body: { email: `x${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'staff' },
      targets: [],
    }),
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
];

const COUNTED = [
  'services',
  'coursesessions',
  'organisations',
  'locations',
  'users',
  'categories',
  'auditentries',
  'accounttokens',
  'searchoutboxes',
];

/** Counts of every collection a write could touch, and the full documents it targets. */
async function fingerprint(targets: Target[]) {
  const counts = await Promise.all(
    COUNTED.map((c) => t.connection.db!.collection(c).countDocuments()),
  );
  const docs = await Promise.all(targets.map((x) => x.model.findById(x.id).lean()));
  return JSON.stringify({ counts, docs });
}

const allowed = (actor: ActorName, route: Route) =>
  route.area === 'admin' ? actor === 'coordinator' : actor === 'editor' || actor === 'coordinator';

describe.each(ROUTES.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  it.each(ACTORS.map((a) => [a]))('as %s', async (actor) => {
    const agent = agents.get(actor)!;
    const c = await route.setup();
    const before = await fingerprint(c.targets);
    const _csrf =
      actor === 'anonymous' ? csrfFrom((await agent.get('/fr/login')).text) : await tokenFor(agent);
    const response = await agent
      .post(c.path)
      .type('form')
      .send({ ...c.body, _csrf });
    if (allowed(actor, route)) {
      expect([200, 201, 303]).toContain(response.status);
      return;
    }
    if (actor === 'anonymous') {
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('/fr/login');
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
