import type { Kysely } from 'kysely';

// The most one redemption of a percent voucher takes off ("20% off, up to 30.00"), in minor units
// of the voucher's currency; null: no cap (fixed vouchers, and percent vouchers finance issued
// without one).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vouchers').addColumn('max_amount', 'bigint').execute();
}
