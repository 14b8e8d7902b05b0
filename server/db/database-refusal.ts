// A database refusing a write because of the data (a duplicate, a reference to a row that is gone, a value it
// cannot store) is the caller's problem, not a server fault. This reads Postgres's SQLSTATE and the fields
// both drivers attach (pg's DatabaseError and PGlite's error carry the same code, table, constraint and
// detail; drizzle wraps either in a DrizzleQueryError whose cause it is) and says what went wrong in words,
// without the SQL or the values. server/api/trpc.ts turns the kind into 400/404/409, in its one error mapping.

export type DatabaseRefusalKind = 'conflict' | 'missing-reference' | 'invalid-value';

export interface DatabaseRefusal {
  kind: DatabaseRefusalKind;
  /** The SQLSTATE, e.g. 23505. */
  code: string;
  /** The constraint named by the database, when it names one: for the server log. */
  constraint: string | null;
  /** For the client: what went wrong, in words, with no SQL and no values. */
  message: string;
}

/** Tables by what a user calls a row of them. */
const ROW_NAMES: Record<string, string> = {
  teams: 'team',
  team_prefixes: 'topic prefix',
  users: 'user',
  accounts: 'account',
  sessions: 'session',
  clusters: 'cluster',
  audit_log: 'audit record',
  broker_change_positions: 'change-feed position',
  lag_groups: 'consumer group',
  lag_topics: 'topic',
};

/** Unique constraints whose duplicate deserves its own sentence. */
const DUPLICATE_MESSAGES: Record<string, string> = {
  teams_name_unique: 'There is already a team with this name.',
  team_prefixes_pkey: 'This topic prefix already belongs to a team.',
  users_email_unique: 'There is already a user with this email.',
  users_username_unique: 'There is already a user with this username.',
  clusters_name_unique: 'There is already a cluster with this name.',
};

/** How deep to follow `cause` (DrizzleQueryError -> driver error; a verb may wrap once more). */
const MAX_CAUSE_DEPTH = 5;

interface DriverError {
  code: string;
  table?: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

/** The refusal carried by this error or one of its causes, or null when it is no refusal of the data. */
export function databaseRefusalOf(error: unknown): DatabaseRefusal | null {
  const driverError = driverErrorIn(error);
  if (!driverError) return null;
  const refusal = describe(driverError);
  return refusal ? { ...refusal, code: driverError.code, constraint: driverError.constraint ?? null } : null;
}

function driverErrorIn(error: unknown): DriverError | null {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return current as DriverError;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function describe(error: DriverError): Omit<DatabaseRefusal, 'code' | 'constraint'> | null {
  const row = rowName(error.table);
  switch (error.code) {
    case '23505': // unique_violation
    case '23P01': {
      // exclusion_violation
      const known = error.constraint ? DUPLICATE_MESSAGES[error.constraint] : undefined;
      const columns = keyColumnsOf(error.detail);
      const message = known ?? `There is already ${article(row)} ${row}${columns ? ` with this ${columns}` : ' like this'}.`;
      return { kind: 'conflict', message };
    }
    case '23503': // foreign_key_violation: the row referred to is missing (insert/update), or a row being
    // deleted or renamed is still referred to
    case '23001': {
      // restrict_violation: the same for an ON DELETE RESTRICT key (Postgres 17 and later)
      const referencing = /referenced from table "([^"]+)"/.exec(error.detail ?? '');
      if (referencing) {
        const user = rowName(referencing[1]);
        return { kind: 'conflict', message: `This is still used by ${article(user)} ${user}; remove or change that first.` };
      }
      const referenced = rowName(/is not present in table "([^"]+)"/.exec(error.detail ?? '')?.[1]);
      return { kind: 'missing-reference', message: `The ${referenced} this refers to does not exist (it may have just been deleted).` };
    }
    case '23502': // not_null_violation
      return { kind: 'invalid-value', message: `A required value${error.column ? ` (${words(error.column)})` : ''} is missing.` };
    case '23514': // check_violation
      return {
        kind: 'invalid-value',
        message: `A value is not allowed for ${article(row)} ${row}${error.constraint ? ` (rule ${error.constraint})` : ''}.`,
      };
    case '22001': // string_data_right_truncation
      return { kind: 'invalid-value', message: 'A value is longer than the database stores.' };
    case '22021': // character_not_in_repertoire (a NUL byte)
    case '22P05': // untranslatable_character
      return { kind: 'invalid-value', message: 'A value holds a character the database cannot store (such as a NUL byte).' };
    case '22P02': // invalid_text_representation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
      return { kind: 'invalid-value', message: 'A value has the wrong form or is out of range.' };
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return { kind: 'conflict', message: 'Another change to the same data happened at the same time; try again.' };
    default:
      return null;
  }
}

function rowName(table: string | undefined): string {
  return table ? (ROW_NAMES[table] ?? words(table)) : 'record';
}

/** "Key (cluster_id, group_id)=(...) already exists." -> "cluster id and group id"; the values are left out. */
function keyColumnsOf(detail: string | undefined): string | null {
  const columns = /^Key \(([^)]+)\)=/.exec(detail ?? '')?.[1];
  return columns
    ? columns
        .split(',')
        .map((column) => words(column.trim()))
        .join(' and ')
    : null;
}

function words(identifier: string): string {
  return identifier.replaceAll('_', ' ');
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}
