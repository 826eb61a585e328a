// What the middleware in server/web adds to requests and responses.
import type { TFunction } from 'i18next';
import type { Actor } from '../auth/actor';

declare global {
  namespace Express {
    interface Request {
      /** Set by web/language.ts on every localized route. */
      lang?: string;
    }
    // Passport's user is our Actor (web/sessions.ts).
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
    interface Locals {
      /** The signed-in person, if any (web/sessions.ts). */
      actor?: Actor;
      /** CSRF token for the page's forms (web/csrf.ts). */
      csrfToken?: string;
      /** Per-request nonce for the Content-Security-Policy (web/security.ts). */
      cspNonce: string;
      /** Visitor's language and its text direction (web/language.ts). */
      lang: string;
      dir: 'ltr' | 'rtl';
      /** Fixed-language translate function used by the `t` view helper. */
      translate: TFunction;
      /** Other languages of this page, for the language switcher. */
      languageLinks: { code: string; name: string; href: string; current: boolean }[];
      /** Name of the deployment's local language in the visitor's language (fallback notice). */
      localLanguageName: string;
      /** Current path without the language prefix, e.g. "/services/x?y=1". */
      pathWithoutLanguage: string;
    }
  }
}

export {};
