import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import { transitionIncident } from '../incidents/index.js';
import {
  incidentFor,
  makeContact,
  messagesOf,
  runJobs,
  startSmtp,
  type TestSmtp,
} from './notifications.factories.js';
import type { Survey } from './notifications.js';
import { recordSurveyAnswer } from './use-cases/surveys.js';

interface ErrorBody {
  error: { code: string; details?: { fields?: { path: string }[] } };
}

describe(`surveys after resolution (${dialect})`, () => {
  let t: TestApp;
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      env: {
        REDRESS_SMTP_URL: smtp.url,
        REDRESS_SURVEY_DELAY_HOURS: '24',
        REDRESS_SURVEY_REMINDER_HOURS: '72',
      },
    });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const mailsTo = (customerId: string) =>
    smtp.mails.filter((m) => !Array.isArray(m.to) && m.to?.text.includes(customerId));

  async function resolvedIncident(locale: 'en' | 'es' | 'pt' = 'en') {
    const customerId = await makeContact(t.ctx.db, { locale });
    const { incident } = await incidentFor(t, customerId);
    await runJobs(t);
    await t.ctx.db.transaction().execute(async (trx) => {
      const ctx = { actor: 'staff:test', clock: t.clock };
      // Straight to resolving: no remedy plan is asked for, so only this module's messages go out.
      await trx
        .updateTable('incidents')
        .set({ state: 'verified' })
        .where('id', '=', incident.id)
        .execute();
      await transitionIncident(trx, incident.id, 'resolving', ctx);
      await transitionIncident(trx, incident.id, 'resolved', ctx);
    });
    await runJobs(t);
    return { customerId, incidentId: incident.id };
  }

  const events = async (incidentId: string) =>
    (await messagesOf(t, incidentId)).map((m) => m.event);

  it('tells the resolution, sends the survey a day later with one-click scores, and one reminder', async () => {
    const { customerId, incidentId } = await resolvedIncident('es');
    assert.deepEqual(await events(incidentId), ['detected', 'resolved']);

    await runJobs(t, 'PT23H');
    assert.deepEqual(await events(incidentId), ['detected', 'resolved'], 'not before the delay');
    await runJobs(t, 'PT1H');
    assert.deepEqual(await events(incidentId), ['detected', 'resolved', 'survey']);
    const mail = mailsTo(customerId).find((m) => m.subject?.startsWith('¿Qué tal lo hicimos'));
    assert.ok(mail, 'the survey email, in Spanish');
    const links = [...String(mail.html).matchAll(/href="([^"]+\?score=(\d))"/g)];
    assert.deepEqual(
      links.map((l) => l[2]),
      ['1', '2', '3', '4', '5'],
    );
    assert.ok(links.every((l) => l[1]?.includes('/track/')));
    assert.match(mail.text ?? '', /5 · Excelente: http:\/\/localhost:3000\/track\/\S+\?score=5/);

    const survey = (await t.call<Survey>('GET', `/api/incidents/${incidentId}/survey`)).body;
    assert.ok(survey.sentAt);
    assert.equal(survey.remindedAt, null);

    await runJobs(t, 'PT71H');
    assert.equal((await events(incidentId)).length, 3);
    await runJobs(t, 'PT1H');
    assert.deepEqual((await events(incidentId)).slice(-1), ['survey_reminder']);
    await runJobs(t, 'P10D');
    assert.equal((await events(incidentId)).length, 4, 'one reminder only');
    const reminded = (await t.call<Survey>('GET', `/api/incidents/${incidentId}/survey`)).body;
    assert.ok(reminded.remindedAt);
  });

  it('sends no reminder once answered, and keeps the first answer', async () => {
    const { incidentId } = await resolvedIncident();
    await runJobs(t, 'PT24H');
    assert.deepEqual((await events(incidentId)).slice(-1), ['survey']);

    const agent = await t.keyFor('agent');
    const first = await t.call<Survey>(
      'POST',
      `/api/incidents/${incidentId}/survey`,
      { score: 4, comment: '  Quick and kind  ', channel: 'phone' },
      agent,
    );
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.score, 4);
    assert.equal(first.body.comment, 'Quick and kind');
    assert.equal(first.body.channel, 'phone');

    const second = await t.ctx.db.transaction().execute((trx) =>
      recordSurveyAnswer(
        trx,
        { incidentId, score: 1, channel: 'status_page' },
        {
          now: t.clock.now().toISOString(),
          actor: 'customer',
        },
      ).catch((err: unknown) => err),
    );
    assert.equal((second as { code?: string }).code, 'survey_already_answered');
    const stored = (await t.call<Survey>('GET', `/api/incidents/${incidentId}/survey`)).body;
    assert.equal(stored.score, 4);

    await runJobs(t, 'PT80H');
    assert.ok(!(await events(incidentId)).includes('survey_reminder'));
  });

  it('refuses a score outside 1–5 and an answer before resolution', async () => {
    const customerId = await makeContact(t.ctx.db, {});
    const { incident } = await incidentFor(t, customerId);
    const bad = await t.call<ErrorBody>('POST', `/api/incidents/${incident.id}/survey`, {
      score: 6,
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details?.fields?.map((f) => f.path),
      ['score'],
    );
    const early = await t.call<ErrorBody>('POST', `/api/incidents/${incident.id}/survey`, {
      score: 5,
    });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'invalid_state');
  });

  it('does not send a survey once the incident is reopened', async () => {
    const { incidentId } = await resolvedIncident();
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        transitionIncident(trx, incidentId, 'reopened', { actor: 'staff:test', clock: t.clock }),
      );
    await runJobs(t, 'PT25H');
    assert.ok(!(await events(incidentId)).includes('survey'));
  });
});
