// The provider and coordinator areas through HTTP, Passport, the session store, Mongoose and the
// search engine: sign-in, CSRF, validation, moderation, audit log, freshness, invitations.
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, DEMO_PASSWORD, csrfFrom, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  // The first file of a run seeds the demo directory: a while on a busy machine.
}, 120_000);
afterAll(async () => t?.close());

async function orgId(slug: string) {
  return String((await t.models.Organisation.findOne({ slug }).lean())!._id);
}

/** A published course session of Babel Langues. */
async function babelSession() {
  const services = await t.models.Service.find(
    { organisation: await orgId('babel-langues') },
    { _id: 1 },
  ).lean();
  return (await t.models.CourseSession.findOne({
    status: 'published',
    service: { $in: services.map((s) => s._id) },
  }).lean())!;
}

/** One service's row on the dashboard (from its opening tag), found by its edit link. */
function dashboardRow(html: string, lang: string, serviceId: unknown): string {
  const rows = html.split('<li class="manage-item').slice(1);
  const row = rows.find((r) => r.includes(`/${lang}/provider/services/${String(serviceId)}/edit`));
  if (!row) throw new Error(`no dashboard row for service ${String(serviceId)}`);
  return row;
}

/** A complete service form for Babel Langues, as a browser would send it. */
function serviceBody(overrides: Record<string, unknown> = {}) {
  return {
    category: 'language-course',
    targetLanguage: 'fr',
    name_fr: 'Français du soir pour parents',
    summary_fr: 'Cours du soir pour parents, garde d’enfants possible.',
    description_fr: 'Un cours pour apprendre le français de tous les jours.',
    name_ar: 'فرنسية مسائية للأهل',
    languages: ['fr', 'ar'],
    costType: 'free',
    accessModes: 'walk-in',
    delivery: 'in-person',
    intent: 'submit',
    ...overrides,
  };
}

describe('signing in', () => {
  it('signs in with the demo password and lands on the right area', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/fr/login').expect(200);
    expect(page.text).toContain('name="email"');
    const response = await agent
      .post('/fr/login')
      .type('form')
      .send({ email: DEMO.editor, password: DEMO_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/fr/provider');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/onestop\.sid=.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const dashboard = await agent.get('/fr/provider').redirects(1).expect(200);
    expect(dashboard.text).toContain('Babel');
    // The session lives in the database, not in memory.
    expect(await t.connection.db!.collection('sessions').countDocuments()).toBeGreaterThan(0);
  });

  it('refuses a wrong password with a translated message and keeps the e-mail', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/en/login');
    const response = await agent
      .post('/en/login')
      .type('form')
      .send({ email: DEMO.editor, password: 'wrong-password', _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(401);
    expect(response.text).toContain('The e-mail address or the password does not match');
    expect(response.text).toContain(`value="${DEMO.editor}"`);
  });

  it('regenerates the session id at sign-in (no session fixation)', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/fr/login');
    const before = /onestop\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const response = await agent
      .post('/fr/login')
      .type('form')
      .send({ email: DEMO.staff, password: DEMO_PASSWORD, _csrf: csrfFrom(page.text) });
    const after = /onestop\.sid=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
    expect(before).toBeTruthy();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it('signs out', async () => {
    const agent = await signIn(t.app, DEMO.coordinator);
    await agent.get('/fr/admin').expect(200);
    const out = await postForm(agent, '/fr/logout', {});
    expect(out.status).toBe(303);
    const again = await agent.get('/fr/admin');
    expect(again.status).toBe(302);
    expect(again.headers.location).toMatch(/^\/fr\/login/);
  });

  it('sends anonymous visitors of the provider area to the sign-in page and back', async () => {
    const response = await request(t.app).get('/fr/provider');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/fr/login?next=%2Ffr%2Fprovider');
  });
});

describe('CSRF', () => {
  it('refuses a form without token or with a wrong one, and writes nothing', async () => {
    const agent = await signIn(t.app, DEMO.editor);
    const id = await orgId('babel-langues');
    const count = await t.models.Service.countDocuments();
    const without = await agent
      .post(`/fr/provider/organisations/${id}/services`)
      .type('form')
      .send(serviceBody());
    expect(without.status).toBe(403);
    expect(without.text).toContain('Le formulaire a expiré');
    const wrong = await agent
      .post(`/fr/provider/organisations/${id}/services`)
      .type('form')
      .send({ ...serviceBody(), _csrf: 'x'.repeat(64) });
    expect(wrong.status).toBe(403);
    expect(await t.models.Service.countDocuments()).toBe(count);
  });

  it('refuses a token from another session', async () => {
    const mallory = await signIn(t.app, DEMO.otherEditor);
    const theirToken = csrfFrom((await mallory.get('/fr').expect(200)).text);
    const agent = await signIn(t.app, DEMO.editor);
    const id = await orgId('babel-langues');
    const response = await agent
      .post(`/fr/provider/organisations/${id}/services`)
      .type('form')
      .send({ ...serviceBody(), _csrf: theirToken });
    expect(response.status).toBe(403);
  });
});

describe('validation', () => {
  it.each([
    ['fr', 'Ce champ est obligatoire.', 'Indiquez le prix pour ce type de coût.'],
    ['en', 'This field is required.', 'Give the price for this kind of cost.'],
  ])(
    'shows the form again (400) in %s with what was typed and messages beside the fields',
    async (lang, required, amount) => {
      const agent = await signIn(t.app, DEMO.editor, lang);
      const id = await orgId('babel-langues');
      const count = await t.models.Service.countDocuments();
      const response = await postForm(
        agent,
        `/${lang}/provider/organisations/${id}/services`,
        serviceBody({ name_fr: '', costType: 'fixed', summary_fr: 'Texte gardé <b>tel quel</b>' }),
        lang,
      );
      expect(response.status).toBe(400);
      expect(response.text).toContain(required);
      expect(response.text).toContain(amount);
      // What was typed is kept (and escaped).
      expect(response.text).toContain('Texte gardé &lt;b&gt;tel quel&lt;/b&gt;');
      expect(response.text).toContain('فرنسية مسائية للأهل');
      // The error summary links to the fields.
      expect(response.text).toContain('href="#field-name_fr"');
      expect(response.text).toContain('id="field-name_fr"');
      expect(await t.models.Service.countDocuments()).toBe(count);
    },
  );

  it.each([
    [
      'fr',
      'Il ne peut pas y avoir plus de places libres que de places en tout.',
      'Écrivez un nombre.',
    ],
    ['en', 'There cannot be more free places than places in total.', 'Write a number.'],
  ])(
    'shows the dashboard again (400) in %s with the seats left as typed and the message beside them',
    async (lang, overCapacity, notANumber) => {
      const editor = await signIn(t.app, DEMO.editor, lang);
      const session = await babelSession();
      const audited = await t.models.AuditEntry.countDocuments({ subjectId: session._id });
      const input = (html: string) =>
        new RegExp(
          `<input type="number" id="seats-${session._id}" name="seatsLeft" value="([^"]*)"[^>]*>`,
        ).exec(html);
      for (const [typed, message] of [
        [String(session.capacity + 5), overCapacity],
        ['plein', notANumber],
      ] as const) {
        const response = await postForm(
          editor,
          `/${lang}/provider/sessions/${session._id}/seats`,
          { seatsLeft: typed },
          lang,
        );
        expect(response.status).toBe(400);
        // The dashboard of the session's organisation, with the value kept in its row.
        expect(response.text).toContain('Babel');
        const field = input(response.text);
        expect(field?.[1]).toBe(typed);
        expect(field?.[0]).toContain(`aria-describedby="seats-${session._id}-error"`);
        expect(response.text).toContain(
          `<p class="field-error" id="seats-${session._id}-error">${escapeHtml(message)}</p>`,
        );
        // The error summary links to the field.
        expect(response.text).toContain('class="error-summary"');
        expect(response.text).toContain(`href="#seats-${session._id}"`);
      }
      const after = (await t.models.CourseSession.findById(session._id).lean())!;
      expect(after.seatsLeft).toBe(session.seatsLeft);
      expect(after.updatedAt).toEqual(session.updatedAt);
      expect(await t.models.AuditEntry.countDocuments({ subjectId: session._id })).toBe(audited);
    },
  );

  it('answers 403, not the form, when another organisation’s editor sends a bad seats value', async () => {
    const mallory = await signIn(t.app, DEMO.otherEditor);
    const session = await babelSession();
    const response = await postForm(mallory, `/fr/provider/sessions/${session._id}/seats`, {
      seatsLeft: 'plein',
    });
    expect(response.status).toBe(403);
    expect(response.text).not.toContain('Babel');
  });

  it.each([
    ['fr', 'Ce champ est obligatoire.', 'Ce texte est trop long.'],
    ['en', 'This field is required.', 'This text is too long.'],
  ])(
    'shows the review queue again (400) in %s with the return comment as typed and the message beside it',
    async (lang, required, tooLong) => {
      const editor = await signIn(t.app, DEMO.editor);
      await postForm(
        editor,
        `/fr/provider/organisations/${await orgId('babel-langues')}/services`,
        serviceBody({ name_fr: `Atelier à commenter (${lang})` }),
      );
      const pending = (await t.models.Service.findOne({
        'name.fr': `Atelier à commenter (${lang})`,
      }).lean())!;
      expect(pending.status).toBe('pending');
      const coordinator = await signIn(t.app, DEMO.coordinator, lang);
      const audited = await t.models.AuditEntry.countDocuments({ subjectId: pending._id });
      const long = `Merci d’ajouter <b>les horaires</b>. ${'x'.repeat(1000)}`;
      for (const [typed, message] of [
        ['   ', required],
        [long, tooLong],
      ] as const) {
        const response = await postForm(
          coordinator,
          `/${lang}/admin/reviews/service/${pending._id}/return`,
          { comment: typed },
          lang,
        );
        expect(response.status).toBe(400);
        // The comment is kept (escaped) in its item's field, with the message beside it.
        const field = new RegExp(
          `<textarea id="comment-${pending._id}" name="comment"[^>]*>([^<]*)</textarea>`,
        ).exec(response.text);
        expect(field?.[1]).toBe(escapeHtml(typed));
        expect(field?.[0]).toContain(`aria-describedby="comment-${pending._id}-error"`);
        expect(response.text).toContain(
          `<p class="field-error" id="comment-${pending._id}-error">${escapeHtml(message)}</p>`,
        );
        expect(response.text).toContain('class="error-summary"');
        expect(response.text).toContain(`href="#comment-${pending._id}"`);
        // Only this item's field holds the comment; the others' stay empty.
        expect(
          response.text.match(/<textarea[^>]*name="comment"[^>]*>[^<]+<\/textarea>/g),
        ).toHaveLength(1);
      }
      const after = (await t.models.Service.findById(pending._id).lean())!;
      expect(after.status).toBe('pending');
      expect(after.reviewComment).toBeUndefined();
      expect(await t.models.AuditEntry.countDocuments({ subjectId: pending._id })).toBe(audited);
    },
  );

  it('ignores fields the form does not offer (no mass assignment)', async () => {
    const agent = await signIn(t.app, DEMO.editor);
    const id = await orgId('babel-langues');
    const response = await postForm(
      agent,
      `/fr/provider/organisations/${id}/services`,
      serviceBody({
        status: 'published',
        organisation: await orgId('maison-carrefour'),
        slug: 'hijack',
        lastVerifiedAt: '2000-01-01',
      }),
    );
    expect(response.status).toBe(303);
    const created = await t.models.Service.findOne({
      'name.fr': 'Français du soir pour parents',
      organisation: id,
    }).lean();
    expect(created).toBeTruthy();
    expect(created!.status).toBe('pending');
    expect(created!.slug).not.toBe('hijack');
    expect(created!.lastVerifiedAt.getFullYear()).toBeGreaterThan(2020);
  });
});

describe('moderation', () => {
  it('keeps the published version public until a coordinator approves the change', async () => {
    const editor = await signIn(t.app, DEMO.editor);
    const service = (await t.models.Service.findOne({
      organisation: await orgId('babel-langues'),
      status: 'published',
    }).lean())!;
    const page = await editor.get(`/fr/provider/services/${service._id}/edit`).expect(200);
    const oldName = (service.name as unknown as Record<string, string>).fr ?? '';
    expect(page.text).toContain(oldName.replace(/'/g, '&#x27;'));

    const body = serviceBody({
      category: service.category,
      name_fr: 'Nouveau nom en attente',
      summary_fr: 'Résumé modifié',
      description_fr: 'Description modifiée',
    });
    const saved = await postForm(editor, `/fr/provider/services/${service._id}`, body);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toContain('done=submitted');

    // Public page and search still show the published version.
    const before = await request(t.app).get(`/fr/services/${service.slug}`).expect(200);
    expect(before.text).not.toContain('Nouveau nom en attente');
    const searchBefore = await request(t.app)
      .get('/api/v1/services')
      .query({ q: 'Nouveau nom en attente' });
    expect(searchBefore.body.hits.map((h: { slug: string }) => h.slug)).not.toContain(service.slug);

    // The coordinator sees the diff and approves.
    const coordinator = await signIn(t.app, DEMO.coordinator);
    const queue = await coordinator.get('/fr/admin/reviews').expect(200);
    expect(queue.text).toContain('Nouveau nom en attente');
    expect(queue.text).toContain('name.fr');
    const approved = await postForm(
      coordinator,
      `/fr/admin/reviews/service/${service._id}/approve`,
      {},
    );
    expect(approved.status).toBe(303);

    const after = await request(t.app).get(`/fr/services/${service.slug}`).expect(200);
    expect(after.text).toContain('Nouveau nom en attente');
    const searchAfter = await request(t.app)
      .get('/api/v1/services')
      .query({ q: 'Nouveau nom en attente' });
    expect(searchAfter.body.hits[0].slug).toBe(service.slug);

    // Audit: the edit (pending) and the approval, with field-level before/after.
    const entries = await t.models.AuditEntry.find({ service: service._id }).sort({ at: 1 }).lean();
    const submit = entries.find((e) => e.action === 'submit')!;
    expect(submit.pending).toBe(true);
    expect(submit.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'name.fr',
          before: oldName,
          after: 'Nouveau nom en attente',
        }),
      ]),
    );
    const approve = entries.find((e) => e.action === 'approve')!;
    expect(approve.actorEmail).toBe(DEMO.coordinator);
    expect(approve.changes.map((c) => c.field)).toContain('name.fr');
    // Shown on the history page to the editor.
    const history = await editor.get(`/fr/provider/services/${service._id}/history`).expect(200);
    expect(history.text).toContain('Nouveau nom en attente');
    expect(history.text).toContain(DEMO.coordinator);
  });

  it('returns a new service with a comment; it stays private', async () => {
    const editor = await signIn(t.app, DEMO.editor);
    const id = await orgId('babel-langues');
    await postForm(
      editor,
      `/fr/provider/organisations/${id}/services`,
      serviceBody({ name_fr: 'Atelier à revoir' }),
    );
    const created = (await t.models.Service.findOne({ 'name.fr': 'Atelier à revoir' }).lean())!;
    expect(created.status).toBe('pending');
    const audit = await t.models.AuditEntry.findOne({
      subjectId: created._id,
      action: 'create',
    }).lean();
    expect(audit?.actorEmail).toBe(DEMO.editor);

    const coordinator = await signIn(t.app, DEMO.coordinator);
    const returned = await postForm(
      coordinator,
      `/fr/admin/reviews/service/${created._id}/return`,
      { comment: 'Ajoutez les horaires, merci.' },
    );
    expect(returned.status).toBe(303);
    const after = (await t.models.Service.findById(created._id).lean())!;
    expect(after.status).toBe('draft');
    await request(t.app).get(`/fr/services/${created.slug}`).expect(404);
    const dashboard = await editor.get(`/fr/provider/organisations/${id}`).expect(200);
    expect(dashboard.text).toContain('Ajoutez les horaires, merci.');
  });

  it('publishes a trusted organisation’s changes directly', async () => {
    const editor = await signIn(t.app, DEMO.trustedEditor);
    const id = await orgId('maison-carrefour');
    const response = await postForm(
      editor,
      `/fr/provider/organisations/${id}/services`,
      serviceBody({
        category: 'information-orientation',
        targetLanguage: '',
        name_fr: 'Permanence du jeudi soir',
      }),
    );
    expect(response.headers.location).toContain('done=saved');
    const created = (await t.models.Service.findOne({
      'name.fr': 'Permanence du jeudi soir',
    }).lean())!;
    expect(created.status).toBe('published');
    await request(t.app).get(`/fr/services/${created.slug}`).expect(200);
    const found = await request(t.app)
      .get('/api/v1/services')
      .query({ q: 'Permanence du jeudi soir' });
    expect(found.body.hits[0].slug).toBe(created.slug);
  });
});

describe('a form opened before someone else saved', () => {
  it.each(['fr', 'en'])(
    'is shown again in %s with what was typed, and only a second, deliberate save replaces the change',
    async (lang) => {
      const first = await signIn(t.app, DEMO.trustedEditor, lang);
      const second = await signIn(t.app, DEMO.trustedEditor, lang);
      const id = await orgId('maison-carrefour');
      await postForm(
        first,
        `/${lang}/provider/organisations/${id}/services`,
        serviceBody({
          category: 'housing',
          targetLanguage: '',
          name_fr: `Guichet logement ${lang}`,
        }),
        lang,
      );
      const service = (await t.models.Service.findOne({
        'name.fr': `Guichet logement ${lang}`,
      }).lean())!;
      const editUrl = `/${lang}/provider/services/${String(service._id)}/edit`;
      const basedOn = (html: string) => /name="basedOn" value="([^"]+)"/.exec(html)![1]!;
      // Both open the form; the second saves first.
      const openedByFirst = basedOn((await first.get(editUrl).expect(200)).text);
      const openedBySecond = basedOn((await second.get(editUrl).expect(200)).text);
      const save = (agent: Agent, name: string, stamp: string) =>
        postForm(
          agent,
          `/${lang}/provider/services/${String(service._id)}`,
          serviceBody({ category: 'housing', targetLanguage: '', name_fr: name, basedOn: stamp }),
          lang,
        );
      expect(
        (await save(second, 'Guichet logement (nouvelle adresse)', openedBySecond)).status,
      ).toBe(303);
      const stale = await save(first, 'Guichet logement et énergie', openedByFirst);
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('value="Guichet logement et énergie"');
      expect(stale.text).toContain(
        lang === 'fr'
          ? 'Vos modifications ci-dessous ne sont pas encore enregistrées'
          : 'Your changes below are not saved yet',
      );
      let stored = (await t.models.Service.findById(service._id).lean())!;
      expect(stored.name!.fr).toBe('Guichet logement (nouvelle adresse)');
      // Saved again from the form shown with the warning: that replaces the other change.
      expect((await save(first, 'Guichet logement et énergie', basedOn(stale.text))).status).toBe(
        303,
      );
      stored = (await t.models.Service.findById(service._id).lean())!;
      expect(stored.name!.fr).toBe('Guichet logement et énergie');
      // A malformed version is refused at the edge.
      expect((await save(first, 'X', 'yesterday')).status).toBe(400);
    },
  );
});

describe('two editors saving at the same moment', () => {
  it('keeps one of the saves whole and answers both, never a 500', async () => {
    const first = await signIn(t.app, DEMO.trustedEditor);
    const second = await signIn(t.app, DEMO.trustedEditor);
    const id = await orgId('maison-carrefour');
    const created = await postForm(
      first,
      `/fr/provider/organisations/${id}/services`,
      serviceBody({ category: 'housing', targetLanguage: '', name_fr: 'Bureau du logement' }),
    );
    expect(created.status).toBe(303);
    const service = (await t.models.Service.findOne({ 'name.fr': 'Bureau du logement' }).lean())!;
    // Lists as well as texts change (languages, documents): Mongoose versions such documents.
    const edit = (agent: Agent, n: number) =>
      postForm(
        agent,
        `/fr/provider/services/${String(service._id)}`,
        serviceBody({
          category: 'housing',
          targetLanguage: '',
          name_fr: `Bureau du logement ${n}`,
          languages: n % 2 ? ['fr', 'ar'] : ['fr', 'uk', 'fa'],
          documents_fr: `Pièce d’identité ${n}\nContrat de bail ${n}`,
        }),
      );
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => i + 1).map((n) => edit(n % 2 ? first : second, n)),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 303));
    const saved = (await t.models.Service.findById(service._id).lean())!;
    const n = Number(/(\d+)$/.exec(saved.name!.fr!)![1]);
    expect(saved.languages).toEqual(n % 2 ? ['fr', 'ar'] : ['fr', 'uk', 'fa']);
    expect(JSON.stringify(saved.documents)).toContain(`Contrat de bail ${n}`);
  });
});

describe('course sessions', () => {
  it('updates seats left in one step and closes registration, both public at once', async () => {
    const editor = await signIn(t.app, DEMO.editor);
    const session = (await t.models.CourseSession.findOne({
      status: 'published',
      service: {
        $in: (
          await t.models.Service.find(
            { organisation: await orgId('babel-langues') },
            { _id: 1 },
          ).lean()
        ).map((s) => s._id),
      },
    }).lean())!;
    const seats = Math.max(0, session.capacity - 1);
    const response = await postForm(editor, `/fr/provider/sessions/${session._id}/seats`, {
      seatsLeft: seats,
    });
    expect(response.status).toBe(303);
    expect((await t.models.CourseSession.findById(session._id).lean())!.seatsLeft).toBe(seats);
    const tooMany = await postForm(editor, `/fr/provider/sessions/${session._id}/seats`, {
      seatsLeft: session.capacity + 5,
    });
    expect(tooMany.status).toBe(400);
    expect((await t.models.CourseSession.findById(session._id).lean())!.seatsLeft).toBe(seats);
    await postForm(editor, `/fr/provider/sessions/${session._id}/close`, {});
    expect((await t.models.CourseSession.findById(session._id).lean())!.registrationOpen).toBe(
      false,
    );
  });

  it('duplicates a session as next term, with the dates moved after its end', async () => {
    const editor = await signIn(t.app, DEMO.editor);
    const session = (await t.models.CourseSession.findOne({
      service: {
        $in: (
          await t.models.Service.find(
            { organisation: await orgId('babel-langues') },
            { _id: 1 },
          ).lean()
        ).map((s) => s._id),
      },
    }).lean())!;
    const form = await editor
      .get(`/fr/provider/services/${session.service}/sessions/new?from=${session._id}`)
      .expect(200);
    const start = /name="startDate" value="([^"]+)"/.exec(form.text)![1]!;
    expect(new Date(start).getTime()).toBeGreaterThan(session.endDate.getTime());
  });
});

describe('freshness', () => {
  it('flags a service only once STALE_AFTER_DAYS have passed, and "still accurate" clears it', async () => {
    const id = await orgId('babel-langues');
    const service = (await t.models.Service.findOne({
      organisation: id,
      status: 'published',
    }).lean())!;
    const name = escapeHtml(String((service.name as unknown as Record<string, string>).fr));
    const editor = await signIn(t.app, DEMO.editor);
    const coordinator = await signIn(t.app, DEMO.coordinator);
    const limit = t.config.staleAfterDays * 86_400_000;
    const HOUR = 3_600_000;
    const checkedAgo = (ms: number) =>
      t.models.Service.updateOne(
        { _id: service._id },
        { $set: { lastVerifiedAt: new Date(Date.now() - ms) } },
      );
    const dashboardRowOf = async () =>
      dashboardRow(
        (await editor.get(`/fr/provider/organisations/${id}`).expect(200)).text,
        'fr',
        service._id,
      );
    const staleList = async () => (await coordinator.get('/fr/admin/stale').expect(200)).text;

    // An hour before the limit: not flagged, on the dashboard or for the coordinator.
    await checkedAgo(limit - HOUR);
    const fresh = await dashboardRowOf();
    expect(fresh.startsWith('">')).toBe(true);
    expect(fresh).not.toContain('stale-flag');
    expect(await staleList()).not.toContain(name);

    // An hour past it: flagged on both.
    await checkedAgo(limit + HOUR);
    const stale = await dashboardRowOf();
    expect(stale.startsWith(' is-stale">')).toBe(true);
    expect(stale).toContain('À vérifier');
    expect(await staleList()).toContain(name);
    const staleSince = (await t.models.Service.findById(service._id).lean())!.lastVerifiedAt;

    const clicked = Date.now();
    const verified = await postForm(editor, `/fr/provider/services/${service._id}/verify`, {});
    expect(verified.status).toBe(303);
    expect(verified.headers.location).toBe(`/fr/provider/organisations/${id}?done=verified`);
    const after = (await t.models.Service.findById(service._id).lean())!;
    expect(after.lastVerifiedAt.getTime()).toBeGreaterThanOrEqual(clicked - 1_000);
    expect(after.lastVerifiedAt.getTime()).toBeLessThanOrEqual(Date.now());
    const cleared = await dashboardRowOf();
    expect(cleared.startsWith('">')).toBe(true);
    expect(cleared).not.toContain('stale-flag');
    expect(await staleList()).not.toContain(name);
    const publicPage = await request(t.app).get(`/fr/services/${service.slug}`).expect(200);
    expect(publicPage.text).toContain('Vérifié aujourd’hui');
    const audit = await t.models.AuditEntry.find({
      subjectId: service._id,
      action: 'verify',
    }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorEmail).toBe(DEMO.editor);
    expect(audit[0]!.changes).toEqual([
      {
        field: 'lastVerifiedAt',
        before: staleSince.toISOString().slice(0, 10),
        after: after.lastVerifiedAt.toISOString().slice(0, 10),
      },
    ]);
  });
});

describe('accounts', () => {
  it('invites an editor, who sets a password from the one-time link and signs in', async () => {
    const coordinator = await signIn(t.app, DEMO.coordinator);
    const invited = await postForm(coordinator, '/fr/admin/users', {
      email: 'nouvelle@babel-langues.example',
      role: 'editor',
      organisation: await orgId('babel-langues'),
    });
    expect(invited.status).toBe(201);
    const link = /href="http:\/\/localhost:\d+(\/fr\/account\/password\/[A-Za-z0-9_-]{43})"/.exec(
      invited.text,
    )![1]!;
    const visitor = request.agent(t.app);
    const form = await visitor.get(link).expect(200);
    const short = await visitor
      .post(link)
      .type('form')
      .send({ password: 'court', confirm: 'court', _csrf: csrfFrom(form.text) });
    expect(short.status).toBe(400);
    expect(short.text).toContain('au moins 10 caractères');
    const set = await visitor
      .post(link)
      .type('form')
      .send({
        password: 'un-mot-de-passe-long',
        confirm: 'un-mot-de-passe-long',
        _csrf: csrfFrom(short.text),
      });
    expect(set.status).toBe(303);
    // The link works once.
    await visitor.get(link).expect(410);
    const login = await visitor.get('/fr/login');
    const signedIn = await visitor
      .post('/fr/login')
      .type('form')
      .send({
        email: 'nouvelle@babel-langues.example',
        password: 'un-mot-de-passe-long',
        _csrf: csrfFrom(login.text),
      });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/fr/provider');
    const user = (await t.models.User.findOne({ email: 'nouvelle@babel-langues.example' }).lean())!;
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    // Only the token's hash is stored.
    expect(await t.models.AccountToken.countDocuments({ _id: link.split('/').pop() })).toBe(0);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with a translated message after too many failed attempts', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_LIMIT: '2' }, dbName: t.dbName });
    // Counters live in the database: start from none (earlier tests failed a sign-in too).
    await t.models.RateLimitCounter.deleteMany({});
    try {
      const agent = request.agent(limited.app);
      const attempt = async (password: string) => {
        const page = await agent.get('/fr/login');
        return agent
          .post('/fr/login')
          .type('form')
          .send({ email: DEMO.editor, password, _csrf: csrfFrom(page.text) });
      };
      expect((await attempt('wrong-1')).status).toBe(401);
      expect((await attempt('wrong-2')).status).toBe(401);
      const blocked = await attempt(DEMO_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Trop d’essais');
      expect(blocked.headers['ratelimit-policy']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
