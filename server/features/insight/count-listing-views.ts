// Counts listing pages opened (/{lang}/services/{slug}), mounted before the page cache so pages
// answered from memory (or as 304) count too. Counted once the answer is sent, and only when
// the listing exists: a mistyped slug is not a view.
import type { NextFunction, Request, Response } from 'express';
import type { InsightRecorder } from './insight-recorder';

const LISTING = /^\/services\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function countListingViews(recorder: InsightRecorder) {
  return (req: Request, res: Response, next: NextFunction) => {
    const slug = recorder.enabled && req.method === 'GET' ? LISTING.exec(req.path)?.[1] : undefined;
    if (slug !== undefined) {
      const lang = res.locals.lang;
      res.on('finish', () => {
        if (res.statusCode === 200 || res.statusCode === 304) recorder.view(slug, lang);
      });
    }
    next();
  };
}
