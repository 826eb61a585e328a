// The last middleware: a translated 404 for unknown pages and one error handler for everything
// thrown. Typed errors (errors.ts) choose status and message; anything else is a 500 whose
// details reach the log, and the page only outside production.
import type { Express, NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { isDatabaseUnavailable } from '../database/database-errors';
import { AppError, NotFoundError, UnavailableError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { LanguageSupport } from './language';

/** The status body-parser and friends attach to client errors (e.g. 413 entity too large). */
function clientStatusOf(error: unknown): number | undefined {
  // Anything can be thrown, a string or null as well as an Error.
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status < 500 ? status : undefined;
}

export function setUpErrorHandling(
  app: Express,
  deps: { config: Config; logger: Logger; languages: LanguageSupport },
): void {
  app.use((_req: Request, _res: Response, next: NextFunction) =>
    next(new NotFoundError('No route')),
  );

  // Express recognises an error handler by its four parameters.
  app.use((thrown: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The database being away is not our bug: 503, "try again", and the process keeps running.
    const error = isDatabaseUnavailable(thrown)
      ? new UnavailableError('Database unavailable')
      : thrown;
    const known = error instanceof AppError ? error : undefined;
    const status = known?.status ?? clientStatusOf(error) ?? 500;
    // req.log is set by request logging, which the app sets up first; the error handler does
    // not rely on that order.
    const log = (req as Partial<Request>).log ?? deps.logger;
    if (status >= 500) log.error({ err: thrown }, 'request failed');
    if (res.headersSent) return;

    // An error before the language was chosen (an early middleware) finds no translate yet,
    // whatever the type of res.locals says.
    const locals: Partial<Response['locals']> = res.locals;
    if (!locals.translate) deps.languages.apply(req, res, deps.languages.negotiate(req));
    const messageKey =
      known?.messageKey ??
      ({
        400: 'errors.badRequest.message',
        403: 'errors.forbidden.message',
        404: 'errors.notFound.message',
        // body-parser: a form over the size limit, or in a charset or encoding it cannot read.
        413: 'errors.tooLarge.message',
        415: 'errors.unsupportedMedia.message',
      }[status] ||
        'errors.server.message');
    const titleKey = messageKey.replace(/\.message$/, '.title');
    // Details help fix a bug; a typed error (e.g. 503 "try again") is no bug and shows none.
    const details =
      deps.config.env === 'development' && status >= 500 && error instanceof Error && !known
        ? error.stack
        : undefined;

    res.status(status);
    if (req.path.startsWith('/api/')) {
      const fields = error instanceof ValidationError ? error.fields : {};
      res.json({
        error: {
          status,
          message: res.locals.translate(messageKey),
          // Which parameters were wrong and why, for API clients.
          ...(Object.keys(fields).length ? { parameters: fields } : {}),
        },
      });
      return;
    }
    res.render('error', {
      status,
      titleKey,
      pageTitle: res.locals.translate(titleKey),
      messageKey,
      details,
    });
  });
}
