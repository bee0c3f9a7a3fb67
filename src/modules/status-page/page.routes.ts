import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { pageCssHash } from './page.css.js';
import { CLIENT_SCRIPT_PATH, renderNotFound, renderPage } from './page.html.js';
import { tokenParams } from './status-page.schemas.js';
import { pageLocales, type PageLocale } from './status-page.texts.js';
import { buildView, openPage } from './use-cases/read-page.js';

const clientScript = readFileSync(new URL('./status-page.client.js', import.meta.url), 'utf8');

/** Same-origin script and the inline stylesheet by hash; nothing else loads or frames the page. */
const pageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src ${pageCssHash}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The language of the not-found page, from Accept-Language (the link told us nothing). */
export function preferredLocale(header: string | undefined): PageLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => (pageLocales as readonly string[]).includes(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as PageLocale | undefined) ?? 'en';
}

export const pageRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
  });

  app.get(
    CLIENT_SCRIPT_PATH,
    { config: { public: "the status page's own script, no data" }, schema: { hide: true } },
    (_req, reply) => reply.type('text/javascript; charset=utf-8').send(clientScript),
  );

  app.get(
    '/track/:token',
    {
      config: { public: "the customer's page; its link token is checked" },
      schema: {
        hide: true,
        params: tokenParams,
        querystring: z.object({ score: z.string().optional() }),
      },
    },
    async (req, reply) => {
      reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp);
      try {
        const access = await openPage(ctx, req.params.token);
        const view = await buildView(ctx, access);
        const score = Number(req.query.score);
        const api = `/api/public/incidents/${encodeURIComponent(req.params.token)}`;
        const preselect = Number.isInteger(score) && score >= 1 && score <= 5 ? { score } : {};
        return reply.send(renderPage(view, { api, ...preselect }));
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'token_invalid') throw err;
        return reply
          .code(404)
          .send(renderNotFound(preferredLocale(req.headers['accept-language'])));
      }
    },
  );
};
