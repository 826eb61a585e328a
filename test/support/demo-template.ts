// The demo directory for test files, loaded once per jest run: the first test file that asks for
// it seeds a template database (seed/seed-directory.ts and the demo accounts, as `npm start`
// does); every test file then copies the template's documents into its own database. Loading
// the demo took seconds per file (validation and hundreds of writes); a copy is a few bulk
// inserts.
//
// Workers agree through a lock document: the one that inserts it seeds, the others wait for it
// to say "ready". The demo's dates are relative to the day it is loaded, so a template is made
// per UTC day (a run crossing midnight seeds a second one).
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import type { Config } from '../../server/config';
import type { Logger } from '../../server/logger';
import type { Models } from '../../server/models';
import { createModels, syncIndexes } from '../../server/models';
import { seedDemoAccounts } from '../../seed/demo-accounts';
import { seedDirectory } from '../../seed/seed-directory';

const LOCKS_DB = 'test_demo_templates';
const WAIT_MS = 180_000;
const POLL_MS = 200;

interface TemplateLock {
  _id: string;
  state: 'seeding' | 'ready' | 'failed';
}

/** Prefix of this run's template databases (test/support/global-teardown.ts drops them). */
export function templatePrefix(): string {
  return `demo_template_${process.env.TEST_RUN_ID ?? 'local'}_`;
}

/**
 * Loads the demo directory and the demo accounts into `models`' database (its collections and
 * indexes already made by syncIndexes), from the template when one applies.
 */
export async function loadDemo(options: {
  connection: Connection;
  models: Models;
  config: Config;
  logger: Logger;
  /** The template lives on the run's database server; another server is seeded directly. */
  onRunServer: boolean;
}): Promise<void> {
  const { connection, models, config } = options;
  // The template is the demo as the default test configuration loads it.
  if (!options.onRunServer || config.localLanguage !== 'fr' || !isDefaultPassword(config)) {
    await seedDemo(models, config);
    return;
  }
  const templateName = await readyTemplate(connection, config, options.logger);
  if (!templateName) {
    await seedDemo(models, config);
    return;
  }
  await copyDatabase(connection.useDb(templateName, { useCache: false }), connection);
}

function isDefaultPassword(config: Config): boolean {
  return config.demoPassword === 'onestop-demo';
}

async function seedDemo(models: Models, config: Config): Promise<void> {
  await seedDirectory(models);
  await seedDemoAccounts(models, { password: config.demoPassword });
}

/** The name of today's template database, seeded by this call or another worker; undefined if seeding failed. */
async function readyTemplate(
  connection: Connection,
  config: Config,
  logger: Logger,
): Promise<string | undefined> {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const name = `${templatePrefix()}${day}`;
  const locks = connection.useDb(LOCKS_DB, { useCache: false }).collection<TemplateLock>('locks');
  let mine = false;
  try {
    await locks.insertOne({ _id: name, state: 'seeding' });
    mine = true;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  if (mine) {
    try {
      const template = connection.useDb(name, { useCache: false });
      const models = createModels(template, { localLanguage: config.localLanguage });
      await syncIndexes(models);
      await seedDemo(models, config);
      await locks.updateOne({ _id: name }, { $set: { state: 'ready' } });
      return name;
    } catch (error) {
      await locks.updateOne({ _id: name }, { $set: { state: 'failed' } });
      throw error;
    }
  }
  const giveUpAt = Date.now() + WAIT_MS;
  while (Date.now() < giveUpAt) {
    const lock = await locks.findOne({ _id: name });
    if (lock?.state === 'ready') return name;
    if (lock?.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  logger.warn({ template: name }, 'demo template not ready: seeding directly');
  return undefined;
}

/** Copies every document of every collection, types kept (ObjectIds, dates) by the driver. */
async function copyDatabase(from: Connection, to: Connection): Promise<void> {
  const source = from.db!;
  const target = to.db!;
  const collections = await source.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) {
    const docs = await source.collection(name).find().toArray();
    if (docs.length) await target.collection(name).insertMany(docs);
  }
}

/** Drops this run's template databases and the locks (an external server keeps no leftovers). */
export async function dropTemplates(uri: string): Promise<void> {
  const client = await mongoose.mongo.MongoClient.connect(uri, { directConnection: true });
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(templatePrefix())) await client.db(name).dropDatabase();
    }
    await client
      .db(LOCKS_DB)
      .collection<TemplateLock>('locks')
      .deleteMany({ _id: { $regex: `^${templatePrefix()}` } });
  } finally {
    await client.close();
  }
}
