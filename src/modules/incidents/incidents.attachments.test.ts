import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { InsertQueryNode, type KyselyPlugin } from 'kysely';
import { createTestApp, dialect, type TestApp } from '../../test/harness.js';
import {
  incidentBody,
  multipartBody,
  tinyJpeg,
  tinyPng,
  type FormPart,
} from './incidents.factories.js';
import type { Attachment, IncidentDetail } from './incidents.js';
import { attachFiles, type UploadPart } from './use-cases/attach-files.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { limit?: number; fields?: { path: string; message: string }[] };
  };
}

const LIMIT = 1024;

describe(`incident attachments (${dialect})`, () => {
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redress-uploads-'));
    t = await createTestApp({
      env: { REDRESS_DATA_DIR: dataDir, REDRESS_UPLOAD_MAX_BYTES: String(LIMIT) },
    });
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newIncident(): Promise<string> {
    const res = await t.call<IncidentDetail>('POST', '/api/incidents', incidentBody());
    assert.equal(res.status, 201);
    return res.body.id;
  }

  async function upload(id: string, parts: FormPart[], key = t.adminKey) {
    const { payload, contentType } = multipartBody(parts);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/attachments`,
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
      payload,
    });
    return { status: res.statusCode, body: res.json<{ data: Attachment[] } & ErrorBody>() };
  }

  const filesOf = (id: string): string[] => {
    try {
      return readdirSync(join(dataDir, 'uploads', id)).sort();
    } catch {
      return [];
    }
  };

  const rowsOf = (id: string) =>
    t.ctx.db.selectFrom('incident_attachments').selectAll().where('incident_id', '=', id).execute();

  it('stores a PNG and a JPEG, typed by their bytes, and lists them on the incident', async () => {
    const id = await newIncident();
    const res = await upload(id, [
      { field: 'photo', filename: 'box.png', contentType: 'text/plain', data: tinyPng },
      { field: 'photo', filename: 'label.jpeg', data: tinyJpeg },
    ]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [png, jpeg] = res.body.data;
    assert.equal(png?.contentType, 'image/png', 'the declared text/plain is ignored');
    assert.equal(png?.size, tinyPng.length);
    assert.equal(png?.filename, 'box.png');
    assert.equal(jpeg?.contentType, 'image/jpeg');
    assert.equal(png?.uploadedBy, 'test admin');
    assert.deepEqual(filesOf(id), [`${png?.id}.png`, `${jpeg?.id}.jpg`].sort(), 'no temp files');
    assert.deepEqual(readFileSync(join(dataDir, 'uploads', id, `${png?.id}.png`)), tinyPng);

    const detail = await t.call<IncidentDetail>('GET', `/api/incidents/${id}`);
    assert.deepEqual(
      detail.body.attachments.map((a) => a.id),
      [png?.id, jpeg?.id],
    );
    const entries = detail.body.timeline.filter((e) => e.kind === 'attachment_added');
    assert.deepEqual(
      entries.map((e) => e.data?.attachmentId),
      [png?.id, jpeg?.id],
    );
  });

  it('serves a file back with its content type and length', async () => {
    const id = await newIncident();
    const made = await upload(id, [{ field: 'photo', filename: 'shot.png', data: tinyPng }]);
    const viewer = await t.keyFor('viewer');
    const res = await t.app.inject({
      method: 'GET',
      url: made.body.data[0]?.url ?? '',
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['content-length'], String(tinyPng.length));
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(String(res.headers['content-disposition']), /^inline; filename="shot.png"/);
    assert.deepEqual(res.rawPayload, tinyPng);
  });

  it('refuses a file that is none of the accepted types, naming the field and the types', async () => {
    const id = await newIncident();
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const res = await upload(id, [
      { field: 'photo', filename: 'ok.png', data: tinyPng },
      { field: 'photo', filename: 'cat.gif', contentType: 'image/png', data: gif },
    ]);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    const [issue] = res.body.error.details?.fields ?? [];
    assert.equal(issue?.path, 'photo');
    assert.match(issue?.message ?? '', /cat\.gif .*JPEG, PNG, WebP, HEIC\/HEIF .* PDF/);
    assert.deepEqual(await rowsOf(id), []);
    assert.deepEqual(filesOf(id), [], 'the accepted first file is not kept either');
  });

  it('refuses a file over the size limit with 413, naming the limit', async () => {
    const id = await newIncident();
    const big = Buffer.concat([tinyPng, Buffer.alloc(LIMIT)]);
    const res = await upload(id, [{ field: 'photo', filename: 'huge.png', data: big }]);
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    assert.match(
      res.body.error.message,
      /huge\.png is larger than the limit of 1 KiB \(1024 bytes\)/,
    );
    assert.equal(res.body.error.details?.limit, LIMIT);
    assert.deepEqual(await rowsOf(id), []);
    assert.deepEqual(filesOf(id), []);
  });

  it('names the field when files come in another field, or no file comes at all', async () => {
    const id = await newIncident();
    const wrongField = await upload(id, [{ field: 'image', filename: 'a.png', data: tinyPng }]);
    assert.equal(wrongField.status, 400);
    assert.deepEqual(
      wrongField.body.error.details?.fields?.map((f) => f.path),
      ['image'],
    );
    const none = await upload(id, [{ field: 'caption', data: 'the box' }]);
    assert.equal(none.status, 400);
    assert.deepEqual(
      none.body.error.details?.fields?.map((f) => f.path),
      ['photo'],
    );
    const json = await t.call<ErrorBody>('POST', `/api/incidents/${id}/attachments`, {
      photo: 'x',
    });
    assert.equal(json.status, 400);
    assert.deepEqual(
      json.body.error.details?.fields?.map((f) => f.path),
      ['photo'],
    );
    assert.deepEqual(filesOf(id), []);
  });

  it('answers 404 for an unknown incident or attachment, and 403 to a viewer uploading', async () => {
    const missing = await upload('inc_missing', [
      { field: 'photo', filename: 'a.png', data: tinyPng },
    ]);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'incident_not_found');
    const id = await newIncident();
    const noFile = await t.call<ErrorBody>('GET', `/api/incidents/${id}/attachments/att_missing`);
    assert.equal(noFile.status, 404);
    assert.equal(noFile.body.error.code, 'not_found');
    const viewer = await t.keyFor('viewer');
    const refused = await upload(
      id,
      [{ field: 'photo', filename: 'a.png', data: tinyPng }],
      viewer,
    );
    assert.equal(refused.status, 403);
    const packer = await t.keyFor('packer');
    const packed = await upload(id, [{ field: 'photo', filename: 'a.png', data: tinyPng }], packer);
    assert.equal(packed.status, 201, 'whoever may report may attach');
  });

  it('removes the files it moved into place when the transaction fails', async () => {
    const id = await newIncident();
    // The database refuses the timeline entry written after the first file was moved into place.
    const failing: KyselyPlugin = {
      transformQuery({ node }) {
        if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'incident_events') {
          throw new Error('the database refused the timeline entry');
        }
        return node;
      },
      transformResult: ({ result }) => Promise.resolve(result),
    };
    const ctx = { ...t.ctx, db: t.ctx.db.withPlugin(failing) };
    async function* parts(): AsyncGenerator<UploadPart> {
      for (const data of [tinyPng, tinyJpeg]) {
        yield {
          type: 'file',
          fieldname: 'photo',
          filename: 'p',
          file: Object.assign(Readable.from([data]), { truncated: false }),
        };
      }
    }
    await assert.rejects(attachFiles(ctx, id, parts(), 'staff:test'), /refused the timeline/);
    assert.deepEqual(await rowsOf(id), []);
    assert.deepEqual(filesOf(id), []);
  });
});
