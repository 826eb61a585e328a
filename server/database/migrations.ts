// What a database needs before the app serves from it, run by buildApplication() at every start
// (main.ts) and for every test database: changes older versions left behind (migrations), and,
// when asked, the start-up content `npm start` loads (demo directory when empty, demo
// translations, needs vocabulary, demo accounts). Every step is idempotent.
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Models } from '../models';
import type { Connection } from 'mongoose';
import { forgetSearchIndexState } from '../search/index-sync';
import { seedDemoAccounts } from '../../seed/demo-accounts';
import { addDemoTranslations } from '../../seed/demo/demo-translations';
import { seedDirectory, syncCategoryTranslations } from '../../seed/seed-directory';
import { syncNeeds } from '../../seed/seed-needs';
import { backfillUuids } from './backfill-uuids';

export interface PreparedDatabase {
  connection: Connection;
  models: Models;
}

/** Brings records stored by older versions to today's shape. Nothing to do on a new database. */
export async function runMigrations(models: Models, logger: Logger): Promise<void> {
  // Category names and keywords of languages added to locales/ since the last start.
  await syncCategoryTranslations(models);
  // Records stored before HSDS ids existed get their UUID, once (never changed afterwards).
  const uuids = await backfillUuids(models);
  if (uuids > 0) logger.info({ uuids }, 'HSDS ids given to older records');
  // Course sessions stored before moderation existed were public: keep them so.
  await models.CourseSession.updateMany(
    { status: { $exists: false } },
    { $set: { status: 'published' } },
  );
}

/**
 * Start-up content (when `startupContent`), then the migrations. Tests leave the content out:
 * each test file loads what it needs itself (test/support/test-app.ts).
 */
export async function prepareDatabase(
  database: PreparedDatabase,
  options: { config: Config; logger: Logger; startupContent: boolean },
): Promise<void> {
  const { config, logger } = options;
  const { models, connection } = database;
  if (options.startupContent) {
    if (config.seedOnEmpty && (await models.Service.estimatedDocumentCount()) === 0) {
      logger.info('empty database: loading the demo directory');
      const result = await seedDirectory(models);
      logger.info(result, 'demo directory loaded');
      // As after `npm run seed` or a restore: the search index is rebuilt at start-up.
      await forgetSearchIndexState(connection);
    }
    // Demo translations (seed/demo/translations/) of languages a seeded directory still lacks.
    if (config.seedOnEmpty) {
      const added = await addDemoTranslations(models, { localLanguage: config.localLanguage });
      if (added.problems.length)
        logger.warn({ problems: added.problems }, 'demo translations skipped');
      if (added.services + added.places > 0) {
        logger.info(added, 'demo translations added');
        await forgetSearchIndexState(connection);
      }
    }
    // Needs (and languages of needs) added to seed/needs/ since the last start.
    await syncNeeds(models);
  }
  await runMigrations(models, logger);
  if (options.startupContent && config.env !== 'production') {
    const created = await seedDemoAccounts(models, { password: config.demoPassword });
    if (created > 0) logger.info({ created }, 'demo accounts created (see README)');
  }
}
