import type { Executor } from '../../db/database.js';
import type { Attachment } from './incidents.js';
import { rowToAttachment } from './incidents.mappers.js';
import type { IncidentAttachmentsTable } from './incidents.table.js';

export async function insertAttachment(
  db: Executor,
  row: IncidentAttachmentsTable,
): Promise<Attachment> {
  await db.insertInto('incident_attachments').values(row).execute();
  return rowToAttachment(row);
}

/** Oldest first. */
export async function findAttachments(db: Executor, incidentId: string): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('incident_attachments')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
  return rows.map(rowToAttachment);
}

/** The row itself (with its path on disk), for serving the file. */
export function findAttachmentRow(
  db: Executor,
  incidentId: string,
  attachmentId: string,
): Promise<IncidentAttachmentsTable | undefined> {
  return db
    .selectFrom('incident_attachments')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}
