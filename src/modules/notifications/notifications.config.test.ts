import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('notification settings', () => {
  it('default to the local outbox, a 30-minute email fallback and surveys at 24 h and 72 h', () => {
    const n = loadConfig({}).notifications;
    assert.equal(n.smtp, null);
    assert.equal(n.twilio, null);
    assert.equal(n.emailFallbackMinutes, 30);
    assert.equal(n.surveyDelayHours, 24);
    assert.equal(n.surveyReminderHours, 72);
  });

  it('read SMTP from a URL or from host, port, TLS and credentials', () => {
    assert.deepEqual(
      loadConfig({ REDRESS_SMTP_URL: 'smtps://u:p@mail.example:465' }).notifications.smtp,
      {
        url: 'smtps://u:p@mail.example:465',
      },
    );
    assert.deepEqual(
      loadConfig({
        REDRESS_SMTP_HOST: 'mail.example',
        REDRESS_SMTP_SECURE: '1',
        REDRESS_SMTP_USER: 'u',
        REDRESS_SMTP_PASS: 'p',
      }).notifications.smtp,
      { host: 'mail.example', port: 465, secure: true, user: 'u', pass: 'p' },
    );
  });

  it('name every bad or incomplete setting', () => {
    const problems = problemsOf({
      REDRESS_SMTP_URL: 'http://mail',
      REDRESS_EMAIL_FALLBACK_MINUTES: '0',
      REDRESS_CHAT_WEBHOOK_URL: 'not a url',
    });
    assert.deepEqual(problems.map((p) => p.split('=')[0]).sort(), [
      'REDRESS_CHAT_WEBHOOK_URL',
      'REDRESS_EMAIL_FALLBACK_MINUTES',
      'REDRESS_SMTP_URL',
    ]);
    assert.match(
      problemsOf({ REDRESS_TWILIO_ACCOUNT_SID: 'AC1' })[0] ?? '',
      /give all three or none/,
    );
    assert.match(
      problemsOf({ REDRESS_SMS_WEBHOOK_URL: 'https://sms.example/hook' })[0] ?? '',
      /REDRESS_WEBHOOK_SECRET: is required/,
    );
  });
});
