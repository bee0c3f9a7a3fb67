import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanFilename, formatBytes, sniffFileKind } from './attachments.storage.js';
import { tinyJpeg, tinyPng } from './incidents.factories.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('file types from their first bytes', () => {
  it('recognises JPEG, PNG, WebP, HEIC, HEIF and PDF', () => {
    const kinds = [
      tinyJpeg,
      tinyPng,
      bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '),
      bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]),
      bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0]),
      bytes('%PDF-1.7\n%âãÏÓ'),
    ].map((head) => sniffFileKind(head.subarray(0, 16))?.contentType);
    assert.deepEqual(kinds, [
      'image/jpeg',
      'image/png',
      'image/webp',
      'image/heic',
      'image/heif',
      'application/pdf',
    ]);
  });

  it('refuses anything else, whatever it claims to be', () => {
    for (const head of [
      bytes('GIF89a'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg">'),
      bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '),
      bytes([0, 0, 0, 0x18], 'ftypavif'),
      bytes('PK', [3, 4]),
      Buffer.alloc(0),
    ]) {
      assert.equal(sniffFileKind(head), undefined, head.toString('latin1'));
    }
  });
});

describe('names and sizes in messages', () => {
  it('keeps only the base name of an upload, without control characters', () => {
    assert.equal(cleanFilename('C:\\Users\\ana\\..\\box.png'), 'box.png');
    assert.equal(cleanFilename('../../etc/passwd'), 'passwd');
    assert.equal(cleanFilename('a\u0000b\n.jpg'), 'ab.jpg');
    assert.equal(cleanFilename(''), 'file');
  });

  it('writes a limit in MiB or KiB when it is a whole number of them', () => {
    assert.equal(formatBytes(10 * 1024 * 1024), '10 MiB');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1500), '1500 bytes');
  });
});
