// Validators for HSDS 3.0 objects, from the official schemas vendored in test/hsds/schema/ (see its
// README): `tableSchema` builds one from the field definitions (schema/<table>.json, the $refs
// between tables resolved by file name), `compiledSchema` uses the official compiled schema as
// published. Tests check answers against both, so the one built here is itself held to the
// official one.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const DIR = path.join(__dirname, 'schema');

function newAjv(): Ajv {
  // The HSDS schemas carry Frictionless keywords (name, constraints, example, core…): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

let tables: Ajv | undefined;
export function tableSchema(name: string): ValidateFunction {
  if (!tables) {
    tables = newAjv();
    for (const file of readdirSync(DIR).filter(
      (f) => f.endsWith('.json') && f !== 'openapi.json',
    )) {
      tables.addSchema(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')), file);
    }
  }
  return tables.getSchema(`${name}.json`)!;
}

const compiled = new Map<string, ValidateFunction>();
/** service, organization, service_at_location (gzipped, 2–3.5 MB each), or a *_list schema. */
export function compiledSchema(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const file = path.join(DIR, 'compiled', `${name}.json`);
    const text = name.endsWith('_list')
      ? readFileSync(file, 'utf8')
      : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
    validate = newAjv().compile(JSON.parse(text));
    compiled.set(name, validate);
  }
  return validate;
}

/** The validation errors of `value`, readable in a failed expectation ([] when valid). */
export function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** The field names of an HSDS table (for the tabular export's headers). */
export function tableFields(name: string): string[] {
  const schema = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as {
    properties: Record<string, { type?: string }>;
  };
  return Object.entries(schema.properties)
    .filter(([, p]) => p.type !== 'array' && p.type !== undefined)
    .map(([field]) => field);
}
