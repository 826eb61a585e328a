// The coordinator's HSDS exports, downloaded through the real app: NDJSON of fully nested services
// that validate against the official compiled service schema, and the tabular zip whose
// datapackage.json lists every CSV with its fields (each an HSDS 3.0 field of that table).
import type { IncomingMessage } from 'node:http';
import { parse } from 'csv-parse';
import request from 'supertest';
import { fromBufferPromise } from 'yauzl';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, signIn } from '../support/signed-in';
import { compiledSchema, errorsOf, tableFields } from './hsds-schemas';

let t: TestApp;
let published: number;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  published = await t.models.Service.countDocuments({ status: 'published' });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Superagent keeps only text bodies: read the download as bytes. */
function bytes(res: IncomingMessage, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function unzip(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await fromBufferPromise(buffer, { lazyEntries: true });
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: { fileName: string }) => {
      zip.openReadStream(entry as never, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}

const csvRows = (text: string) =>
  new Promise<string[][]>((resolve, reject) =>
    parse(text, {}, (error, rows: string[][]) => (error ? reject(error) : resolve(rows))),
  );

test('only coordinators download; the admin page links both exports', async () => {
  const anonymous = await request(t.app).get('/fr/admin/hsds/tabular.zip').expect(302);
  expect(anonymous.header.location).toMatch(/\/fr\/login/);
  const staff = await signIn(t.app, DEMO.staff);
  await staff.get('/fr/admin/hsds/services.ndjson').expect(403);
  const coordinator = await signIn(t.app, DEMO.coordinator);
  const home = await coordinator.get('/en/admin').expect(200);
  expect(home.text).toContain('href="/en/admin/hsds/services.ndjson"');
  expect(home.text).toContain('href="/en/admin/hsds/tabular.zip"');
  expect(home.text).toContain('All published services as HSDS JSON');
}, 60_000);

test('HSDS JSON: one fully nested service per line, each valid against compiled/service.json', async () => {
  const coordinator = await signIn(t.app, DEMO.coordinator);
  const answer = await coordinator
    .get('/fr/admin/hsds/services.ndjson')
    .buffer(true)
    .parse(bytes as never)
    .expect(200)
    .expect('Content-Type', /application\/x-ndjson/)
    .expect('Content-Disposition', /attachment; filename="?hsds-services\.ndjson"?/);
  const lines = (answer.body as Buffer).toString('utf8').trim().split('\n');
  expect(lines).toHaveLength(published);
  const validate = compiledSchema('service');
  const ids = new Set<string>();
  for (const line of lines) {
    const service = JSON.parse(line) as { id: string; organization: { id: string } };
    expect(errorsOf(validate, service)).toEqual([]);
    expect(service.organization.id).toBeDefined();
    ids.add(service.id);
  }
  const api = await request(t.app).get('/api/hsds/services?per_page=1000&minimal=true').expect(200);
  expect([...ids].sort()).toEqual(api.body.contents.map((s: { id: string }) => s.id).sort());
}, 120_000);

test('HSDS tabular: datapackage.json lists every CSV with its fields; rows link up', async () => {
  const coordinator = await signIn(t.app, DEMO.coordinator);
  const answer = await coordinator
    .get('/fr/admin/hsds/tabular.zip')
    .buffer(true)
    .parse(bytes as never)
    .expect(200)
    .expect('Content-Type', /application\/zip/);
  const files = await unzip(answer.body as Buffer);
  const pkg = JSON.parse(files.get('datapackage.json')!) as {
    profile: string;
    resources: { name: string; path: string; schema: { fields: { name: string }[] } }[];
  };
  expect(pkg.profile).toBe('tabular-data-package');
  const csvFiles = [...files.keys()].filter((name) => name.endsWith('.csv')).sort();
  expect(pkg.resources.map((r) => r.path).sort()).toEqual(csvFiles);
  const tables = new Map<string, Record<string, string>[]>();
  for (const resource of pkg.resources) {
    const [header, ...rows] = await csvRows(files.get(resource.path)!);
    const fields = resource.schema.fields.map((f) => f.name);
    expect(header).toEqual(fields);
    // Every column is a field of that table in the HSDS 3.0 schema (schema/<table>.json).
    expect(tableFields(resource.name)).toEqual(expect.arrayContaining(fields));
    tables.set(
      resource.name,
      rows.map((row) => Object.fromEntries(fields.map((f, i) => [f, row[i]!]))),
    );
  }
  const ids = (table: string) => new Set(tables.get(table)!.map((row) => row.id));
  expect(tables.get('service')).toHaveLength(published);
  const services = ids('service');
  const organizations = ids('organization');
  const locations = ids('location');
  const terms = ids('taxonomy_term');
  for (const s of tables.get('service')!) expect(organizations.has(s.organization_id!)).toBe(true);
  for (const sal of tables.get('service_at_location')!) {
    expect(services.has(sal.service_id!) && locations.has(sal.location_id!)).toBe(true);
  }
  for (const a of tables.get('attribute')!) expect(terms.has(a.taxonomy_term_id!)).toBe(true);
  for (const address of tables.get('address')!)
    expect(locations.has(address.location_id!)).toBe(true);
  expect(tables.get('taxonomy')).toHaveLength(3);
}, 120_000);
