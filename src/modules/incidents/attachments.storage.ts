import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Attachments on disk: `<dataDir>/uploads/<incidentId>/<attachmentId>.<ext>`. A file is written
 * to a hidden temporary name beside its final one, flushed, and renamed into place (atomic on
 * one file system) inside the database transaction that records it; whoever runs that
 * transaction removes the file again if it fails. Names on disk are made here, never taken from
 * the upload.
 */

export interface FileKind {
  contentType: string;
  ext: string;
  label: string;
}

export const acceptedKinds = 'JPEG, PNG, WebP, HEIC/HEIF images and PDF documents';

const heicBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const heifBrands = new Set(['mif1', 'msf1']);

/** What the file is, from its first bytes (at least 12); undefined when it is none we accept. */
export function sniffFileKind(head: Uint8Array): FileKind | undefined {
  const ascii = (from: number, to: number) =>
    Buffer.from(head.subarray(from, to)).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return { contentType: 'image/jpeg', ext: 'jpg', label: 'JPEG image' };
  }
  if (Buffer.from(head.subarray(0, 8)).equals(pngSignature)) {
    return { contentType: 'image/png', ext: 'png', label: 'PNG image' };
  }
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') {
    return { contentType: 'image/webp', ext: 'webp', label: 'WebP image' };
  }
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (heicBrands.has(brand))
      return { contentType: 'image/heic', ext: 'heic', label: 'HEIC image' };
    if (heifBrands.has(brand))
      return { contentType: 'image/heif', ext: 'heif', label: 'HEIF image' };
  }
  if (ascii(0, 5) === '%PDF-') {
    return { contentType: 'application/pdf', ext: 'pdf', label: 'PDF document' };
  }
  return undefined;
}
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface ReceivedFile {
  tempPath: string;
  size: number;
  sha256: string;
  /** The first bytes, for `sniffFileKind`. */
  head: Buffer;
  /** The stream stopped at its size limit: the file is incomplete. */
  truncated: boolean;
}

const headBytes = 16;

/**
 * Streams an upload to `tempPath` (which must not exist), hashing and counting on the way, and
 * flushes it to disk. The temporary file is removed if anything fails.
 */
export async function receiveToTemp(
  stream: Readable & { truncated?: boolean },
  tempPath: string,
): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(tempPath, { flags: 'wx' }));
    const written = await open(tempPath, 'r+');
    try {
      await written.sync();
    } finally {
      await written.close();
    }
  } catch (err) {
    await removeFiles([tempPath]);
    throw err;
  }
  return {
    tempPath,
    size,
    sha256: hash.digest('hex'),
    head: head.subarray(0, headBytes),
    truncated: stream.truncated === true,
  };
}

/** `uploads/<incidentId>/<attachmentId>.<ext>`, relative to the data directory. */
export function attachmentPath(incidentId: string, attachmentId: string, ext: string): string {
  return join('uploads', incidentId, `${attachmentId}.${ext}`);
}

/** Makes the incident's upload directory and returns a fresh temporary file name in it. */
export async function tempPathFor(dataDir: string, incidentId: string): Promise<string> {
  const dir = join(dataDir, 'uploads', incidentId);
  await mkdir(dir, { recursive: true });
  return join(dir, `.upload-${process.pid}-${Date.now()}-${++tempCounter}.part`);
}
let tempCounter = 0;

export function moveIntoPlace(tempPath: string, finalPath: string): Promise<void> {
  return rename(tempPath, finalPath);
}

/** Best effort: a file that is already gone is fine. */
export async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true }).catch(() => undefined)));
}

/** The uploader's name for the file, for display only: no directories, no control characters. */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'file';
}

/** `1 KiB`, `10 MiB` or a byte count, for messages about the size limit. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
