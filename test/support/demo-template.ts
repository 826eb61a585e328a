// The demo directory for test files, seeded once per jest run: the first test file that asks for
// it seeds its own database (seed/seed-directory.ts and the demo accounts, as before) and saves
// what that wrote as a template file (BSON, types kept); every other test file inserts the
// template's documents into its own database. Seeding took 5 to 8 s per file on the shared
// 2-core machine (validation and hundreds of single writes on FerretDB); the inserts take about
// one. Reading the documents back from a template database cost as much as inserting them, hence
// a file.
//
// Workers agree through the file system: the one that creates the lock file seeds, the others
// wait for the template (written under a temporary name, then renamed). The demo's dates are
// relative to the day it is loaded, so there is a template per UTC day.
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Config } from '../../server/config';
import type { Logger } from '../../server/logger';
import type { Models } from '../../server/models';
import { seedDemoAccounts } from '../../seed/demo-accounts';
import { seedDirectory } from '../../seed/seed-directory';

const { BSON } = mongoose.mongo;
const WAIT_MS = 180_000;
const POLL_MS = 100;

interface Template {
  collections: { name: string; documents: mongoose.mongo.Document[] }[];
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
}): Promise<void> {
  const { connection, models, config, logger } = options;
  // This run's folder (global-setup.ts makes it, global-teardown.ts removes it). The template is
  // the demo as the default test configuration loads it.
  const dir = process.env.TEST_TEMPLATE_DIR;
  if (!dir || config.localLanguage !== 'fr' || config.demoPassword !== 'onestop-demo') {
    await seedDemo(models, config);
    return;
  }
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const file = path.join(dir, `demo-${day}.bson`);
  if (takeLock(`${file}.lock`)) {
    try {
      await seedDemo(models, config);
      await saveTemplate(connection, file);
    } catch (error) {
      writeFileSync(`${file}.failed`, String(error));
      throw error;
    }
    return;
  }
  const template = await waitForTemplate(file);
  if (!template) {
    logger.warn({ file }, 'demo template not available: seeding directly');
    await seedDemo(models, config);
    return;
  }
  const db = connection.db!;
  // One bulk insert per collection, side by side: FerretDB takes them in about a second.
  await Promise.all(
    template.collections.map(({ name, documents }) => db.collection(name).insertMany(documents)),
  );
}

async function seedDemo(models: Models, config: Config): Promise<void> {
  await seedDirectory(models);
  await seedDemoAccounts(models, { password: config.demoPassword });
}

/** True for the one caller that creates the lock file. */
function takeLock(lockFile: string): boolean {
  try {
    closeSync(openSync(lockFile, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Every non-empty collection of the freshly seeded database, written atomically. */
async function saveTemplate(connection: Connection, file: string): Promise<void> {
  const db = connection.db!;
  const template: Template = { collections: [] };
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const documents = await db.collection(name).find().toArray();
    if (documents.length) template.collections.push({ name, documents });
  }
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, BSON.serialize(template));
  renameSync(partial, file);
}

async function waitForTemplate(file: string): Promise<Template | undefined> {
  const giveUpAt = Date.now() + WAIT_MS;
  while (Date.now() < giveUpAt) {
    if (existsSync(file)) return BSON.deserialize(readFileSync(file)) as Template;
    if (existsSync(`${file}.failed`)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}
