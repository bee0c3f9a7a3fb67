import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, dialect, type TestApp } from '../test/harness.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }>;
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

/** What a client generated from /openapi.json needs: names, summaries and the errors it can get. */
describe(`the OpenAPI document (${dialect})`, () => {
  let t: TestApp;
  let doc: Doc;
  let operations: { key: string; op: Operation }[];
  before(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ url: '/openapi.json' })).json<Doc>();
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method} ${path}`, op })),
    );
  });
  after(() => t.close());

  it('documents every route that is not hidden', () => {
    const documented = t.routes.filter(
      (r) =>
        r.url &&
        !r.url.startsWith('/docs') &&
        !r.url.startsWith('/track') &&
        r.url !== '/openapi.json',
    );
    const count = documented.flatMap((r) => [r.method].flat().filter((m) => m !== 'HEAD')).length;
    assert.equal(operations.length, count);
  });

  it('gives every operation a unique camelCase operationId and a summary', () => {
    const missing = operations.filter(({ op }) => !op.operationId).map((o) => o.key);
    assert.deepEqual(missing, []);
    const badlyNamed = operations
      .filter(({ op }) => !/^[a-z][a-zA-Z0-9]*$/.test(op.operationId ?? ''))
      .map((o) => `${o.key}: ${o.op.operationId}`);
    assert.deepEqual(badlyNamed, []);
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { key, op } of operations) {
      const id = op.operationId ?? '';
      if (seen.has(id)) twice.push(`${id}: ${seen.get(id)} and ${key}`);
      seen.set(id, key);
    }
    assert.deepEqual(twice, []);
    const noSummary = operations.filter(({ op }) => !op.summary?.trim()).map((o) => o.key);
    assert.deepEqual(noSummary, []);
  });

  it('documents the errors each route can answer with the one error schema', () => {
    assert.ok(doc.components.schemas.Error, 'the shared Error schema');
    const refOf = (op: Operation, status: string) =>
      op.responses[status]?.content?.['application/json']?.schema?.$ref;
    const wrong: string[] = [];
    for (const { key, op } of operations) {
      const [method = '', path = ''] = key.split(' ');
      const expected = ['500'];
      if (op.security === undefined || op.security.length > 0) expected.push('401', '403');
      if (path.includes('{')) expected.push('404');
      if (method !== 'get') expected.push('409');
      for (const status of expected) {
        if (refOf(op, status) !== '#/components/schemas/Error') wrong.push(`${key} ${status}`);
      }
    }
    assert.deepEqual(wrong, []);
    const signIn = doc.paths['/api/auth/sign-in']?.post;
    assert.ok(signIn && refOf(signIn, '429'));
    assert.deepEqual(signIn.security, [], 'signing in needs no credentials');
  });

  it('answers errors in the documented shape', async () => {
    const res = await t.call<{ error: Record<string, unknown> }>('GET', '/api/incidents/inc_none');
    assert.equal(res.status, 404);
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'details', 'message']);
  });
});
