// HSDS import through the real app: a coordinator uploads a file (multipart, CSRF), reads the dry
// run, applies it; Mongoose on the embedded database checks what was written.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, signIn } from '../support/signed-in';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { ProfileKey } from '../../server/hsds/hsds-ids';
import {
  SESSION_COST_OPTION,
  TAXONOMIES,
  partId,
  profileTermId,
  sessionScheduleId,
} from '../../server/hsds/hsds-ids';
import { filesIn, zipFiles } from './zip-files';

const FIXTURES = path.join(__dirname, 'fixtures');
const JSON_FIXTURE = path.join(FIXTURES, 'directory.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hsds-import-test-'));

/** The report page's invalid rows, each as [file, line, field, message]. */
const invalidRows = (html: string) =>
  [
    ...html.matchAll(
      /<tr><td><bdi>([^<]+)<\/bdi><\/td><td><bdi>([^<]*)<\/bdi><\/td><td><code>([^<]+)<\/code><\/td><td>([^<]+)<\/td>/g,
    ),
  ].map((m) => [m[1], m[2], m[3], m[4]]);

let t: TestApp;
let coordinator: Agent;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  coordinator = await signIn(t.app, DEMO.coordinator);
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** The dry run of a file, as the coordinator sees it. */
async function upload(file: string, status: number, agent = coordinator) {
  const _csrf = csrfFrom((await agent.get('/fr/admin/import').expect(200)).text);
  const response = await agent.post('/fr/admin/import').field('_csrf', _csrf).attach('file', file);
  expect(response.status).toBe(status);
  return response;
}

async function apply(html: string, agent = coordinator) {
  const token = /name="token" value="([a-f0-9]{32})"/.exec(html)?.[1];
  if (!token) throw new Error('no Apply form on the report');
  const _csrf = csrfFrom((await agent.get('/fr/admin/import')).text);
  const response = await agent.post('/fr/admin/import/apply').type('form').send({ token, _csrf });
  expect(response.status).toBe(200);
  return response;
}

/** The counts table: kind label → [create, update, unchanged, conflict]. */
function counts(html: string): Record<string, number[]> {
  const rows = [
    ...html.matchAll(
      /<tr><th scope="row">([^<]+)<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><\/tr>/g,
    ),
  ];
  return Object.fromEntries(rows.map((r) => [r[1]!, r.slice(2, 6).map(Number)]));
}

async function snapshot() {
  const [o, l, s, n, c] = await Promise.all([
    t.models.Organisation.find().sort({ _id: 1 }).lean(),
    t.models.Location.find().sort({ _id: 1 }).lean(),
    t.models.Service.find().sort({ _id: 1 }).lean(),
    t.models.Need.find().sort({ _id: 1 }).lean(),
    t.models.CourseSession.find().sort({ _id: 1 }).lean(),
  ]);
  return JSON.stringify([o, l, s, n, c]);
}

describe('HSDS import', () => {
  test('only coordinators reach the page, and an upload without the CSRF token is refused', async () => {
    const staff = await signIn(t.app, DEMO.staff);
    await staff.get('/fr/admin/import').expect(403);
    const page = await coordinator.get('/fr/admin/import').expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('name="_csrf"');
    const before = await snapshot();
    await coordinator.post('/fr/admin/import').attach('file', JSON_FIXTURE).expect(403);
    expect(await snapshot()).toBe(before);
  });

  test('JSON: the dry run counts and writes nothing; applying creates pending records with their HSDS ids', async () => {
    const before = await snapshot();
    const dry = await upload(JSON_FIXTURE, 200);
    expect(counts(dry.text)).toEqual({
      Organisations: [1, 0, 0, 0],
      Lieux: [1, 0, 0, 0],
      Services: [2, 0, 0, 0],
      'Besoins (termes de taxonomie)': [1, 0, 0, 0],
      'Sessions de cours': [0, 0, 0, 0],
    });
    expect(await snapshot()).toBe(before);

    const done = await apply(dry.text);
    expect(done.text).toContain('Import appliqué');
    const shelter = await t.models.Service.findOne({
      uuid: 'ac148810-d857-441c-9679-408f346de14b',
    }).lean();
    expect(shelter).toMatchObject({
      status: 'pending',
      category: 'housing',
      needs: ['abri-de-nuit-importe'],
      languages: ['fr', 'ar'],
      cost: { type: 'fixed', amount: 5, currency: 'CHF' },
      importedFrom: { source: 'directory.json' },
    });
    expect(shelter!.name).toEqual({ fr: 'Abri de nuit du Flon' });
    const place = await t.models.Location.findOne({
      uuid: '3a19ff88-4620-4d17-9830-ac1d859eb5d5',
    }).lean();
    expect(place).toMatchObject({
      address: { street: "Place de l'Europe 3", postcode: '1003', city: 'Lausanne' },
      accessibility: { stepFree: true },
    });
    expect(place!.openingHours.map((h) => h.day)).toEqual(['mon', 'tue', 'wed']);
    expect(shelter!.locations.map(String)).toEqual([String(place!._id)]);
    const organisation = await t.models.Organisation.findOne({
      uuid: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610',
    }).lean();
    expect(String(shelter!.organisation)).toBe(String(organisation!._id));
    expect(
      await t.models.Need.findOne({ uuid: '3f7b145d-84af-42d7-8fae-eaca714b02b2' }).lean(),
    ).toMatchObject({
      slug: 'abri-de-nuit-importe',
      category: 'housing',
    });
    // Without a category term of ours, the legal service gets the documented default.
    expect(
      await t.models.Service.findOne({ uuid: 'b2d5c1a0-8e7f-4c3d-9b2a-1f0e9d8c7b6a' }).lean(),
    ).toMatchObject({
      category: 'information-orientation',
      access: { modes: ['appointment'] },
      delivery: ['phone'],
      cost: { type: 'free' },
      schedule: { weekly: [{ day: 'thu', opens: '14:00', closes: '17:00' }] },
    });
  });

  test('a second import of the same file reports everything unchanged and writes nothing', async () => {
    const before = await snapshot();
    const dry = await upload(JSON_FIXTURE, 200);
    expect(counts(dry.text)).toEqual({
      Organisations: [0, 0, 1, 0],
      Lieux: [0, 0, 1, 0],
      Services: [0, 0, 2, 0],
      'Besoins (termes de taxonomie)': [0, 0, 1, 0],
      'Sessions de cours': [0, 0, 0, 0],
    });
    expect(dry.text).not.toContain('name="token"');
    expect(await snapshot()).toBe(before);
  });

  test('a record edited in OneStop since its import is listed as a conflict and keeps the edit', async () => {
    await t.models.Service.updateOne(
      { uuid: 'b2d5c1a0-8e7f-4c3d-9b2a-1f0e9d8c7b6a' },
      { $set: { 'name.fr': 'Permanence juridique (modifiée)' } },
    );
    const changed = JSON.parse(readFileSync(JSON_FIXTURE, 'utf8')) as {
      services: { name: string; description: string }[];
    };
    changed.services[0]!.description = 'Un lit et un repas chaud. Nouveau texte de la source.';
    changed.services[1]!.name = 'Permanence juridique du jeudi';
    const file = path.join(tmp, 'changed.json');
    writeFileSync(file, JSON.stringify(changed));

    const dry = await upload(file, 200);
    expect(counts(dry.text).Services).toEqual([0, 1, 0, 1]);
    expect(dry.text).toContain('b2d5c1a0-8e7f-4c3d-9b2a-1f0e9d8c7b6a');
    await apply(dry.text);

    const edited = await t.models.Service.findOne({
      uuid: 'b2d5c1a0-8e7f-4c3d-9b2a-1f0e9d8c7b6a',
    }).lean();
    expect(edited!.name).toEqual({ fr: 'Permanence juridique (modifiée)' });
    const updated = await t.models.Service.findOne({
      uuid: 'ac148810-d857-441c-9679-408f346de14b',
    }).lean();
    expect(updated!.description).toEqual({
      fr: 'Un lit et un repas chaud. Nouveau texte de la source.',
    });
    expect(updated!.status).toBe('pending');
  });

  test('tabular zip: CSV tables with datapackage.json are read, mapped and applied', async () => {
    const file = await zipFiles(
      path.join(tmp, 'tabular.zip'),
      filesIn(path.join(FIXTURES, 'tabular')),
    );
    const dry = await upload(file, 200);
    expect(counts(dry.text)).toEqual({
      Organisations: [1, 0, 0, 0],
      Lieux: [1, 0, 0, 0],
      Services: [2, 0, 0, 0],
      'Besoins (termes de taxonomie)': [0, 0, 0, 0],
      'Sessions de cours': [0, 0, 0, 0],
    });
    // The other taxonomy's term and the online-only place are read, not stored.
    expect(dry.text).toContain('Non importés : 1 termes');
    await apply(dry.text);
    const course = await t.models.Service.findOne({
      uuid: '0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f',
    }).lean();
    expect(course).toMatchObject({
      status: 'pending',
      category: 'language-course',
      eligibility: { ageMin: 16 },
      access: { note: { fr: 'Inscription sur place le lundi.' } },
      schedule: {
        weekly: [
          { day: 'tue', opens: '18:30', closes: '20:30' },
          { day: 'thu', opens: '18:30', closes: '20:30' },
        ],
      },
    });
    expect(course!.schedule!.validFrom).toEqual(new Date('2026-09-01'));
    const orientation = await t.models.Service.findOne({
      uuid: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
    }).lean();
    expect(orientation).toMatchObject({
      interpretationOnRequest: true,
      contact: { website: 'https://tabulaire.example/orientation' },
    });

    const again = await upload(file, 200);
    expect(counts(again.text).Services).toEqual([0, 0, 2, 0]);
  });

  test('an update to a published imported service reaches search once applied', async () => {
    const uuid = '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a';
    // The coordinator's review publishes it (as admin does: status, then the index).
    const service = await t.models.Service.findOneAndUpdate({ uuid }, { status: 'published' });
    await t.indexer.serviceChanged(service!._id);
    const files = filesIn(path.join(FIXTURES, 'tabular'));
    files['services.csv'] = files['services.csv']!.replace(
      'Premier accueil, orientation',
      'Premier accueil zorglubien, orientation',
    );
    const file = await zipFiles(path.join(tmp, 'updated.zip'), files);
    const dry = await upload(file, 200);
    expect(counts(dry.text).Services).toEqual([0, 1, 1, 0]);
    await apply(dry.text);
    const found = await request(t.app)
      .get('/api/v1/services')
      .query({ q: 'zorglubien' })
      .expect(200);
    expect(found.body.hits.map((h: { slug: string }) => h.slug)).toEqual([service!.slug]);
    expect(await t.models.Service.findOne({ uuid }).lean()).toMatchObject({ status: 'published' });
  });

  test('an invalid file writes nothing and names each bad row by file, line and field', async () => {
    const files = filesIn(path.join(FIXTURES, 'tabular'));
    files['services.csv'] = [
      'id,organization_id,name,description,status,assured_date',
      // line 2: fine, but it must not be written either
      'aa000000-0000-4000-8000-000000000001,985e4a42-bd9f-4edc-911d-0243a4640aca,Valide,Texte,active,2026-01-01',
      'not-a-uuid,985e4a42-bd9f-4edc-911d-0243a4640aca,Mauvais id,Texte,active,',
      'aa000000-0000-4000-8000-000000000003,985e4a42-bd9f-4edc-911d-0243a4640aca,,Sans nom,active,',
      'aa000000-0000-4000-8000-000000000004,985e4a42-bd9f-4edc-911d-0243a4640aca,Mauvaise date,Texte,active,2026-02-31x',
    ].join('\n');
    files['service_at_location.csv'] = 'id,service_id,location_id,description\n';
    files['attributes.csv'] = 'id,link_id,taxonomy_term_id,link_type,link_entity,value\n';
    files['languages.csv'] = 'id,service_id,location_id,phone_id,name,code,note\n';
    files['schedules.csv'] = 'id,service_id,valid_from\n';
    const file = await zipFiles(path.join(tmp, 'invalid.zip'), files);
    const before = await snapshot();
    const dry = await upload(file, 422);
    const rows = invalidRows(dry.text);
    expect(rows).toEqual([
      ['services.csv', '3', 'id', 'pas un UUID valide'],
      ['services.csv', '4', 'name', 'obligatoire, manquant'],
      ['services.csv', '5', 'assured_date', 'pas une date valide (AAAA-MM-JJ)'],
    ]);
    expect(dry.text).not.toContain('name="token"');
    expect(await snapshot()).toBe(before);
  });

  test('a file that is neither JSON nor a zip is reported, not a server error', async () => {
    const file = path.join(tmp, 'notes.json');
    writeFileSync(file, 'these are not records');
    const dry = await upload(file, 422);
    expect(dry.text).toContain('fichier illisible');
  });
});

// Course sessions travel as our export writes them: a schedule of the service carrying profile
// attributes (course-session: the key, cefr-level, capacity…) and a cost option marked
// `course-session:<key>`. These tests add sessions to the evening French course of the tabular
// fixture (imported above) and to the night shelter of the JSON fixture.
const COURSE = '0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f';
const COURSE_AT_CHAUDERON = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const CHAUDERON = '5b3c9e1d-7a2f-4e8b-9c1d-2e3f4a5b6c7d';

interface SessionSpec {
  id: string;
  key: string;
  level: string;
  from: string;
  to: string;
  byday: string;
  opens: string;
  closes: string;
  capacity: number;
  seatsLeft: number;
  registrationOpen: boolean;
  /** A fee in CHF; none: free. */
  amount?: number;
  atLocation?: string;
}

const SESSION_A: SessionSpec = {
  id: 'a1000000-0000-4000-8000-00000000000a',
  key: 'a2-2026-09-01-soir',
  level: 'A2',
  from: '2026-09-01',
  to: '2026-12-15',
  byday: 'TU,TH',
  opens: '18:30:00',
  closes: '20:30:00',
  capacity: 12,
  seatsLeft: 5,
  registrationOpen: true,
  amount: 120,
  atLocation: COURSE_AT_CHAUDERON,
};
const SESSION_B: SessionSpec = {
  id: 'b1000000-0000-4000-8000-00000000000b',
  key: 'b1-2027-01-11-jour',
  level: 'B1',
  from: '2027-01-11',
  to: '2027-03-26',
  byday: 'MO,WE,FR',
  opens: '09:00:00',
  closes: '11:00:00',
  capacity: 12,
  seatsLeft: 0,
  registrationOpen: false,
};

const profileValues = (s: SessionSpec): [ProfileKey, string][] => [
  ['course-session', s.key],
  ['cefr-level', s.level],
  ['target-language', 'fr'],
  ['capacity', String(s.capacity)],
  ['seats-left', String(s.seatsLeft)],
  ...(s.registrationOpen ? [['registration-open', 'true'] as [ProfileKey, string]] : []),
  ['cost-type', s.amount === undefined ? 'free' : 'fixed'],
];

const csvLine = (cells: (string | number)[]) =>
  cells
    .map(String)
    .map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(',');
const appendRows = (text: string | undefined, header: string, rows: string[]) =>
  `${(text ?? `${header}\n`).trimEnd()}\n${rows.join('\n')}\n`;

/** The tabular fixture with these sessions added to the course (schedules.csv lines 3, 4…). */
function tabularWithSessions(sessions: SessionSpec[]): Record<string, string> {
  const files = filesIn(path.join(FIXTURES, 'tabular'));
  const keys = [...new Set(sessions.flatMap((s) => profileValues(s).map(([key]) => key)))];
  files['taxonomies.csv'] = appendRows(files['taxonomies.csv'], '', [
    csvLine([TAXONOMIES.profile.id, TAXONOMIES.profile.name, 'Profile', '', '']),
  ]);
  files['taxonomy_terms.csv'] = appendRows(
    files['taxonomy_terms.csv'],
    '',
    keys.map((key) =>
      csvLine([profileTermId(key), key, key, key, '', '', '', TAXONOMIES.profile.id, '']),
    ),
  );
  files['attributes.csv'] = appendRows(
    files['attributes.csv'],
    '',
    sessions.flatMap((s) =>
      profileValues(s).map(([key, value]) =>
        csvLine([
          partId(s.id, 'attribute', key),
          s.id,
          profileTermId(key),
          'taxonomy_term',
          'schedule',
          value,
        ]),
      ),
    ),
  );
  files['schedules.csv'] = appendRows(
    files['schedules.csv'],
    '',
    sessions.map((s) =>
      csvLine([
        s.id,
        COURSE,
        '',
        s.atLocation ?? '',
        s.from,
        s.to,
        s.from,
        '',
        s.to,
        '',
        '',
        'WEEKLY',
        1,
        s.byday,
        '',
        '',
        '',
        `${s.level} · français`,
        s.opens,
        s.closes,
        '',
        '',
        '',
      ]),
    ),
  );
  files['cost_options.csv'] = appendRows(
    undefined,
    'id,service_id,valid_from,valid_to,option,currency,amount,amount_description',
    sessions.map((s) =>
      csvLine([
        partId(s.id, 'cost'),
        COURSE,
        s.from,
        s.to,
        `${SESSION_COST_OPTION}${s.key}`,
        'CHF',
        s.amount ?? 0,
        '',
      ]),
    ),
  );
  return files;
}

async function sessionsOf(serviceUuid: string) {
  const service = await t.models.Service.findOne({ uuid: serviceUuid }).lean();
  if (!service) throw new Error(`no service ${serviceUuid}`);
  return t.models.CourseSession.find({ service: service._id }).sort({ key: 1 }).lean();
}

describe('HSDS import: course sessions', () => {
  test('tabular: sessions are counted by the dry run, then created pending with their fields', async () => {
    const file = await zipFiles(
      path.join(tmp, 'sessions.zip'),
      tabularWithSessions([SESSION_A, SESSION_B]),
    );
    const before = await snapshot();
    const dry = await upload(file, 200);
    expect(counts(dry.text)['Sessions de cours']).toEqual([2, 0, 0, 0]);
    expect(await snapshot()).toBe(before);

    const done = await apply(dry.text);
    expect(counts(done.text)['Sessions de cours']).toEqual([2, 0, 0, 0]);
    const [a, b] = await sessionsOf(COURSE);
    const place = await t.models.Location.findOne({ uuid: CHAUDERON }).lean();
    expect(a).toMatchObject({
      key: SESSION_A.key,
      status: 'pending',
      importedFrom: { source: 'sessions.zip' },
      level: 'A2',
      targetLanguage: 'fr',
      startDate: new Date('2026-09-01'),
      endDate: new Date('2026-12-15'),
      days: ['tue', 'thu'],
      startTime: '18:30',
      endTime: '20:30',
      capacity: 12,
      seatsLeft: 5,
      registrationOpen: true,
      cost: { type: 'fixed', amount: 120, currency: 'CHF' },
    });
    expect(String(a!.location)).toBe(String(place!._id));
    expect(b).toMatchObject({
      key: SESSION_B.key,
      status: 'pending',
      days: ['mon', 'wed', 'fri'],
      seatsLeft: 0,
      registrationOpen: false,
      cost: { type: 'free' },
    });
    expect(b!.location).toBeUndefined();
    expect(b!.cost.amount).toBeUndefined();

    // The coordinator's review lists each as a new course session, as a provider's would be.
    const queue = await coordinator.get('/fr/admin/reviews').expect(200);
    expect(queue.text).toContain(`/fr/admin/reviews/session/${String(a!._id)}/approve`);
    expect(queue.text).toContain(`/fr/admin/reviews/session/${String(b!._id)}/approve`);
  });

  test('tabular: a second import of the same sessions changes nothing', async () => {
    const file = await zipFiles(
      path.join(tmp, 'sessions-again.zip'),
      tabularWithSessions([SESSION_A, SESSION_B]),
    );
    const before = await snapshot();
    const dry = await upload(file, 200);
    expect(counts(dry.text)['Sessions de cours']).toEqual([0, 0, 2, 0]);
    expect(dry.text).not.toContain('name="token"');
    expect(await snapshot()).toBe(before);
    const [a, b] = await sessionsOf(COURSE);
    expect(a!.importedFrom!.source).toBe('sessions.zip');
    expect(b!.importedFrom!.source).toBe('sessions.zip');
  });

  test('a session edited in OneStop since its import is a conflict and keeps the edit', async () => {
    const service = await t.models.Service.findOne({ uuid: COURSE }).lean();
    await t.models.CourseSession.updateOne(
      { service: service!._id, key: SESSION_A.key },
      { $set: { seatsLeft: 3 } },
    );
    const file = await zipFiles(
      path.join(tmp, 'sessions-changed.zip'),
      tabularWithSessions([
        { ...SESSION_A, capacity: 14 },
        { ...SESSION_B, capacity: 14 },
      ]),
    );
    const dry = await upload(file, 200);
    expect(counts(dry.text)['Sessions de cours']).toEqual([0, 1, 0, 1]);
    expect(dry.text).toContain(sessionScheduleId(COURSE, SESSION_A.key));
    await apply(dry.text);

    const [a, b] = await sessionsOf(COURSE);
    expect(a).toMatchObject({ seatsLeft: 3, capacity: 12 });
    expect(b).toMatchObject({ capacity: 14, status: 'pending' });
  });

  test('JSON: a session among a service’s schedules is created, then found unchanged', async () => {
    const shelter = 'ac148810-d857-441c-9679-408f346de14b';
    const scheduleId = 'c1000000-0000-4000-8000-00000000000c';
    const session: SessionSpec = {
      ...SESSION_A,
      id: scheduleId,
      key: 'a1-2026-10-05-matin',
      level: 'A1',
      atLocation: 'e94c9f38-1e8f-4564-91d4-d53501ab1765',
    };
    const directory = JSON.parse(readFileSync(JSON_FIXTURE, 'utf8')) as {
      services: Record<string, unknown>[];
    };
    const nested = directory.services[0]!;
    nested.schedules = [
      {
        id: scheduleId,
        service_id: shelter,
        service_at_location_id: session.atLocation,
        valid_from: session.from,
        valid_to: session.to,
        dtstart: session.from,
        until: session.to,
        freq: 'WEEKLY',
        interval: 1,
        byday: session.byday,
        opens_at: session.opens,
        closes_at: session.closes,
        attributes: profileValues(session).map(([key, value]) => ({
          id: partId(scheduleId, 'attribute', key),
          link_id: scheduleId,
          link_type: 'taxonomy_term',
          link_entity: 'schedule',
          taxonomy_term_id: profileTermId(key),
          value,
          taxonomy_term: {
            id: profileTermId(key),
            code: key,
            name: key,
            description: key,
            taxonomy: TAXONOMIES.profile.name,
            taxonomy_id: TAXONOMIES.profile.id,
          },
        })),
      },
    ];
    nested.cost_options = [
      ...(nested.cost_options as unknown[]),
      {
        id: partId(scheduleId, 'cost'),
        service_id: shelter,
        option: `${SESSION_COST_OPTION}${session.key}`,
        currency: 'CHF',
        amount: 120,
      },
    ];
    const file = path.join(tmp, 'sessions.json');
    writeFileSync(file, JSON.stringify(directory));

    const dry = await upload(file, 200);
    expect(counts(dry.text)['Sessions de cours']).toEqual([1, 0, 0, 0]);
    await apply(dry.text);
    const [created] = await sessionsOf(shelter);
    const place = await t.models.Location.findOne({
      uuid: '3a19ff88-4620-4d17-9830-ac1d859eb5d5',
    }).lean();
    expect(created).toMatchObject({
      key: 'a1-2026-10-05-matin',
      level: 'A1',
      status: 'pending',
      days: ['tue', 'thu'],
      cost: { type: 'fixed', amount: 120, currency: 'CHF' },
      importedFrom: { source: 'sessions.json' },
    });
    expect(String(created!.location)).toBe(String(place!._id));

    const again = await upload(file, 200);
    expect(counts(again.text)['Sessions de cours']).toEqual([0, 0, 1, 0]);
  });

  test('an invalid session row writes nothing and is named by file, line and field', async () => {
    const newKey = (key: string) => `${key}-bis`;
    const file = await zipFiles(
      path.join(tmp, 'sessions-invalid.zip'),
      tabularWithSessions([
        // line 3: a level CEFR does not have
        { ...SESSION_A, id: 'd1000000-0000-4000-8000-000000000003', key: newKey('a'), level: 'B7' },
        // line 4: not a date
        {
          ...SESSION_B,
          id: 'd1000000-0000-4000-8000-000000000004',
          key: newKey('b'),
          from: '2027-02-31x',
        },
        // line 5: ends before it starts
        {
          ...SESSION_B,
          id: 'd1000000-0000-4000-8000-000000000005',
          key: newKey('c'),
          to: '2026-12-01',
        },
        // line 6: a day that is none
        {
          ...SESSION_B,
          id: 'd1000000-0000-4000-8000-000000000006',
          key: newKey('d'),
          byday: 'MO,XX',
        },
        // line 7: valid, but it must not be written either
        { ...SESSION_B, id: 'd1000000-0000-4000-8000-000000000007', key: newKey('e') },
      ]),
    );
    const before = await snapshot();
    const dry = await upload(file, 422);
    const rows = invalidRows(dry.text);
    // The file's checks first (a date that is none), then the model's rules, in file order.
    expect(rows).toEqual([
      ['schedules.csv', '4', 'valid_from', 'pas une date valide (AAAA-MM-JJ)'],
      ['schedules.csv', '4', 'dtstart', 'pas une date valide (AAAA-MM-JJ)'],
      ['schedules.csv', '3', 'attributes.cefr-level', 'valeur non prévue par HSDS'],
      ['schedules.csv', '5', 'until', 'valeur refusée par OneStop'],
      ['schedules.csv', '6', 'byday', 'valeur non prévue par HSDS'],
    ]);
    expect(dry.text).not.toContain('name="token"');
    expect(await snapshot()).toBe(before);
  });
});
