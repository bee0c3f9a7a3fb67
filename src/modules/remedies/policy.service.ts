import type { Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../shared/app-error.js';
import { policyNotFound } from './remedies.errors.js';
import {
  findCurrentPolicy,
  findPolicyVersion,
  insertPolicy,
  listPolicyVersions,
} from './remedies.repository.js';
import type { RemedyPoliciesTable } from './remedies.table.js';
import { defaultPolicyText, parsePolicy, type Policy } from './policy.js';

/**
 * The policy in force is the highest version. Version 1 is the shipped default, written on
 * first use; every edit adds a version and keeps the previous ones.
 */
export interface PolicyVersion {
  version: number;
  document: string;
  policy: Policy;
  createdBy: string;
  createdAt: string;
}

function toVersion(row: RemedyPoliciesTable): PolicyVersion {
  return {
    version: row.version,
    document: row.document,
    policy: parsePolicy(row.document),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function currentPolicy(db: Executor, now: string): Promise<PolicyVersion> {
  const row = await findCurrentPolicy(db);
  if (row) return toVersion(row);
  const seed = { version: 1, document: defaultPolicyText, created_by: 'system', created_at: now };
  await insertPolicy(db, seed);
  return toVersion((await findCurrentPolicy(db)) ?? seed);
}

export async function policyVersion(db: Executor, version: number): Promise<PolicyVersion> {
  const row = await findPolicyVersion(db, version);
  if (!row) throw policyNotFound(version);
  return toVersion(row);
}

export async function listPolicies(
  db: Executor,
  now: string,
): Promise<Omit<PolicyVersion, 'policy' | 'document'>[]> {
  await currentPolicy(db, now);
  return (await listPolicyVersions(db)).map((r) => ({
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

/** Validates the document (400 `policy_invalid` naming line and field) and adds a version. */
export async function savePolicy(
  db: Executor,
  document: string,
  ref: { now: string; actor: string },
): Promise<PolicyVersion> {
  parsePolicy(document);
  return inTransaction(db, async (trx) => {
    const current = await currentPolicy(trx, ref.now);
    const row = {
      version: current.version + 1,
      document,
      created_by: ref.actor,
      created_at: ref.now,
    };
    if (!(await insertPolicy(trx, row))) {
      throw new AppError('conflict', 'Another policy version was saved meanwhile: try again', {
        version: row.version,
      });
    }
    return toVersion(row);
  });
}
