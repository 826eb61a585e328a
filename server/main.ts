// Starts OneStop: config → database → application (server/application.ts) → listen; stops cleanly on
// SIGINT/SIGTERM (Ctrl-C leaves no FerretDB process behind).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { buildApplication } from './application';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './database/open-database';
import { createLogger } from './logger';
import { projectPath } from './paths';
import { createHttpServer } from './web/http-server';

async function main(): Promise<void> {
  if (existsSync(projectPath('.env'))) process.loadEnvFile(projectPath('.env'));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const startedAt = Date.now();
  const database = await openDatabase(config, logger);
  let stopping = false;
  const application = await buildApplication({
    config,
    logger,
    database,
    isStopping: () => stopping,
  });
  const { app, i18n } = application;
  // Deadlines for slow clients and translated answers to requests Node refuses itself.
  const server: Server = createHttpServer(app, { config, i18n });
  server.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { ms: Date.now() - startedAt, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) },
      'ready',
    );
    process.stdout.write(`OneStop is running at http://localhost:${port}/\n`);
  });

  application.startBackgroundJobs();

  // While stopping, every response asks the client to close its connection, so keep-alive
  // connections end after their current request instead of being cut.
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Give in-flight requests time to finish, but never hang a deploy.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // A short grace period first: requests already sent on open connections are read and
    // answered (closing at once would reset connections whose request is not parsed yet).
    setTimeout(() => {
      server.close(() => {
        // Usage counts still in memory are written before the database closes.
        application
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'usage counts not written'))
          .then(() => database.close())
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'error while closing the database');
            process.exit(1);
          });
      });
    }, 300).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `OneStop failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
