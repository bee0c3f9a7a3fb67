import { createHash } from 'node:crypto';
import { pageCss } from './page.css.js';
import type { IncidentView, OptionView, PlanView, PublicView } from './status-page.schemas.js';
import { formatMoney, formatWhen, texts, type PageLocale } from './status-page.texts.js';

/**
 * The status page as HTML, rendered on the server in the customer's language. The page works
 * as a document without script; `status-page.client.js` sends the forms and swaps in the blocks
 * whose `data-version` changed when a live update arrives.
 */
export const CLIENT_SCRIPT_PATH = '/track/assets/status-page.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type T = (typeof texts)[PageLocale];

function time(locale: PageLocale, iso: string, withTime = true): string {
  return `<time datetime="${esc(iso)}" data-style="${withTime ? 'datetime' : 'date'}">${esc(
    formatWhen(locale, iso, withTime),
  )}</time>`;
}

/** Every block is there even when empty, so that a live update swaps it in place. */
function block(name: string, html: string): string {
  const version = createHash('sha256').update(html).digest('base64url').slice(0, 12);
  return `<div data-block="${name}" data-version="${version}">${html}</div>`;
}

function head(locale: PageLocale, title: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(title)}</title><style>${pageCss}</style>`;
}

/** The whole page. `score` pre-selects a survey answer (the one-click link of the email). */
export function renderPage(view: PublicView, opts: { api: string; score?: number }): string {
  const t = texts[view.locale];
  const heading = view.order ? t.orderHeading(view.order.reference) : t.title;
  return `${head(view.locale, t.title)}
<script src="${CLIENT_SCRIPT_PATH}" defer></script></head><body>
<header><p class="muted">${esc(t.title)}</p></header>
<main id="main" data-api="${esc(opts.api)}" data-updated="${esc(t.updated)}"
 data-working="${esc(t.working)}" data-failed="${esc(t.failed)}">
<h1>${esc(heading)}</h1><p>${esc(t.hello(view.customerName))}</p>
<div id="live" class="sr-only" role="status" aria-live="polite"></div>
<div id="content">${renderContent(view, opts.score)}</div>
</main>
<footer><p class="muted">${t.linkExpires(time(view.locale, view.linkExpiresAt))}</p></footer>
</body></html>`;
}

/** The part of the page a live update replaces. */
export function renderContent(view: PublicView, score?: number): string {
  const many = view.incidents.length > 1;
  return view.incidents
    .map((incident, n) => renderIncident(view.locale, incident, many ? n + 1 : null, score))
    .join('\n');
}

function renderIncident(
  locale: PageLocale,
  i: IncidentView,
  n: number | null,
  score: number | undefined,
): string {
  const t = texts[locale];
  const hid = `case-${esc(i.id)}`;
  const title = n === null ? t.whatHappened : `${t.caseHeading(n)}: ${i.headline}`;
  const status = `<h3>${esc(t.whereWeAre)}</h3><p><span class="state">${esc(i.headline)}.</span> ${esc(i.detail)}</p>`;
  return `<section class="case" aria-labelledby="${hid}" data-incident="${esc(i.id)}">
<h2 id="${hid}">${esc(title)}</h2><p>${esc(i.whatHappened)}</p>
${block('status', status)}
${block('deadlines', deadlines(locale, i))}
${block('plan', i.plan ? plan(locale, i, i.plan) : '')}
${block('money', money(locale, i))}
${block('pickup', pickup(locale, i))}
${block('survey', survey(t, i, score))}
${block('timeline', timeline(locale, i))}
${block('photo', i.can.sendPhotos ? photo(t, i) : '')}
${block('talk', talk(t, i))}
</section>`;
}

function deadlines(locale: PageLocale, i: IncidentView): string {
  const t = texts[locale];
  const items = [
    i.deadlines.chooseBy ? t.chooseBy(time(locale, i.deadlines.chooseBy)) : '',
    i.deadlines.resolveBy ? t.resolveBy(time(locale, i.deadlines.resolveBy)) : '',
    i.restockDate ? t.restock(time(locale, i.restockDate, false)) : '',
  ].filter(Boolean);
  if (items.length === 0) return '';
  return `<h3>${esc(t.deadlines)}</h3><ul>${items.map((x) => `<li>${x}</li>`).join('')}</ul>`;
}

function optionFacts(locale: PageLocale, o: OptionView): string {
  const t = texts[locale];
  const rows: string[] = [];
  if (o.when) rows.push(`<dt>${esc(t.when)}</dt><dd>${time(locale, o.when, false)}</dd>`);
  if (o.value) {
    rows.push(
      `<dt>${esc(t.value)}</dt><dd>${esc(formatMoney(locale, o.value.amount, o.value.currency))}</dd>`,
    );
  }
  if (o.bonus) {
    rows.push(
      `<dt>${esc(t.bonus)}</dt><dd>+${esc(formatMoney(locale, o.bonus.amount, o.bonus.currency))}</dd>`,
    );
  }
  return rows.length > 0 ? `<dl>${rows.join('')}</dl>` : '';
}

function optionLabel(locale: PageLocale, o: OptionView, chosen: PlanView['chosenAt']): string {
  const t = texts[locale];
  const badge = o.isDefault ? ` <span class="badge">${esc(t.recommended)}</span>` : '';
  const mine = chosen ? ` <span class="done">${t.youChose(time(locale, chosen))}</span>` : '';
  return `<strong>${esc(o.title)}</strong>${badge}${mine}<br>${esc(o.customerGets)}${optionFacts(locale, o)}`;
}

function plan(locale: PageLocale, i: IncidentView, p: PlanView): string {
  const t = texts[locale];
  if (!p.open) {
    const shown = p.options.filter((o) => o.id === p.chosenOptionId || p.chosenOptionId === null);
    const items = shown.map(
      (o) =>
        `<li class="option"><div>${optionLabel(locale, o, o.id === p.chosenOptionId ? p.chosenAt : null)}</div></li>`,
    );
    return `<h3>${esc(t.options)}</h3><ul class="timeline">${items.join('')}</ul>`;
  }
  const selected = p.chosenOptionId ?? p.defaultOptionId;
  const radios = p.options.map((o) => {
    const id = `opt-${esc(i.id)}-${esc(o.id)}`;
    const attrs = o.id === selected ? ' checked' : '';
    return `<div class="option"><input type="radio" name="optionId" id="${id}" value="${esc(o.id)}" required${attrs}>
<label for="${id}">${optionLabel(locale, o, o.id === p.chosenOptionId ? p.chosenAt : null)}</label></div>`;
  });
  const note =
    p.deadlineAt && p.defaultOptionId ? `<p>${t.defaultNote(time(locale, p.deadlineAt))}</p>` : '';
  const window = p.options.some((o) => o.collectsItem)
    ? windowFields(t, `cw-${esc(i.id)}`, false)
    : '';
  return `<h3>${esc(t.options)}</h3>
<form data-action="choice" data-incident="${esc(i.id)}" data-done="${esc(t.confirmChoice)}">
<fieldset><legend>${esc(t.chooseLegend)}</legend>${radios.join('')}</fieldset>${window}${note}
<button type="submit">${esc(t.confirmChoice)}</button><p class="result" role="alert"></p></form>`;
}

function money(locale: PageLocale, i: IncidentView): string {
  if (i.refunds.length === 0) return '';
  const t = texts[locale];
  return `<h3>${esc(t.refund)}</h3><ul>${i.refunds.map((r) => `<li>${esc(r.text)}</li>`).join('')}</ul>`;
}

function pickup(locale: PageLocale, i: IncidentView): string {
  const t = texts[locale];
  const parts: string[] = [];
  if (i.pickup?.code) {
    parts.push(
      `<p><strong>${esc(t.pickupCode(i.pickup.code))}</strong>${i.pickup.place ? `<br>${esc(i.pickup.place)}` : ''}</p>`,
    );
    if (i.pickup.until) parts.push(`<p>${t.pickupUntil(time(locale, i.pickup.until))}</p>`);
  }
  if (i.pickupWindow) {
    parts.push(
      `<p class="done">${t.windowBooked(time(locale, i.pickupWindow.from), time(locale, i.pickupWindow.to))}</p>`,
    );
  }
  if (i.can.bookPickup) {
    const f = `pw-${esc(i.id)}`;
    parts.push(`<form data-action="pickup-window" data-incident="${esc(i.id)}" data-done="${esc(t.bookWindow)}">
${windowFields(t, f, true)}<button type="submit">${esc(t.bookWindow)}</button><p class="result" role="alert"></p></form>`);
  }
  return parts.length > 0 ? `<h3>${esc(t.pickup)}</h3>${parts.join('')}` : '';
}

/** From and to of a collection window; optional beside a choice, required on its own. */
function windowFields(t: T, f: string, required: boolean): string {
  const req = required ? ' required' : '';
  return `<fieldset><legend>${esc(t.pickupWindow)}</legend>
<label for="${f}-from">${esc(t.pickupFrom)}</label><input type="datetime-local" id="${f}-from" name="from"${req}>
<label for="${f}-to">${esc(t.pickupTo)}</label><input type="datetime-local" id="${f}-to" name="to"${req}>
</fieldset>`;
}

function survey(t: T, i: IncidentView, score: number | undefined): string {
  if (i.survey.answered)
    return `<h3>${esc(t.survey)}</h3><p class="done">${esc(t.surveyThanks)}</p>`;
  if (!i.can.answerSurvey) return '';
  const f = `sv-${esc(i.id)}`;
  const radios = t.scores.map((label, n) => {
    const value = n + 1;
    return `<span><input type="radio" name="score" id="${f}-${value}" value="${value}" required${value === score ? ' checked' : ''}>
<label for="${f}-${value}">${esc(label)}</label></span>`;
  });
  return `<h3>${esc(t.survey)}</h3>
<form data-action="survey" data-incident="${esc(i.id)}" data-done="${esc(t.surveyThanks)}">
<fieldset><legend>${esc(t.surveyLegend)}</legend><div class="scores">${radios.join('')}</div></fieldset>
<label for="${f}-comment">${esc(t.comment)}</label><textarea id="${f}-comment" name="comment" maxlength="2000"></textarea>
<button type="submit">${esc(t.sendSurvey)}</button><p class="result" role="alert"></p></form>`;
}

function timeline(locale: PageLocale, i: IncidentView): string {
  const t = texts[locale];
  if (i.timeline.length === 0) return '';
  const items = [...i.timeline]
    .reverse()
    .map(
      (e) =>
        `<li><span class="title">${esc(e.title)}</span> <span class="by">· ${esc(e.by)} · </span>${time(locale, e.at)}${
          e.message ? `<br>${esc(e.message)}` : ''
        }</li>`,
    );
  return `<h3>${esc(t.timeline)}</h3><ol class="timeline">${items.join('')}</ol>`;
}

function photo(t: T, i: IncidentView): string {
  const f = `ph-${esc(i.id)}`;
  return `<h3>${esc(t.photo)}</h3>
<form data-action="photos" data-incident="${esc(i.id)}" data-done="${esc(t.photoSent)}" enctype="multipart/form-data">
<label for="${f}">${esc(t.photoLabel)}</label><p class="muted" id="${f}-hint">${esc(t.photoHint)}</p>
<input type="file" id="${f}" name="photo" accept="image/jpeg,image/png,image/webp,image/heic,image/heif" aria-describedby="${f}-hint" required multiple>
<button type="submit">${esc(t.send)}</button><p class="result" role="alert"></p></form>`;
}

function talk(t: T, i: IncidentView): string {
  if (!i.can.escalate) return '';
  const f = `tk-${esc(i.id)}`;
  return `<h3>${esc(t.talk)}</h3><p>${esc(t.talkHint)}</p>
<form data-action="escalate" data-incident="${esc(i.id)}" data-done="${esc(t.talked)}">
<label for="${f}">${esc(t.talkMessage)}</label><textarea id="${f}" name="message" maxlength="2000"></textarea>
<button type="submit">${esc(t.talkButton)}</button><p class="result" role="alert"></p></form>`;
}

/** The same page for every link that does not open one. */
export function renderNotFound(locale: PageLocale): string {
  const t = texts[locale];
  return `${head(locale, t.notFoundTitle)}</head><body>
<main id="main"><h1>${esc(t.notFoundTitle)}</h1><p>${esc(t.notFoundBody)}</p></main></body></html>`;
}
