import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type SignedIn, type TestApp } from '../../test/harness.js';
import { locationBody } from '../catalog/catalog.testing.js';
import { access, roles, userRoles, type Capability, type Role } from './index.js';

/**
 * The role table, walked: every registered staff route, sent by every role (people with their
 * session, integrations with a key) and by nobody, must be refused or let through exactly as the
 * table says. The expected capability of each route is written once, here; the roles of each
 * capability once, in `access` — and the README shows the same table.
 */
const expected: Record<string, Capability> = {
  'GET /api/api-keys': 'admin',
  'POST /api/api-keys': 'admin',
  'DELETE /api/api-keys/:id': 'admin',
  'POST /api/auth/sign-out': 'self',
  'POST /api/auth/password': 'self',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'GET /api/users/:id': 'admin',
  'PATCH /api/users/:id': 'admin',
  'POST /api/users/:id/invitations': 'admin',
  'POST /api/suppliers': 'catalogWrite',
  'GET /api/suppliers': 'referenceRead',
  'GET /api/suppliers/:id': 'referenceRead',
  'PATCH /api/suppliers/:id': 'catalogWrite',
  'POST /api/locations': 'catalogWrite',
  'GET /api/locations': 'referenceRead',
  'GET /api/locations/:id': 'referenceRead',
  'PATCH /api/locations/:id': 'catalogWrite',
  'POST /api/products': 'catalogWrite',
  'POST /api/products/batch': 'catalogWrite',
  'GET /api/products': 'referenceRead',
  'GET /api/products/:id': 'referenceRead',
  'PATCH /api/products/:id': 'catalogWrite',
  'POST /api/customers': 'customersWrite',
  'GET /api/customers': 'customersRead',
  'GET /api/customers/:id': 'customersRead',
  'PATCH /api/customers/:id': 'customersWrite',
  'GET /api/inventory': 'inventoryRead',
  'GET /api/inventory/movements': 'inventoryRead',
  'POST /api/inventory/adjustments': 'inventoryWrite',
  'POST /api/inventory/purchase-orders': 'inventoryWrite',
  'GET /api/inventory/purchase-orders': 'inventoryRead',
  'GET /api/inventory/purchase-orders/:id': 'inventoryRead',
  'PATCH /api/inventory/purchase-orders/:id': 'inventoryWrite',
  'POST /api/inventory/purchase-orders/:id/receipts': 'inventoryWrite',
  'POST /api/inventory/purchase-orders/:id/cancel': 'inventoryWrite',
  'POST /api/inventory/feeds': 'inventoryFeeds',
  'GET /api/inventory/freshness': 'inventoryRead',
  'PUT /api/inventory/freshness/:locationId': 'admin',
  'POST /api/inventory/rejections': 'stockRejections',
  'GET /api/inventory/drift': 'inventoryRead',
  'GET /api/orders': 'ordersRead',
  'GET /api/orders/:id': 'ordersRead',
  'POST /api/orders': 'ordersIntake',
  'POST /api/orders/:id/allocations': 'ordersWrite',
  'POST /api/orders/:id/shipments/:shipmentId/pack': 'packing',
  'POST /api/orders/:id/shipments/:shipmentId/ship': 'shipping',
  'POST /api/orders/:id/shipments/:shipmentId/deliver': 'shipping',
  'POST /api/orders/:id/shipments/:shipmentId/cancel': 'ordersWrite',
  'POST /api/orders/:id/lines/:lineId/cancel': 'ordersWrite',
  'POST /api/orders/:id/returns': 'ordersWrite',
  'POST /api/pack-sessions': 'packing',
  'GET /api/pack-sessions/stats': 'read',
  'GET /api/pack-sessions/:id': 'read',
  'POST /api/pack-sessions/:id/scans': 'packing',
  'POST /api/pack-sessions/:id/close': 'packing',
  'GET /api/incidents': 'read',
  'POST /api/incidents': 'incidentsReport',
  'POST /api/incidents/:id/attachments': 'incidentsReport',
  'GET /api/incidents/:id/attachments/:attachmentId': 'read',
  'GET /api/incidents/:id': 'read',
  'POST /api/incidents/:id/transitions': 'incidentsWrite',
  'POST /api/incidents/:id/notes': 'incidentsWrite',
  'POST /api/incidents/:id/escalate': 'incidentsWrite',
  'PATCH /api/incidents/:id': 'incidentsWrite',
  'POST /api/carrier-events': 'carrierEvents',
  'GET /api/carrier-events': 'read',
  'POST /api/refunds': 'compensate',
  'GET /api/refunds': 'moneyRead',
  'GET /api/refunds/alerts': 'moneyRead',
  'GET /api/refunds/:id': 'moneyRead',
  'POST /api/refunds/:id/approve': 'approve',
  'POST /api/refunds/:id/confirm': 'moneyWrite',
  'POST /api/refunds/:id/cancel': 'compensate',
  'POST /api/payments': 'payments',
  'GET /api/payments': 'moneyRead',
  'POST /api/vouchers': 'compensate',
  'GET /api/vouchers': 'documentsRead',
  'POST /api/vouchers/redeem': 'spend',
  'GET /api/vouchers/:idOrCode': 'documentsRead',
  'POST /api/vouchers/:id/void': 'compensate',
  'GET /api/store-credit/:customerId': 'moneyRead',
  'POST /api/store-credit/:customerId/credit': 'moneyWrite',
  'POST /api/store-credit/:customerId/debit': 'spend',
  'POST /api/store-credit/:customerId/entries/:entryId/reverse': 'moneyWrite',
  'POST /api/credit-notes': 'moneyWrite',
  'GET /api/credit-notes': 'documentsRead',
  'GET /api/credit-notes/:id.pdf': 'documentsRead',
  'GET /api/credit-notes/:id': 'documentsRead',
  'GET /api/ledger': 'moneyRead',
  'GET /api/ledger/export': 'moneyRead',
  'POST /api/ledger': 'moneyWrite',
  'POST /api/contract-outcomes': 'moneyWrite',
  'GET /api/contract-penalties': 'moneyRead',
  'GET /api/policy': 'read',
  'GET /api/policy/versions': 'read',
  'GET /api/policy/versions/:version': 'read',
  'PUT /api/policy': 'policyWrite',
  'GET /api/incidents/:id/plan': 'read',
  'POST /api/incidents/:id/plan': 'remediesWrite',
  'POST /api/incidents/:id/plan/choose': 'remediesWrite',
  'POST /api/incidents/:id/plan/approve': 'approve',
  'POST /api/incidents/:id/plan/steps/:stepId/received': 'receiving',
  'GET /api/incidents/:id/messages': 'messagesRead',
  'GET /api/incidents/:id/phone-script': 'messagesRead',
  'GET /api/incidents/:id/survey': 'messagesRead',
  'POST /api/incidents/:id/survey': 'incidentsWrite',
  'GET /api/messages': 'messagesRead',
  'GET /api/outbox': 'messagesRead',
  'GET /api/messages/preview': 'messagesRead',
  'POST /api/messages/preview': 'messagesRead',
  'GET /api/messages/:id': 'messagesRead',
  'POST /api/messages/:id/resend': 'incidentsWrite',
  'GET /api/customers/:id/contact-preferences': 'customersRead',
  'PUT /api/customers/:id/contact-preferences': 'customersWrite',
  'GET /api/kpis': 'analyticsRead',
  'GET /api/kpis/export': 'analyticsRead',
  'POST /api/kpis/fold': 'admin',
  'GET /api/incidents/:id/root-cause/suggestion': 'analyticsRead',
  'GET /api/root-causes/pareto': 'analyticsRead',
  'GET /api/root-causes/scorecards': 'analyticsRead',
  'GET /api/root-causes/look-alikes': 'analyticsRead',
  'GET /api/corrective-actions/suggestions': 'analyticsRead',
  'POST /api/corrective-actions': 'preventionWrite',
  'GET /api/corrective-actions': 'analyticsRead',
  'GET /api/corrective-actions/:id': 'analyticsRead',
  'PATCH /api/corrective-actions/:id': 'preventionWrite',
  'GET /api/corrective-actions/:id/effect': 'analyticsRead',
  'POST /api/test/clock': 'admin',
};

interface ErrorBody {
  error: { code: string; details?: { allowed?: string[] } };
}

const concrete = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, 'zz9');

describe(`the role table (${dialect})`, () => {
  let t: TestApp;
  const people = new Map<Role, SignedIn>();
  let integrationKey: string;
  before(async () => {
    t = await createTestApp();
    const store = await t.call<{ id: string }>(
      'POST',
      '/api/locations',
      locationBody({ kind: 'store', zone: 'city', name: 'Canal Street shop' }),
    );
    for (const role of userRoles) {
      people.set(
        role,
        await t.signedIn(role, role === 'store' ? { locationId: store.body.id } : {}),
      );
    }
    integrationKey = await t.keyFor('integration');
  });
  after(() => t.close());

  const staffRoutes = () =>
    t.routes.flatMap((r) =>
      r.config?.roles
        ? [r.method]
            .flat()
            .filter((m) => m !== 'HEAD')
            .map((method) => ({
              key: `${method} ${r.url ?? ''}`,
              method,
              url: r.url ?? '',
              roles: r.config?.roles,
            }))
        : [],
    );

  it('gives every staff route a capability of the one table, as expected', () => {
    const routes = staffRoutes();
    const declared = Object.fromEntries(
      routes.map((r) => [
        r.key,
        Object.entries(access).find(([, v]) => v === r.roles)?.[0] ?? 'a role list of its own',
      ]),
    );
    assert.deepEqual(declared, expected);
  });

  it('answers every route for every role and for nobody as the table says', async () => {
    // Sign-out last: it ends the session the walk uses.
    const routes = staffRoutes().sort((a, b) =>
      a.key === 'POST /api/auth/sign-out' ? 1 : b.key === 'POST /api/auth/sign-out' ? -1 : 0,
    );
    const wrong: string[] = [];
    const send = async (method: string, url: string, role?: Role) => {
      const who = role && role !== 'integration' ? people.get(role) : undefined;
      const headers: Record<string, string> = who
        ? { cookie: who.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrfToken }) }
        : role === 'integration'
          ? { authorization: `Bearer ${integrationKey}` }
          : {};
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      });
      return { status: res.statusCode, body: res.body };
    };
    for (const role of [undefined, ...roles]) {
      for (const r of routes) {
        const allowed = (r.roles ?? []).includes(role as Role);
        const a = await send(r.method, concrete(r.url), role);
        const refusedByRole =
          a.status === 403 &&
          (JSON.parse(a.body) as ErrorBody).error.details?.allowed !== undefined;
        const ok =
          role === undefined
            ? a.status === 401
            : allowed
              ? a.status !== 401 && !refusedByRole
              : refusedByRole;
        if (!ok) wrong.push(`${role ?? 'nobody'} ${r.key} → ${a.status} ${a.body.slice(0, 100)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps customers’ message contents from viewers, packing from agents, carrier events from packers', () => {
    assert.ok(!access.messagesRead.includes('viewer' as never));
    assert.ok(!access.customersRead.includes('viewer' as never));
    assert.ok(!access.packing.includes('agent' as never));
    assert.ok(!access.shipping.includes('agent' as never));
    assert.ok(!access.carrierEvents.includes('packer' as never));
    assert.ok(!access.payments.includes('agent' as never));
  });

  it('is written in the README exactly as in code', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- role-table -->')[1] ?? '';
    const rows = section
      .split('\n')
      .filter((l) => /^\| `\w+`/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()));
    const header = section
      .split('\n')
      .find((l) => l.startsWith('| capability'))
      ?.split('|')
      .map((c) => c.trim());
    assert.ok(header, 'the README has the role table');
    const columns = roles.map((role) => header.indexOf(role));
    const written = Object.fromEntries(
      rows.map((cells) => [
        (cells[1] ?? '').replace(/`/g, ''),
        roles.filter((_, i) => cells[columns[i] ?? -1] === '✓'),
      ]),
    );
    const inCode = Object.fromEntries(
      Object.entries(access).map(([k, v]) => [
        k,
        roles.filter((r) => (v as readonly string[]).includes(r)),
      ]),
    );
    assert.deepEqual(written, inCode);
  });
});
