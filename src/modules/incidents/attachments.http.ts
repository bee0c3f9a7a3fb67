import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/app-error.js';
import { fieldError } from './incidents.errors.js';
import {
  MAX_FILES_PER_UPLOAD,
  PHOTO_FIELD,
  type AttachmentFile,
  type UploadPart,
} from './use-cases/attach-files.js';

// The HTTP edge of attachments: multipart parts in, files out. @fastify/multipart is registered
// once in app.ts; its limit errors become our error codes here.

/** The parts of a multipart upload, each file cut at `maxBytes` (the part is then `truncated`). */
export async function* uploadParts(
  req: FastifyRequest,
  maxBytes: number,
): AsyncGenerator<UploadPart> {
  if (!req.isMultipart()) {
    throw fieldError(PHOTO_FIELD, 'send the files as multipart/form-data');
  }
  const parts = req.parts({
    limits: { fileSize: maxBytes, files: MAX_FILES_PER_UPLOAD, fields: 20, parts: 40 },
  });
  try {
    for await (const part of parts) yield part;
  } catch (err) {
    throw fromMultipartError(err);
  }
}

function fromMultipartError(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') {
    return new AppError(
      'payload_too_large',
      `At most ${MAX_FILES_PER_UPLOAD} files per upload; send the others in another request`,
      { field: PHOTO_FIELD, limit: MAX_FILES_PER_UPLOAD },
    );
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('payload_too_large', 'Too many parts in the multipart body', {
      field: PHOTO_FIELD,
    });
  }
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && err instanceof Error) {
    return fieldError(PHOTO_FIELD, `could not be read: ${err.message}`);
  }
  return err;
}

/** Streams the file with its type; images are shown inline, PDFs downloaded. */
export function attachmentDownload(reply: FastifyReply, file: AttachmentFile) {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const disposition = file.contentType.startsWith('image/') ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.size))
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(file.handle.createReadStream());
}
