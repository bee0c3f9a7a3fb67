import type { Executor } from '../../db/database.js';
import { AppError, notFound } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { toPage, type Page, type PageQuery } from '../../shared/pagination.js';
import type { NewSupplier, Supplier, SupplierChanges } from './catalog.js';
import { writeTransaction } from './catalog.transaction.js';
import {
  findSupplierByCode,
  findSupplierById,
  insertSupplier,
  selectSuppliers,
  updateSupplierRow,
} from './suppliers.repository.js';

/** Suppliers: who makes or sells us a product; a supplier code is unique. */

export async function createSupplier(
  db: Executor,
  input: NewSupplier,
  now: string,
): Promise<Supplier> {
  return writeTransaction(db, async (trx) => {
    await assertCodeFree(trx, input.code);
    return insertSupplier(trx, {
      id: newId('sup'),
      code: input.code,
      name: input.name,
      email: normaliseEmail(input.email),
      created_at: now,
      updated_at: now,
    });
  });
}

export async function updateSupplier(
  db: Executor,
  id: string,
  changes: SupplierChanges,
  now: string,
): Promise<Supplier> {
  return writeTransaction(db, async (trx) => {
    const current = await getSupplier(trx, id);
    if (changes.code !== undefined && changes.code !== current.code) {
      await assertCodeFree(trx, changes.code);
    }
    await updateSupplierRow(trx, id, {
      ...(changes.code !== undefined && { code: changes.code }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.email !== undefined && { email: normaliseEmail(changes.email) }),
      updated_at: now,
    });
    return getSupplier(trx, id);
  });
}

export async function getSupplier(db: Executor, id: string): Promise<Supplier> {
  const supplier = await findSupplierById(db, id);
  if (!supplier) throw notFound('supplier_not_found', 'Supplier', id);
  return supplier;
}

export async function listSuppliers(db: Executor, page: PageQuery): Promise<Page<Supplier>> {
  return toPage(await selectSuppliers(db, page), page.limit);
}

async function assertCodeFree(db: Executor, code: string): Promise<void> {
  const holder = await findSupplierByCode(db, code);
  if (holder) {
    throw new AppError('code_taken', `Supplier code ${code} is already used by ${holder.id}`, {
      code,
      supplierId: holder.id,
    });
  }
}

function normaliseEmail(email: string | null | undefined): string | null {
  return email ? email.trim().toLowerCase() : null;
}
