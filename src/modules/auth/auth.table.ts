export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  /** The lower-cased email: unique, what sign-in looks up. */
  email_key: string;
  name: string;
  role: string;
  location_id: string | null;
  /** Null until the person sets a password through their invitation. */
  password_hash: string | null;
  must_change_password: number;
  demo: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string | null;
  deactivated_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end; the idle end is `last_seen_at` plus the idle timeout. */
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface InvitationsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  created_by: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_started_at: string;
}

export interface AuthTables {
  api_keys: ApiKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  sign_in_failures: SignInFailuresTable;
}
