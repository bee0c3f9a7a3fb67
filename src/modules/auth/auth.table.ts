export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}
