// Languages in the URL: every public page lives under /{lang}/…. This module picks the visitor's
// language for "/" and for pages outside /{lang}, and prepares the per-request i18n locals.
import type { Express, NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { Config } from '../config';
import type { I18n } from '../i18n/create-i18n';
import { createTranslators, directionOf } from '../i18n/create-i18n';
import { languageName, nativeLanguageName } from '../i18n/formatters';

export const LANGUAGE_COOKIE = 'lang';

export interface LanguageSupport {
  /** Router whose middleware validates :lang and sets locals; mount feature routers on it. */
  localized: Router;
  /** Best language for a request that has none in its URL. */
  negotiate(req: Request): string;
  /** Sets lang, dir, translate and switcher links for a language on this response. */
  apply(req: Request, res: Response, lang: string): void;
}

export function createLanguageSupport(config: Config, i18n: I18n): LanguageSupport {
  const supported = new Set(config.languages);
  const nativeNames = new Map(config.languages.map((code) => [code, nativeLanguageName(code)]));
  // Asked on every page; i18next works it out afresh each time.
  const directions = new Map(config.languages.map((code) => [code, directionOf(i18n, code)]));
  const translatorFor = createTranslators(i18n);

  function negotiate(req: Request): string {
    // Path first (/ar/unknown-page → Arabic 404), then the visitor's own choice (cookie), then
    // the browser's preference, then the local language.
    const fromPath = req.path.split('/')[1];
    if (fromPath && supported.has(fromPath)) return fromPath;
    // The JSON API takes its language from ?lang= (errors raised before its router included).
    const fromQuery = req.path.startsWith('/api/') ? req.query.lang : undefined;
    if (typeof fromQuery === 'string' && supported.has(fromQuery)) return fromQuery;
    const chosen = parseCookie(req.headers.cookie ?? '')[LANGUAGE_COOKIE];
    if (chosen && supported.has(chosen)) return chosen;
    const accepted = req.acceptsLanguages(...config.languages);
    return typeof accepted === 'string' ? accepted : config.localLanguage;
  }

  function apply(req: Request, res: Response, lang: string): void {
    req.lang = lang;
    const rest = req.originalUrl.replace(/^\/[^/?#]+/, '') || '/';
    const pathWithoutLanguage = supported.has(req.originalUrl.split(/[/?#]/)[1] ?? '') ? rest : '/';
    res.locals.lang = lang;
    res.locals.dir = directions.get(lang) ?? directionOf(i18n, lang);
    res.locals.translate = translatorFor(lang);
    res.locals.pathWithoutLanguage = pathWithoutLanguage;
    res.locals.localLanguageName = languageName(config.localLanguage, lang);
    res.locals.languageLinks = config.languages.map((code) => ({
      code,
      name: nativeNames.get(code) ?? code,
      // Through /language/{code}: remembers the choice, then opens the same page in it.
      href: `/language/${code}?to=${encodeURIComponent(pathWithoutLanguage)}`,
      current: code === lang,
    }));
    res.setHeader('Content-Language', lang);
  }

  const localized = Router({ mergeParams: true });
  localized.use((req: Request<{ lang?: string }>, res: Response, next: NextFunction) => {
    const lang = req.params.lang;
    if (!lang || !supported.has(lang)) {
      next('router');
      return;
    }
    apply(req, res, lang);
    next();
  });

  return { localized, negotiate, apply };
}

export function setUpRootRedirect(app: Express, languages: LanguageSupport, config: Config): void {
  app.get('/', (req, res) => {
    res.setHeader('Vary', 'Accept-Language, Cookie');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.redirect(302, `/${languages.negotiate(req)}`);
  });

  // The language switcher: remember the choice for a year, then show the same page in it.
  app.get('/language/:code', (req, res, next) => {
    const code = req.params.code;
    if (!config.languages.includes(code)) {
      next();
      return;
    }
    const to = typeof req.query.to === 'string' ? req.query.to : '/';
    // Only a path on this site (never "//elsewhere" or "https://…"): no open redirect.
    const path = /^\/(?![/\\])[^\s]*$/.test(to) ? to : '/';
    res.setHeader(
      'Set-Cookie',
      serializeCookie(LANGUAGE_COOKIE, code, {
        path: '/',
        maxAge: 365 * 86_400,
        sameSite: 'lax',
        httpOnly: true,
        secure: config.env === 'production',
      }),
    );
    res.redirect(303, `/${code}${path === '/' ? '' : path}`);
  });
}
