import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../shared/app-error.js';
import { newId } from '../../../shared/ids.js';
import { findAttachmentRow, insertAttachment } from '../attachments.repository.js';
import {
  acceptedKinds,
  attachmentPath,
  cleanFilename,
  formatBytes,
  moveIntoPlace,
  receiveToTemp,
  removeFiles,
  sniffFileKind,
  tempPathFor,
  type FileKind,
  type ReceivedFile,
} from '../attachments.storage.js';
import { fieldError, incidentNotFound } from '../incidents.errors.js';
import type { Attachment } from '../incidents.js';
import { findIncident, insertEvent, updateIncident } from '../incidents.repository.js';

/** The multipart field that carries the files. */
export const PHOTO_FIELD = 'photo';
/** Files in one upload request. */
export const MAX_FILES_PER_UPLOAD = 10;

/** One part of a multipart body, as the HTTP layer hands it over. */
export type UploadPart =
  | { type: 'file'; fieldname: string; filename: string; file: Readable & { truncated: boolean } }
  | { type: 'field'; fieldname: string };

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

interface Accepted extends ReceivedFile {
  filename: string;
  kind: FileKind;
  finalPath?: string;
}

/**
 * Receives the files of the `photo` field (outside any transaction: the upload may be slow),
 * checks each one's type from its content and its size, then records them all with one
 * timeline entry each in one transaction, moving each file into place inside it. Any failure
 * refuses the whole upload and leaves no file behind.
 */
export async function attachFiles(
  ctx: Ctx,
  incidentId: string,
  parts: AsyncIterable<UploadPart>,
  actor: string,
): Promise<Attachment[]> {
  if (!(await findIncident(ctx.db, incidentId))) throw incidentNotFound(incidentId);
  const accepted: Accepted[] = [];
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === PHOTO_FIELD) throw fieldError(PHOTO_FIELD, 'must be a file');
        continue;
      }
      if (part.fieldname !== PHOTO_FIELD) {
        part.file.resume();
        throw fieldError(part.fieldname, `takes no file: send files in the field ${PHOTO_FIELD}`);
      }
      accepted.push(await receive(ctx, incidentId, part));
    }
    if (accepted.length === 0) {
      throw fieldError(PHOTO_FIELD, 'is required: one or more files (multipart/form-data)');
    }
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now().toISOString();
      if (!(await findIncident(trx, incidentId))) throw incidentNotFound(incidentId);
      await updateIncident(trx, incidentId, { updated_at: now });
      const made: Attachment[] = [];
      for (const file of accepted) {
        const id = newId('att');
        const path = attachmentPath(incidentId, id, file.kind.ext);
        const attachment = await insertAttachment(trx, {
          id,
          incident_id: incidentId,
          filename: file.filename,
          content_type: file.kind.contentType,
          size: file.size,
          sha256: file.sha256,
          path,
          uploaded_by: actor,
          at: now,
        });
        file.finalPath = join(ctx.config.dataDir, path);
        await moveIntoPlace(file.tempPath, file.finalPath);
        await insertEvent(trx, {
          incidentId,
          at: now,
          actor,
          kind: 'attachment_added',
          visibility: 'internal',
          message: `${file.kind.label} ${file.filename} attached`,
          data: { attachmentId: id, filename: file.filename, contentType: file.kind.contentType },
        });
        made.push(attachment);
      }
      return made;
    });
  } catch (err) {
    await removeFiles(
      accepted.flatMap((f) => (f.finalPath ? [f.tempPath, f.finalPath] : [f.tempPath])),
    );
    throw err;
  }
}

async function receive(
  ctx: Ctx,
  incidentId: string,
  part: Extract<UploadPart, { type: 'file' }>,
): Promise<Accepted> {
  const filename = cleanFilename(part.filename);
  const file = await receiveToTemp(part.file, await tempPathFor(ctx.config.dataDir, incidentId));
  const kind = sniffFileKind(file.head);
  if (file.truncated || !kind) await removeFiles([file.tempPath]);
  if (file.truncated) {
    const limit = ctx.config.uploadMaxBytes;
    throw new AppError(
      'payload_too_large',
      `${filename} is larger than the limit of ${formatBytes(limit)} (${limit} bytes) per file`,
      { field: PHOTO_FIELD, filename, limit },
    );
  }
  if (!kind) {
    throw fieldError(PHOTO_FIELD, `${filename} is not one of the accepted types: ${acceptedKinds}`);
  }
  return { ...file, filename, kind };
}

export interface AttachmentFile {
  filename: string;
  contentType: string;
  size: number;
  /** Open on the file; the caller streams it and closes it. */
  handle: FileHandle;
}

/** The stored file of an attachment, opened for reading. */
export async function openAttachment(
  ctx: Pick<AppContext, 'db' | 'config'>,
  incidentId: string,
  attachmentId: string,
): Promise<AttachmentFile> {
  const row = await findAttachmentRow(ctx.db, incidentId, attachmentId);
  if (!row) {
    if (!(await findIncident(ctx.db, incidentId))) throw incidentNotFound(incidentId);
    throw new AppError(
      'not_found',
      `Attachment ${attachmentId} of incident ${incidentId} does not exist`,
      { id: attachmentId },
    );
  }
  try {
    const handle = await open(join(ctx.config.dataDir, row.path), 'r');
    return {
      filename: row.filename,
      contentType: row.content_type,
      size: Number(row.size),
      handle,
    };
  } catch {
    throw new AppError(
      'not_found',
      `The file of attachment ${attachmentId} is missing from the data directory`,
      { id: attachmentId },
    );
  }
}
