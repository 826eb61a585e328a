// Signing in through the real login form (CSRF token, Passport, session in the database) and
// posting forms with the page's CSRF token, as a browser would.
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

export const DEMO = {
  coordinator: 'coordinator@onestop.example',
  staff: 'staff@onestop.example',
  /** Babel Langues: reviewed before publishing. */
  editor: 'editor@babel-langues.example',
  /** Maison Carrefour: trusted, publishes directly. */
  trustedEditor: 'editor@maison-carrefour.example',
  otherEditor: 'editor@passerelles-interpretes.example',
} as const;
export const DEMO_PASSWORD = 'onestop-demo';

export type Agent = InstanceType<typeof TestAgent>;

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

export function csrfFrom(html: string): string {
  const token = CSRF_FIELD.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export async function signIn(app: Express, email: string, lang = 'fr'): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get(`/${lang}/login`).expect(200);
  const response = await agent
    .post(`/${lang}/login`)
    .type('form')
    .send({ email, password: DEMO_PASSWORD, _csrf: csrfFrom(page.text) });
  if (response.status !== 303) throw new Error(`sign-in of ${email} answered ${response.status}`);
  return agent;
}

/** A path no route answers: its 404 page is the cheapest page with the site's layout. */
const NO_SUCH_PAGE = 'no-such-page';

/**
 * The CSRF token this agent's session has, read from a page as a browser would. Signed in:
 * every page's account bar has the sign-out form with the token (csrf-csrf gives the same token
 * on every page while the session and its cookie last), so the 404 page serves as well as the
 * home page, without the home page's queries. Signed out: only the sign-in form carries one.
 */
export async function tokenFor(agent: Agent, lang = 'fr'): Promise<string> {
  const page = await agent.get(`/${lang}/${NO_SUCH_PAGE}`);
  if (page.status !== 404) throw new Error(`/${lang}/${NO_SUCH_PAGE} answered ${page.status}`);
  const signedIn = CSRF_FIELD.exec(page.text)?.[1];
  if (signedIn) return signedIn;
  return csrfFrom((await agent.get(`/${lang}/login`)).text);
}

/** Posts a form with a valid CSRF token. */
export async function postForm(
  agent: Agent,
  path: string,
  body: Record<string, unknown>,
  lang = 'fr',
) {
  const _csrf = await tokenFor(agent, lang);
  return agent
    .post(path)
    .type('form')
    .send({ ...body, _csrf });
}

/** A binary answer (a PDF) as bytes, with how long it took. */
export async function getBytes(agent: Agent, path: string) {
  const started = performance.now();
  const response = await agent
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const body = response.body as Buffer;
  return {
    status: response.status,
    headers: response.headers,
    body,
    text: String(body),
    ms: Math.round(performance.now() - started),
  };
}
