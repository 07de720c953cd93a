import type { Database } from 'better-sqlite3';
import { StoreError } from './errors';

/**
 * The database layout, versioned. Each migration takes the schema from version i to i + 1 and runs
 * in one transaction with the version bump, so a crash mid-migration leaves the old version.
 *
 * `state` is a rowid table on purpose: an upsert keeps a row's rowid and a new key gets a larger
 * one, so `ORDER BY rowid` returns records in first-write order (see records.ts).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE blocks (
     number INTEGER PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     parent_hash TEXT NOT NULL,
     header TEXT NOT NULL,
     extrinsics TEXT NOT NULL,
     events TEXT NOT NULL
   );
   CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of an opened database; 0 when it has no tables yet. */
export function schemaVersion(db: Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

export function checkSchemaVersion(version: number, path: string): void {
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'SchemaTooNew',
      `${path} has schema version ${version}, this subnetkit reads up to ${SCHEMA_VERSION}; upgrade subnetkit`,
    );
  }
}

/** Brings a writable database to the current schema. */
export function migrate(db: Database, path: string): void {
  const current = schemaVersion(db);
  checkSchemaVersion(current, path);
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      if (version === 0) db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      db.exec(MIGRATIONS[version]!);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version + 1);
    }).immediate();
  }
}
