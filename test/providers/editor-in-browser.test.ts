// A provider editor in real headless Chromium (Debian's): signs in, adds next term's course
// session through the plain HTML form, and the public sees it only after the coordinator approves.
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BrowserApp } from '../support/browser';
import { ARTIFACTS, startBrowserApp, withBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

withBrowser('an editor adds a course session in Chromium', () => {
  let b: BrowserApp;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true, env: { LANGUAGES: 'fr,en,ar' } });
    ({ t, base, browser } = b);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  async function signIn(context: BrowserContext, email: string) {
    const page = await context.newPage();
    await page.goto(`${base}/fr/login`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill('onestop-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    return page;
  }

  it('is visible to the public after approval, not before', async () => {
    const babel = (await t.models.Organisation.findOne({ slug: 'babel-langues' }).lean())!;
    const service = (await t.models.Service.findOne({
      organisation: babel._id,
      category: 'language-course',
      status: 'published',
    }).lean())!;

    const editorContext = await browser.newContext();
    const coordinatorContext = await browser.newContext();
    try {
      const editor = await signIn(editorContext, 'editor@babel-langues.example');
      await editor.waitForURL(/\/fr\/provider\/organisations\//);
      await editor
        .locator(`a[href="/fr/provider/services/${String(service._id)}/sessions/new"]`)
        .click();
      await editor.waitForURL(/sessions\/new/);
      await editor.getByLabel('Niveau').selectOption('B2');
      await editor.getByLabel('Premier jour').fill('2027-09-06');
      await editor.getByLabel('Dernier jour').fill('2027-12-13');
      await editor.getByLabel('lundi').check();
      await editor.getByLabel('mercredi').check();
      await editor.getByLabel('Heure de début').fill('18:30');
      await editor.getByLabel('Heure de fin').fill('20:30');
      await editor.getByLabel('Nombre de places', { exact: false }).fill('14');
      await editor.getByLabel('Places libres', { exact: false }).fill('14');
      await editor.getByRole('button', { name: 'Enregistrer' }).click();
      await editor.waitForURL(/done=submitted/);
      expect(await editor.locator('.notice').textContent()).toContain(
        'La coordination va vérifier',
      );

      // Not public yet.
      const publicPage = await editorContext.newPage();
      await publicPage.goto(`${base}/fr/services/${service.slug}`);
      expect(await publicPage.content()).not.toContain('6 septembre 2027');

      const coordinator = await signIn(coordinatorContext, 'coordinator@onestop.example');
      await coordinator.waitForURL(/\/fr\/admin/);
      await coordinator.goto(`${base}/fr/admin/reviews`);
      const item = coordinator.locator('.manage-item', { hasText: '2027-09-06' });
      await item.getByRole('button', { name: /Valider et publier/ }).click();
      await coordinator.waitForURL(/done=approved/);

      await publicPage.goto(`${base}/fr/services/${service.slug}`);
      const html = await publicPage.content();
      expect(html).toContain('6 septembre 2027');
      expect(html).toContain('B2');
      await publicPage.screenshot({
        path: path.join(ARTIFACTS, 'session-approved-fr.png'),
        fullPage: true,
      });
      // And search finds it by level and day.
      const api = (await (
        await fetch(`${base}/api/v1/services?level=B2&day=mon&time=evening`)
      ).json()) as { hits: { slug: string }[] };
      expect(api.hits.map((h) => h.slug)).toContain(service.slug);
    } finally {
      await editorContext.close();
      await coordinatorContext.close();
    }
  }, 90_000);
});
