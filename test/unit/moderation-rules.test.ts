// The moderation rules without a database: where a write goes (planWrite) and what changed
// between two versions of a record (diffFields, shown in the audit log and on the review screen).
import { diffFields } from '../../server/moderation/field-diff';
import { planWrite } from '../../server/moderation/moderation';

describe('planWrite: where an editor’s or a coordinator’s save goes', () => {
  it('a new record saved as a draft stays a private draft, whoever saves it', () => {
    expect(planWrite(null, false, 'draft')).toEqual({ target: 'live', status: 'draft' });
    expect(planWrite(null, true, 'draft')).toEqual({ target: 'live', status: 'draft' });
  });

  it('a new record submitted waits for review, unless its author publishes directly', () => {
    expect(planWrite(null, false, 'submit')).toEqual({ target: 'live', status: 'pending' });
    expect(planWrite(null, true, 'submit')).toEqual({ target: 'live', status: 'published' });
  });

  it('a change to a published record waits as a revision: the public keeps the published one', () => {
    const published = { status: 'published' };
    expect(planWrite(published, false, 'submit')).toEqual({
      target: 'revision',
      state: 'pending',
    });
    expect(planWrite(published, false, 'draft')).toEqual({ target: 'revision', state: 'draft' });
  });

  it('a coordinator or trusted organisation changes a published record in place, still published', () => {
    expect(planWrite({ status: 'published' }, true, 'submit')).toEqual({
      target: 'live',
      status: 'published',
    });
    // A draft intent does not take a published record off the directory.
    expect(planWrite({ status: 'published' }, true, 'draft')).toEqual({
      target: 'live',
      status: 'published',
    });
  });

  it('a record not published yet (draft, pending, archived) is written in place', () => {
    for (const status of ['draft', 'pending', 'archived']) {
      expect(planWrite({ status }, false, 'submit')).toEqual({ target: 'live', status: 'pending' });
      expect(planWrite({ status }, false, 'draft')).toEqual({ target: 'live', status: 'draft' });
      expect(planWrite({ status }, true, 'submit')).toEqual({
        target: 'live',
        status: 'published',
      });
    }
  });
});

describe('diffFields: the field-by-field changes between two versions', () => {
  it('finds nothing between a record and itself, or between two empty records', () => {
    const record = {
      name: { fr: 'Cours de français', en: 'French class' },
      languages: ['fr', 'ar'],
      cost: { type: 'fixed', amount: 120 },
      startDate: new Date('2027-01-04T00:00:00Z'),
    };
    const copy = {
      ...record,
      name: { ...record.name },
      languages: [...record.languages],
      cost: { ...record.cost },
      startDate: new Date(record.startDate),
    };
    expect(diffFields(record, copy)).toEqual([]);
    expect(diffFields({}, {})).toEqual([]);
    expect(diffFields(null, undefined)).toEqual([]);
  });

  it('reports an added field with an empty "before" and a removed one with an empty "after"', () => {
    expect(diffFields({ phone: '021 000 00 00' }, { email: 'info@example.ch' })).toEqual([
      { field: 'email', before: '', after: 'info@example.ch' },
      { field: 'phone', before: '021 000 00 00', after: '' },
    ]);
    // Everything is new when there was nothing before (a record submitted for the first time).
    expect(diffFields({}, { slug: 'cours-a2', capacity: 12 })).toEqual([
      { field: 'capacity', before: '', after: '12' },
      { field: 'slug', before: '', after: 'cours-a2' },
    ]);
  });

  it('names nested fields by their dotted path, for plain objects and Mongoose maps alike', () => {
    const before = {
      name: new Map([
        ['fr', 'Permanence'],
        ['en', 'Drop-in'],
      ]),
      cost: { amount: 5 },
    };
    const after = { name: { fr: 'Permanence', ar: 'استقبال' }, cost: { amount: 10 } };
    expect(diffFields(before, after)).toEqual([
      { field: 'cost.amount', before: '5', after: '10' },
      { field: 'name.ar', before: '', after: 'استقبال' },
      { field: 'name.en', before: 'Drop-in', after: '' },
    ]);
  });

  it('compares lists as a whole and shows them comma-separated', () => {
    expect(diffFields({ days: ['mon', 'tue'] }, { days: ['mon', 'wed'] })).toEqual([
      { field: 'days', before: 'mon, tue', after: 'mon, wed' },
    ]);
    // The same values in another order are a change (the order is what the provider typed).
    expect(diffFields({ days: ['mon', 'tue'] }, { days: ['tue', 'mon'] })).toHaveLength(1);
  });

  it('treats empty, null and missing as the same "nothing"', () => {
    expect(diffFields({ note: '', email: null }, { phone: undefined })).toEqual([]);
  });

  it('reads a date that went through JSON (a stored revision) as the same day as a live date', () => {
    const live = { startDate: new Date('2027-03-01T00:00:00Z') };
    const revision = JSON.parse(JSON.stringify(live)) as unknown;
    expect(diffFields(live, revision)).toEqual([]);
    expect(diffFields(live, { startDate: '2027-03-08T00:00:00.000Z' })).toEqual([
      { field: 'startDate', before: '2027-03-01', after: '2027-03-08' },
    ]);
  });

  it('lists the changes in field order, whatever order the records had', () => {
    const fields = diffFields({ b: 1, a: 1, c: 1 }, { c: 2, a: 2, b: 2 }).map((c) => c.field);
    expect(fields).toEqual(['a', 'b', 'c']);
  });
});
