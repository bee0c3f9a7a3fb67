import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { preferredLocale } from './page.routes.js';
import { customerIncident, publicCall } from './status-page.factories.js';
import type { ActionResult } from './status-page.schemas.js';

describe(`status page HTML (${dialect})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function resolve(id: string) {
    for (const to of ['verified', 'resolving', 'resolved']) {
      const res = await t.call('POST', `/api/incidents/${id}/transitions`, {
        to,
        visibility: 'public',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  }

  it('renders the page in the customer’s language with strict security headers', async () => {
    const c = await customerIncident(t, { locale: 'pt' });
    await t.call('POST', `/api/incidents/${c.incidentId}/notes`, {
      message: 'Internal: packer Ana swapped bins',
      visibility: 'internal',
    });
    const res = await publicCall<string>(t, 'GET', `/track/${c.token}`);
    assert.equal(res.status, 200);
    assert.match(res.body, /<html lang="pt">/);
    assert.match(res.body, /Um artigo da sua encomenda não é o que encomendou\./);
    assert.match(res.body, /<main id="main"/);
    assert.match(res.body, /role="status" aria-live="polite"/);
    assert.doesNotMatch(res.body, /packer Ana|staff:/);
    assert.doesNotMatch(res.body, /<script>|<script [^>]*>[^<]/, 'no inline script');
    assert.doesNotMatch(res.body, /https?:\/\//, 'no external requests');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
    assert.equal(res.headers['cache-control'], 'no-store');
    const script = await publicCall<string>(t, 'GET', '/track/assets/status-page.js');
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
  });

  it('labels every form control', async () => {
    const c = await customerIncident(t);
    const { body } = await publicCall<string>(t, 'GET', `/track/${c.token}`);
    const ids = [...body.matchAll(/<(?:input|textarea)[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 2, 'the photo and talk forms are there');
    for (const id of ids) assert.ok(body.includes(`<label for="${id}"`), `label for ${id}`);
  });

  it('offers the survey after resolution with the score of a one-click link pre-selected', async () => {
    const c = await customerIncident(t, { locale: 'es' });
    const before = await publicCall<string>(t, 'GET', `/track/${c.token}?score=4`);
    assert.doesNotMatch(before.body, /name="score"/, 'no survey before resolution');
    await resolve(c.incidentId);
    const page = await publicCall<string>(t, 'GET', `/track/${c.token}?score=4`);
    assert.match(page.body, /name="score" id="[^"]+-4" value="4" required checked/);
    assert.match(page.body, /¿Qué tal lo hemos hecho\?/);
    const odd = await publicCall<string>(t, 'GET', `/track/${c.token}?score=9`);
    assert.doesNotMatch(odd.body, /checked/);

    const answer = await publicCall<ActionResult>(
      t,
      'POST',
      `/api/public/incidents/${c.token}/survey`,
      {
        score: 4,
        comment: 'Rápido y amable',
      },
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const shown = answer.body.view.incidents[0];
    assert.deepEqual(
      [shown?.survey, shown?.can.answerSurvey],
      [{ answered: true, score: 4 }, false],
    );
    const thanks = await publicCall<string>(t, 'GET', `/track/${c.token}`);
    assert.match(thanks.body, /Gracias por tu respuesta\./);
    assert.doesNotMatch(thanks.body, /name="score"/);
    const survey = await t.ctx.db
      .selectFrom('surveys')
      .select(['score', 'comment', 'channel'])
      .where('incident_id', '=', c.incidentId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(survey, { score: 4, comment: 'Rápido y amable', channel: 'status_page' });
    const again = await publicCall<{ error: { code: string } }>(
      t,
      'POST',
      `/api/public/incidents/${c.token}/survey`,
      { score: 1 },
    );
    assert.equal(again.status, 409);
  });

  it('shows the not-found page in the reader’s language and reveals nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/track/bm90LWEtdG9rZW4tYXQtYWxsLXJlYWxseQ',
      headers: { 'accept-language': 'pt-PT,pt;q=0.9,en;q=0.5' },
    });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Página não encontrada/);
    assert.doesNotMatch(res.body, /expired|customer|token/i);
    assert.equal(preferredLocale('fr-FR, es;q=0.4, en;q=0.8'), 'en');
    assert.equal(preferredLocale('de'), 'en');
    assert.equal(preferredLocale('es-MX'), 'es');
  });
});
