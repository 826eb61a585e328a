// JSON HSDS: what our export writes (NDJSON, one nested service per line, read line by line), an
// API page ({ contents: [...] }), a list, { organizations, services, taxonomies,
// taxonomy_terms… }, or one compiled service or organization. Nested records (service.organization,
// service_at_locations[].location.addresses, attributes[].taxonomy_term…) are flattened into
// their tables with the links the tabular form carries in columns. JSON is parsed whole and its
// rows are kept, grouped by table: the upload limit bounds it (tabular files stream, hsds-zip.ts).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { HsdsSource, RawRow } from './hsds-source';
import { UnreadableFileError } from './hsds-source';
import type { HsdsTable } from './hsds-tables';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** Copies the record's own fields (nested objects and lists are emitted as their own rows). */
function own(record: Json, links: Json = {}): Json {
  const row: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if (!isObject(value) && !Array.isArray(value)) row[key] = value;
  }
  return { ...row, ...links };
}

class JsonFlattener {
  readonly rows: RawRow[] = [];
  constructor(readonly file: string) {}

  emit(table: HsdsTable, record: Json, at: string, links: Json = {}) {
    this.rows.push({ table, row: own(record, links), file: this.file, path: at });
  }

  organization(o: Json, at: string) {
    this.emit('organization', o, at);
    const organization_id = o.id;
    listOf(o.locations).forEach((l, i) =>
      this.location(l, `${at}.locations[${i}]`, { organization_id }),
    );
    listOf(o.phones).forEach((p, i) =>
      this.emit('phone', p, `${at}.phones[${i}]`, { organization_id }),
    );
    listOf(o.services).forEach((s, i) =>
      this.service(s, `${at}.services[${i}]`, { organization_id }),
    );
    this.attributes(o, at, 'organization');
  }

  location(l: Json, at: string, links: Json = {}) {
    // A link given by the parent only fills a gap: the record's own value wins.
    const filled = Object.fromEntries(Object.entries(links).filter(([k]) => l[k] == null));
    this.emit('location', l, at, filled);
    const location_id = l.id;
    const addresses = Array.isArray(l.addresses) ? l.addresses : l.addresss;
    listOf(addresses).forEach((a, i) =>
      this.emit('address', a, `${at}.addresses[${i}]`, { location_id }),
    );
    const accessibility = Array.isArray(l.accessibility) ? l.accessibility : l.accessibilitys;
    listOf(accessibility).forEach((a, i) =>
      this.emit('accessibility', a, `${at}.accessibility[${i}]`, { location_id }),
    );
    listOf(l.phones).forEach((p, i) =>
      this.emit('phone', p, `${at}.phones[${i}]`, { location_id }),
    );
    listOf(l.schedules).forEach((s, i) =>
      this.schedule(s, `${at}.schedules[${i}]`, { location_id }),
    );
    listOf(l.languages).forEach((s, i) =>
      this.emit('language', s, `${at}.languages[${i}]`, { location_id }),
    );
    this.attributes(l, at, 'location');
  }

  service(s: Json, at: string, links: Json = {}) {
    const organization = isObject(s.organization) ? s.organization : undefined;
    const organization_id = s.organization_id ?? organization?.id ?? links.organization_id;
    this.emit('service', s, at, { organization_id });
    if (organization) this.organization({ ...organization, services: [] }, `${at}.organization`);
    const service_id = s.id;
    listOf(s.service_at_locations).forEach((sal, i) =>
      this.serviceAtLocation(sal, `${at}.service_at_locations[${i}]`, service_id, organization_id),
    );
    listOf(s.schedules).forEach((x, i) =>
      this.schedule(x, `${at}.schedules[${i}]`, { service_id }),
    );
    for (const [key, table] of [
      ['languages', 'language'],
      ['phones', 'phone'],
      ['cost_options', 'cost_option'],
      ['required_documents', 'required_document'],
    ] as const) {
      listOf(s[key]).forEach((x, i) => this.emit(table, x, `${at}.${key}[${i}]`, { service_id }));
    }
    this.attributes(s, at, 'service');
  }

  /** Schedules carry attributes too (our export marks course sessions with one). */
  schedule(x: Json, at: string, links: Json) {
    this.emit('schedule', x, at, links);
    this.attributes(x, at, 'schedule');
  }

  serviceAtLocation(sal: Json, at: string, service_id: unknown, organization_id?: unknown) {
    const location = isObject(sal.location) ? sal.location : undefined;
    const location_id = sal.location_id ?? location?.id;
    this.emit('service_at_location', sal, at, {
      service_id: sal.service_id ?? service_id,
      location_id,
    });
    if (location) this.location(location, `${at}.location`, { organization_id });
    listOf(sal.schedules).forEach((x, j) =>
      this.schedule(x, `${at}.schedules[${j}]`, {
        service_id: sal.service_id ?? service_id,
        service_at_location_id: sal.id,
      }),
    );
  }

  attributes(owner: Json, at: string, link_entity: string) {
    listOf(owner.attributes).forEach((a, i) => {
      const where = `${at}.attributes[${i}]`;
      const term = isObject(a.taxonomy_term) ? a.taxonomy_term : undefined;
      this.emit('attribute', a, where, {
        link_id: a.link_id ?? owner.id,
        link_entity: a.link_entity ?? link_entity,
        taxonomy_term_id: a.taxonomy_term_id ?? term?.id,
      });
      if (term) this.taxonomyTerm(term, `${where}.taxonomy_term`);
    });
  }

  taxonomyTerm(t: Json, at: string) {
    const taxonomy = isObject(t.taxonomy_detail)
      ? t.taxonomy_detail
      : isObject(t.taxonomy)
        ? t.taxonomy
        : undefined;
    this.emit(
      'taxonomy_term',
      t,
      at,
      taxonomy ? { taxonomy_id: t.taxonomy_id ?? taxonomy.id } : {},
    );
    if (taxonomy) this.emit('taxonomy', taxonomy, `${at}.taxonomy_detail`);
  }
}

/** A service has a status or service_at_locations; an organization has neither. */
const looksLikeService = (record: Json) =>
  'status' in record || 'service_at_locations' in record || isObject(record.organization);

export async function openJsonSource(filePath: string, file: string): Promise<HsdsSource> {
  const byTable = new Map<HsdsTable, RawRow[]>();
  for (const row of await readHsdsJson(filePath, file)) {
    const list = byTable.get(row.table);
    if (list) list.push(row);
    else byTable.set(row.table, [row]);
  }
  return {
    format: 'json',
    async *rows(table: HsdsTable) {
      yield* byTable.get(table) ?? [];
    },
    close: () => byTable.clear(),
  };
}

async function readHsdsJson(filePath: string, file: string): Promise<RawRow[]> {
  // NDJSON (our export: one nested service per line) is read line by line; anything else is
  // one JSON document.
  const ndjson = await readNdjson(filePath, file);
  if (ndjson) return ndjson;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    throw new UnreadableFileError(file, error instanceof Error ? error.message : String(error));
  }
  const flat = new JsonFlattener(file);
  flattenDocument(flat, data, '');
  return flat.rows;
}

function flattenDocument(flat: JsonFlattener, data: unknown, prefix: string) {
  const records = (list: unknown, at: string) => {
    listOf(list).forEach((r, i) =>
      looksLikeService(r) ? flat.service(r, `${at}[${i}]`) : flat.organization(r, `${at}[${i}]`),
    );
  };
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (Array.isArray(data)) records(data, prefix);
  else if (isObject(data) && Array.isArray(data.contents)) records(data.contents, at('contents'));
  else if (isObject(data) && ('services' in data || 'organizations' in data)) {
    listOf(data.organizations).forEach((o, i) => flat.organization(o, at(`organizations[${i}]`)));
    listOf(data.locations).forEach((l, i) => flat.location(l, at(`locations[${i}]`)));
    listOf(data.services).forEach((s, i) => flat.service(s, at(`services[${i}]`)));
    listOf(data.taxonomies).forEach((t, i) => flat.emit('taxonomy', t, at(`taxonomies[${i}]`)));
    listOf(data.taxonomy_terms).forEach((t, i) => flat.taxonomyTerm(t, at(`taxonomy_terms[${i}]`)));
    listOf(data.service_at_locations).forEach((sal, i) =>
      flat.serviceAtLocation(sal, at(`service_at_locations[${i}]`), sal.service_id),
    );
  } else if (isObject(data) && 'id' in data) {
    if (looksLikeService(data)) flat.service(data, prefix || 'service');
    else flat.organization(data, prefix || 'organization');
  } else {
    throw new UnreadableFileError(flat.file, 'no HSDS records found');
  }
}

/** Rows of an NDJSON file (line N: `line N`), or undefined when the file is not NDJSON. */
async function readNdjson(filePath: string, file: string): Promise<RawRow[] | undefined> {
  const lines = createInterface({ input: createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  const flat = new JsonFlattener(file);
  let number = 0;
  let records = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      lines.close();
      if (records === 0) return undefined;
      throw new UnreadableFileError(
        file,
        error instanceof Error ? error.message : String(error),
        number,
      );
    }
    if (!isObject(value)) {
      lines.close();
      return undefined;
    }
    records++;
    const before = flat.rows.length;
    flattenDocument(flat, value, `line ${number}`);
    for (const row of flat.rows.slice(before)) row.line = number;
  }
  return records > 0 ? flat.rows : undefined;
}
