/**
 * The tables of the sqlite backend and the prepared statements over them. One `kv` row per
 * live key, one `log` row per revision (kept until compaction) so watches can replay.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { StoredBytes } from "./encryption/value_transformer.ts";

/** Log row `type` codes. */
export const EVENT_CODES = { ADDED: 1, MODIFIED: 2, DELETED: 3 } as const;
/** The event type of a log row `type` code. */
export const EVENT_TYPES = ["", "ADDED", "MODIFIED", "DELETED"] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY NOT NULL,
  key TEXT NOT NULL,
  type INTEGER NOT NULL,
  value TEXT NOT NULL,
  prev_value TEXT,
  prev_rev INTEGER,
  ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
`;

/** Sets the pragmas (WAL, exclusive lock, relaxed fsync) and creates the tables. */
export function initSchema(db: DatabaseSync): void {
  db.exec("PRAGMA locking_mode=EXCLUSIVE");
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  db.exec("PRAGMA busy_timeout=0");
  db.exec(SCHEMA);
}

/** Every statement the sqlite store runs, prepared once. */
export interface Statements {
  begin: StatementSync;
  commit: StatementSync;
  rollback: StatementSync;
  get: StatementSync;
  listAll: StatementSync;
  listRange: StatementSync;
  insertKv: StatementSync;
  updateKv: StatementSync;
  deleteKv: StatementSync;
  insertLog: StatementSync;
  logAfter: StatementSync;
  logAfterRange: StatementSync;
  logBounds: StatementSync;
  logRevAtAge: StatementSync;
  compactLog: StatementSync;
  getMeta: StatementSync;
  setMeta: StatementSync;
  maxModRev: StatementSync;
}

/** Makes `stmt` return rows as arrays (node:sqlite has it; Deno's bundled types lack it). */
function returnArrays(stmt: StatementSync): void {
  (stmt as StatementSync & { setReturnArrays(enabled: boolean): void }).setReturnArrays(true);
}

/** Prepares the statements of `db`. */
export function prepareStatements(db: DatabaseSync): Statements {
  const logCols = "rev, key, type, value, prev_value, prev_rev";
  const listAll = db.prepare("SELECT value, mod_rev, key FROM kv ORDER BY key");
  const listRange = db.prepare(
    "SELECT value, mod_rev, key FROM kv WHERE key >= ? AND key < ? ORDER BY key",
  );
  // Lists read rows as [value, mod_rev, key] arrays: cheaper than one object per row.
  returnArrays(listAll);
  returnArrays(listRange);
  return {
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
    rollback: db.prepare("ROLLBACK"),
    get: db.prepare("SELECT value, mod_rev FROM kv WHERE key = ?"),
    listAll,
    listRange,
    insertKv: db.prepare(
      "INSERT INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (key) DO NOTHING",
    ),
    updateKv: db.prepare("UPDATE kv SET value = ?, mod_rev = ? WHERE key = ? AND mod_rev = ?"),
    deleteKv: db.prepare("DELETE FROM kv WHERE key = ? AND mod_rev = ?"),
    insertLog: db.prepare(
      "INSERT INTO log (rev, key, type, value, prev_value, prev_rev, ts) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    logAfter: db.prepare(`SELECT ${logCols} FROM log WHERE rev > ? ORDER BY rev`),
    logAfterRange: db.prepare(
      `SELECT ${logCols} FROM log WHERE rev > ? AND key >= ? AND key < ? ORDER BY rev`,
    ),
    logBounds: db.prepare("SELECT min(rev) AS lo, max(rev) AS hi FROM log"),
    logRevAtAge: db.prepare("SELECT max(rev) AS rev FROM log WHERE ts < ?"),
    compactLog: db.prepare("DELETE FROM log WHERE rev <= ?"),
    getMeta: db.prepare("SELECT value FROM meta WHERE name = ?"),
    setMeta: db.prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) " +
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    ),
    maxModRev: db.prepare("SELECT max(mod_rev) AS rev FROM kv"),
  };
}

/** A `log` row as read back (values are TEXT, or BLOBs when encrypted). */
export interface LogRow {
  rev: number;
  key: string;
  type: 1 | 2 | 3;
  value: StoredBytes;
  prev_value: StoredBytes | null;
  prev_rev: number | null;
}

/** A `kv` row as list reads it: [value, mod_rev, key]. */
export type KvListRow = [StoredBytes, number, string];

/** A `kv` row as read back by get. */
export interface KvRow {
  value: StoredBytes;
  mod_rev: number;
}
