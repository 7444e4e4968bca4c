//! The schema: its versions (`PRAGMA user_version`), the migrations between them, and how a
//! file is recognised as a pushlane store (`PRAGMA application_id`, or for files made before
//! pushlane set one, its version and exact set of tables).

use super::SqliteStore;
use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Schema steps: `MIGRATIONS[i]` takes a database from version `i` to version `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    // v1: the three things lifecycle.md §10 lists.
    "CREATE TABLE tokens (
         vendor TEXT NOT NULL PRIMARY KEY,
         token  TEXT NOT NULL
     ) STRICT;
     CREATE TABLE upload_record (
         id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
         user_id     TEXT    NOT NULL,
         vendor      TEXT    NOT NULL,
         business_id INTEGER NOT NULL CHECK (business_id BETWEEN 0 AND 4294967295),
         token       TEXT    NOT NULL
     ) STRICT;
     CREATE TABLE settings (
         key   TEXT NOT NULL PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;",
    // v2: the upload that went out and has no result yet (it may be on the server), in the
    // shape of the upload record.
    "CREATE TABLE upload_pending (
         id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
         user_id     TEXT    NOT NULL,
         vendor      TEXT    NOT NULL,
         business_id INTEGER NOT NULL CHECK (business_id BETWEEN 0 AND 4294967295),
         token       TEXT    NOT NULL
     ) STRICT;",
];

/// The schema version this build creates and reads.
pub(super) const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The tables of each schema version (index: version), sorted: what [`MIGRATIONS`] create up
/// to it. Written out so that opening a store does not run the migrations on a scratch
/// database to learn them; a test checks it against doing just that.
const TABLES: [&[&str]; MIGRATIONS.len() + 1] = [
    &[],
    &["settings", "tokens", "upload_record"],
    &["settings", "tokens", "upload_pending", "upload_record"],
];

/// `PRAGMA application_id` of every pushlane store ("PUSH" in ASCII), set in the transaction
/// that creates its tables (or, for a store made before, at its first open by this build).
pub(super) const APPLICATION_ID: i32 = 0x5055_5348;

/// The schema version of stores made before pushlane set an application id (version 2 and
/// later are always stamped).
const UNSTAMPED_VERSION: i64 = 1;

/// What a database's header and catalogue say about it.
#[derive(Debug)]
pub(super) struct Identity {
    application_id: i32,
    user_version: i64,
    /// Its tables (not SQLite's own), sorted.
    tables: Vec<String>,
}

/// What a database is, judged by its [`Identity`].
#[derive(Debug, PartialEq)]
pub(super) enum Verdict {
    /// A pushlane store (or an empty database, which becomes one): open it.
    Ours,
    /// A pushlane store with a schema newer than this build's.
    Newer(i64),
    /// Another application's database: what it holds.
    Foreign(String),
    /// A pushlane store whose tables are not those of its version: what is wrong.
    Damaged(String),
}

impl Identity {
    pub fn read(conn: &Connection) -> rusqlite::Result<Identity> {
        let application_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let user_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(Identity {
            application_id,
            user_version,
            tables: tables(conn)?,
        })
    }

    /// Ours when stamped with [`APPLICATION_ID`] (and then damaged if its tables are not its
    /// version's); when not stamped, ours only if empty or exactly what pushlane made before it
    /// stamped its files.
    pub fn judge(&self, migrations: &[&str]) -> Verdict {
        let known = migrations.len() as i64;
        let version = self.user_version;
        if self.application_id == APPLICATION_ID {
            if version > known {
                return Verdict::Newer(version);
            }
            let expected = expected_tables(migrations, version);
            if self.tables != expected {
                return Verdict::Damaged(format!(
                    "schema version {version} has tables {}, expected {}",
                    list(&self.tables),
                    list(&expected)
                ));
            }
            return Verdict::Ours;
        }
        let empty = version == 0 && self.tables.is_empty();
        let unstamped = version == UNSTAMPED_VERSION
            && known >= UNSTAMPED_VERSION
            && self.tables == expected_tables(migrations, UNSTAMPED_VERSION);
        if self.application_id == 0 && (empty || unstamped) {
            return Verdict::Ours;
        }
        Verdict::Foreign(format!(
            "application_id {}, not pushlane's {APPLICATION_ID}; user_version {version}; tables {}",
            self.application_id,
            list(&self.tables)
        ))
    }
}

fn list(tables: &[String]) -> String {
    if tables.is_empty() {
        "(none)".to_string()
    } else {
        tables.join(", ")
    }
}

/// The tables of `conn`, SQLite's own aside, sorted.
fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    rows.collect()
}

/// The tables a store of `version` has: [`TABLES`] for this build's migrations, otherwise the
/// migrations up to it run on an empty database.
fn expected_tables(migrations: &[&str], version: i64) -> Vec<String> {
    let steps = usize::try_from(version).unwrap_or(0).min(migrations.len());
    match TABLES.get(steps) {
        Some(tables) if migrations.get(..steps) == MIGRATIONS.get(..steps) => {
            tables.iter().map(|table| table.to_string()).collect()
        }
        _ => created_tables(migrations, steps),
    }
}

/// The tables the first `steps` migrations create, run on an empty in-memory database.
fn created_tables(migrations: &[&str], steps: usize) -> Vec<String> {
    let build = || -> rusqlite::Result<Vec<String>> {
        let conn = Connection::open_in_memory()?;
        for step in &migrations[..steps] {
            conn.execute_batch(step)?;
        }
        tables(&conn)
    };
    // The migrations are this build's own SQL; they run on an empty in-memory database.
    build().unwrap_or_default()
}

impl SqliteStore {
    /// Runs the migrations the file lacks, each in one transaction with its version bump, and
    /// stamps it with [`APPLICATION_ID`] (in the first transaction, or one of its own).
    pub(super) fn migrate(&mut self, migrations: &[&str]) -> Result<(), StoreError> {
        let known = migrations.len() as u32;
        loop {
            let version = self.schema_version(known)?;
            let stamped = self.application_id()? == APPLICATION_ID;
            if version >= known && stamped {
                return Ok(());
            }
            let to = (version + 1).min(known);
            let path = self.path.clone();
            let migrate_err = |e: rusqlite::Error| match version < known {
                true => StoreError::Migrate {
                    path: path.clone(),
                    from: version,
                    to,
                    source: e.into(),
                },
                false => StoreError::Write {
                    path: path.clone(),
                    what: "application id",
                    source: e.into(),
                },
            };
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(migrate_err)?;
            // Re-read inside the write lock: another connection may have migrated meanwhile.
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |row| row.get(0))
                .map_err(migrate_err)?;
            let id: i32 = tx
                .pragma_query_value(None, "application_id", |row| row.get(0))
                .map_err(migrate_err)?;
            if id != APPLICATION_ID {
                tx.pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(migrate_err)?;
            }
            if now == i64::from(version) && version < known {
                tx.execute_batch(migrations[version as usize])
                    .map_err(migrate_err)?;
                tx.pragma_update(None, "user_version", to)
                    .map_err(migrate_err)?;
            }
            tx.commit().map_err(migrate_err)?;
        }
    }

    /// The file's schema version; an error if it is newer than `known`.
    fn schema_version(&self, known: u32) -> Result<u32, StoreError> {
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.read_err("schema version", e))?;
        match u32::try_from(found) {
            Ok(v) if v <= known => Ok(v),
            _ => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                known,
            }),
        }
    }

    fn application_id(&self) -> Result<i32, StoreError> {
        self.conn
            .pragma_query_value(None, "application_id", |row| row.get(0))
            .map_err(|e| self.read_err("application id", e))
    }

    /// `PRAGMA quick_check`: the problems it finds in pages `load` would not read (empty when
    /// there are none).
    pub(super) fn integrity_problems(&self) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(match problems.as_slice() {
            [ok] if ok == "ok" => Vec::new(),
            _ => problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(application_id: i32, user_version: i64, tables: &[&str]) -> Identity {
        Identity {
            application_id,
            user_version,
            tables: tables.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn the_tables_of_each_version_are_those_its_migrations_create() {
        for (version, tables) in TABLES.iter().enumerate() {
            assert_eq!(
                created_tables(MIGRATIONS, version),
                tables.to_vec(),
                "version {version}"
            );
        }
        // Other migrations (a test's) are run to learn their tables.
        let other: &[&str] = &["CREATE TABLE notes (x);"];
        assert_eq!(expected_tables(other, 1), ["notes"]);
    }

    const OURS: [&str; 3] = ["settings", "tokens", "upload_record"];
    const OURS_V2: [&str; 4] = ["settings", "tokens", "upload_pending", "upload_record"];

    #[test]
    fn stamped_files_are_ours_unless_newer_or_missing_tables() {
        let judge = |id: &Identity| id.judge(MIGRATIONS);
        assert_eq!(judge(&identity(APPLICATION_ID, 1, &OURS)), Verdict::Ours);
        assert_eq!(judge(&identity(APPLICATION_ID, 2, &OURS_V2)), Verdict::Ours);
        assert_eq!(judge(&identity(APPLICATION_ID, 0, &[])), Verdict::Ours);
        // Version 2 without its new table, or version 1 with it: not what pushlane wrote.
        for (version, tables) in [(2, &OURS[..]), (1, &OURS_V2[..])] {
            let verdict = judge(&identity(APPLICATION_ID, version, tables));
            assert!(
                matches!(verdict, Verdict::Damaged(_)),
                "{version}: {verdict:?}"
            );
        }
        assert_eq!(
            judge(&identity(APPLICATION_ID, 7, &["x"])),
            Verdict::Newer(7)
        );
        let Verdict::Damaged(detail) = judge(&identity(APPLICATION_ID, 1, &["settings"])) else {
            panic!("missing tables are damage");
        };
        assert!(
            detail.contains("settings, tokens, upload_record"),
            "{detail}"
        );
    }

    #[test]
    fn unstamped_files_are_ours_only_if_empty_or_exactly_version_1() {
        let judge = |id: &Identity| id.judge(MIGRATIONS);
        assert_eq!(judge(&identity(0, 0, &[])), Verdict::Ours);
        assert_eq!(judge(&identity(0, 1, &OURS)), Verdict::Ours);
        for foreign in [
            identity(0, 0, &["notes"]),
            identity(0, 1, &["settings", "tokens"]),
            identity(0, 2, &OURS),
            identity(0, 2, &OURS_V2),
            identity(0, 99, &["future"]),
            identity(42, 1, &OURS),
        ] {
            let Verdict::Foreign(found) = judge(&foreign) else {
                panic!("{foreign:?} is not ours");
            };
            assert!(found.contains("user_version"), "{found}");
        }
    }
}
