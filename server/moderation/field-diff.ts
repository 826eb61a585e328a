// Field-level before/after of two plain records, for the audit log and the review screen.
// Nested objects flatten to dotted paths ("cost.amount", "name.ar"); lists compare as a whole.

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

type Plain = Record<string, unknown>;

function display(value: unknown): string {
  if (value == null || value === '') return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // Dates that went through JSON (revisions) read the same as live ones.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(value)) {
    return value.slice(0, 10);
  }
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  // Records hold texts, numbers and yes/no values; nothing else has a display.
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function isRecord(value: unknown): value is Plain {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    // ObjectIds and other class instances are values, not records.
    (Object.getPrototypeOf(value) === Object.prototype || value instanceof Map)
  );
}

function entries(value: Plain | Map<string, unknown>): [string, unknown][] {
  return value instanceof Map ? [...value.entries()] : Object.entries(value);
}

export function flatten(record: unknown, prefix = '', out = new Map<string, string>()) {
  if (!isRecord(record) && !(record instanceof Map)) {
    if (prefix) out.set(prefix, display(record));
    return out;
  }
  for (const [key, value] of entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(value) || value instanceof Map) flatten(value, path, out);
    else out.set(path, display(value));
  }
  return out;
}

export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = a.get(field) ?? '';
    const now = b.get(field) ?? '';
    if (was !== now) changes.push({ field, before: was, after: now });
  }
  return changes;
}
