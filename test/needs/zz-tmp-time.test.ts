import { createTestApp } from '../support/test-app';
import { readNeedVocabulary } from '../../seed/seed-needs';
it('times', async () => {
  const t = await createTestApp();
  let s = Date.now();
  const records = readNeedVocabulary();
  console.log('read', Date.now() - s);
  s = Date.now();
  const docs = [];
  for (const r of records) { const n = new t.models.Need(r); await n.validate(); docs.push(n.toObject()); }
  console.log('validate', Date.now() - s, JSON.stringify(docs).length);
  s = Date.now();
  await t.models.Need.insertMany(docs, { ordered: false, lean: true });
  console.log('insert', Date.now() - s);
  s = Date.now();
  await t.models.Need.find().lean();
  console.log('find all', Date.now() - s);
  await t.close();
}, 200000);
