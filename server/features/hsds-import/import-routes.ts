// /{lang}/admin/import: a coordinator uploads an HSDS file (JSON or tabular zip), sees the dry
// run (counts, conflicts, invalid rows), then applies it. Mounted before the app-wide CSRF check
// (app.ts): that check reads the token from a parsed body, and a multipart body is parsed here,
// after the role check (no anonymous upload is ever stored) and before this router's own check.
import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError, ValidationError } from '../../errors';
import type { Csrf } from '../../web/csrf';
import { actorOf, requireRole } from '../../web/require-role';
import { parseInput } from '../../web/validate';
import type { HsdsImportService, ImportReport } from './import-service';
import { reportView } from './import-view-models';
import type { UploadStore } from './import-uploads';
import { TOKEN } from './import-uploads';

export class UploadTooLargeError extends AppError {
  override name = 'UploadTooLargeError';
  readonly status = 413;
  readonly messageKey = 'manage:import.errors.tooLarge';
}

const applyForm = z.object({ token: z.string().regex(TOKEN) });

export function createHsdsImportRouter(deps: {
  hsdsImport: HsdsImportService;
  uploads: UploadStore;
  csrf: Csrf;
  maxBytes: number;
}): Router {
  const { hsdsImport, uploads } = deps;
  const router = Router();
  router.use('/admin/import', requireRole('coordinator'), deps.csrf.provideToken);
  const csrfChecked = Router();
  deps.csrf.protect(csrfChecked);
  const maxMb = Math.round(deps.maxBytes / 1_000_000);

  /** Multipart upload, then the CSRF token it carries; a refused upload is deleted at once. */
  const receive = (req: Request, res: Response, next: NextFunction) => {
    uploads.single(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        next(new UploadTooLargeError(`upload over ${deps.maxBytes} bytes`));
        return;
      }
      if (error) {
        next(new ValidationError('bad multipart body'));
        return;
      }
      csrfChecked(req, res, (csrfError?: unknown) => {
        if (csrfError && req.file) void uploads.remove(uploads.tokenOf(req.file.path));
        next(csrfError);
      });
    });
  };

  const renderForm = (res: Response, status = 200, error?: string) =>
    res.status(status).render('hsds-import/upload', {
      pageTitle: res.locals.translate('manage:import.title'),
      maxMb,
      error: error ? res.locals.translate(`manage:import.errors.${error}`) : '',
    });

  const renderReport = (res: Response, report: ImportReport, token?: string) =>
    res.status(report.valid ? 200 : 422).render('hsds-import/report', {
      pageTitle: res.locals.translate(
        report.applied ? 'manage:import.appliedTitle' : 'manage:import.reportTitle',
      ),
      ...reportView(report, res.locals.translate),
      token,
    });

  router.get('/admin/import', (_req: Request, res: Response) => renderForm(res));

  router.post('/admin/import', receive, async (req: Request, res: Response) => {
    if (!req.file) {
      renderForm(res, 400, 'noFile');
      return;
    }
    const actor = actorOf(req);
    const token = uploads.tokenOf(req.file.path);
    const name = originalName(req.file.originalname);
    void uploads.sweep();
    const report = await hsdsImport.dryRun(req.file.path, name);
    const writes = Object.values(report.counts).some((c) => c.create + c.update > 0);
    if (!report.valid || !writes) {
      await uploads.remove(token);
      renderReport(res, report);
      return;
    }
    await uploads.remember(token, { name, by: actor.id });
    renderReport(res, report, token);
  });

  router.post('/admin/import/apply', csrfChecked, async (req: Request, res: Response) => {
    const { token } = parseInput(applyForm, req.body);
    const upload = await uploads.find(token, actorOf(req).id);
    if (!upload) {
      renderForm(res, 410, 'expired');
      return;
    }
    try {
      renderReport(res, await hsdsImport.apply(upload.path, upload.name));
    } finally {
      await uploads.remove(token);
    }
  });

  return router;
}

/** Browsers send the file name in UTF-8, which multer reads as Latin-1. */
function originalName(raw: string): string {
  const name = Buffer.from(raw, 'latin1').toString('utf8');
  return (name.includes('\uFFFD') ? raw : name).replace(/[\\/]/g, '_').slice(0, 200) || 'upload';
}
