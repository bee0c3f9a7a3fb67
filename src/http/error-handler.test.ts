import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { installErrorHandler } from './error-handler.js';

describe('error handler', () => {
  it('answers an unexpected error with 500 internal_error and no stack or message of the cause', async () => {
    const app = Fastify({ logger: false });
    installErrorHandler(app);
    app.get('/boom', () => {
      throw new Error('secret detail: password=hunter2');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { error: { code: 'internal_error', message: 'Internal error' } });
    assert.doesNotMatch(res.body, /hunter2|at .*\.ts/);
    await app.close();
  });
});
