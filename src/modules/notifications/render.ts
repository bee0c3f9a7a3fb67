import type { MessageContent, PhoneScript, RenderedEmail, RenderedSms } from './notifications.js';
import { fill, templates } from './compose.js';
import type { Facts } from './templates/template-types.js';

/** Each channel renders the same content to its own form. */

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

function sections(c: MessageContent): string[][] {
  return [c.happened, c.doing, c.choice].filter((s) => s.length > 0);
}

export function renderEmail(c: MessageContent): RenderedEmail {
  const text = [
    c.greeting,
    '',
    c.headline,
    '',
    ...sections(c).flatMap((s) => [s.join(' '), '']),
    ...c.scores.map((s) => `${s.label}: ${s.url}`),
    ...(c.scores.length > 0 ? [''] : []),
    `${c.link.label}: ${c.link.url}`,
    '',
    c.closing,
    '',
    c.signoff,
    '',
  ].join('\n');
  return { subject: c.subject, text, html: emailHtml(c) };
}

function emailHtml(c: MessageContent): string {
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const button = (url: string, label: string, style: string) =>
    `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a>`;
  const primary =
    'display:inline-block;padding:12px 20px;background:#1f4b99;color:#ffffff;' +
    'text-decoration:none;border-radius:6px;font-weight:600';
  const score =
    'display:inline-block;margin:0 6px 8px 0;padding:10px 14px;border:1px solid #1f4b99;' +
    'color:#1f4b99;text-decoration:none;border-radius:6px';
  return [
    '<!doctype html>',
    `<html lang="${c.locale}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1d1d1f">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    p(c.greeting),
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(c.headline)}</h1>`,
    ...sections(c).map((s) => p(s.join(' '))),
    c.scores.length > 0
      ? `<p style="margin:0 0 16px">${c.scores.map((s) => button(s.url, s.label, score)).join('')}</p>`
      : '',
    `<p style="margin:0 0 24px">${button(c.link.url, c.link.label, primary)}</p>`,
    p(c.closing),
    `<p style="margin:0">${escapeHtml(c.signoff)}</p>`,
    '</div></body></html>',
  ]
    .filter(Boolean)
    .join('\n');
}

// GSM 03.38 basic set (the extension table's characters count twice).
const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtended = '^{}\\[~]|€';
const gsmFallback: Record<string, string> = {
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '·': '-',
  '…': '...',
  ç: 'c',
};

/**
 * SMS text in the GSM-7 alphabet where the language allows it (accents outside the alphabet lose
 * their mark: "reembolso emitido" stays readable), so a message fits in 2 segments instead of 5.
 */
export function toGsm7(text: string): string {
  return [...text]
    .map((ch) => {
      if (gsmBasic.includes(ch) || gsmExtended.includes(ch)) return ch;
      const mapped = gsmFallback[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
      return [...mapped].every((c) => gsmBasic.includes(c) || gsmExtended.includes(c))
        ? mapped
        : ch;
    })
    .join('');
}

export function smsSegments(text: string): { segments: number; encoding: 'gsm7' | 'ucs2' } {
  const chars = [...text];
  const gsm = chars.every((c) => gsmBasic.includes(c) || gsmExtended.includes(c));
  if (gsm) {
    const units = chars.reduce((n, c) => n + (gsmExtended.includes(c) ? 2 : 1), 0);
    return { segments: units <= 160 ? 1 : Math.ceil(units / 153), encoding: 'gsm7' };
  }
  const units = text.length; // UTF-16 code units
  return { segments: units <= 70 ? 1 : Math.ceil(units / 67), encoding: 'ucs2' };
}

export function renderSms(c: MessageContent): RenderedSms {
  const text = toGsm7(`${c.short} ${c.link.url}`);
  return { text, ...smsSegments(text) };
}

/** The body posted to the chat webhook. */
export function renderChat(
  c: MessageContent,
  ids: { messageId: string; incidentId: string; customerId: string },
): Record<string, unknown> {
  return {
    type: 'redress.customer_message',
    ...ids,
    event: c.event,
    locale: c.locale,
    headline: c.headline,
    text: [c.greeting, c.headline, ...sections(c).map((s) => s.join(' '))].join('\n\n'),
    sections: { happened: c.happened, doing: c.doing, choice: c.choice },
    link: c.link,
    actions: [
      ...c.scores.map((s) => ({ type: 'link', label: s.label, url: s.url })),
      { type: 'link', label: c.link.label, url: c.link.url },
    ],
  };
}

/** What an agent reads on the phone, in the customer's language. */
export function renderPhoneScript(c: MessageContent, facts: Facts): PhoneScript {
  const t = templates[c.locale];
  const lines = [
    fill(t.phone.opening, facts) ?? '',
    c.headline.endsWith('.') || c.headline.endsWith('?') ? c.headline : `${c.headline}.`,
    ...c.happened,
    ...c.doing,
    ...c.choice,
    t.phone.linkNote,
    t.phone.closing,
  ].filter(Boolean);
  return { locale: c.locale, lines, text: lines.join('\n') };
}
