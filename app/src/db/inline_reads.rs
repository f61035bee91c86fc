//! Reads that run on the asking task's own thread, for the query every signed-in
//! request makes on SQLite: who holds this session.
//!
//! sqlx runs each SQLite connection on a thread of its own, so one query through the
//! pool costs a switch to that thread and back, and the connection's return to the
//! pool (sqlx pings it) two more. On a small server those switches cost far more than
//! the query, which reads a few index pages. These connections are read-only; in WAL
//! mode they read while a writer writes. A read that cannot run at once (every
//! connection taken, the file busy, any error) returns `None` or the error, and the
//! caller asks the pool instead: a read never waits for a lock or a connection, only
//! for the query itself, so keep what runs here to indexed lookups of a few rows.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, TryLockError};

/// A few read-only connections to one SQLite file, each used by one thread at a time.
pub struct InlineReads {
    connections: Box<[Mutex<Connection>]>,
    next: AtomicUsize,
}

impl std::fmt::Debug for InlineReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineReads")
            .field("connections", &self.connections.len())
            .finish()
    }
}

impl InlineReads {
    /// Opens `count` read-only connections to the database file at `path`, which must
    /// exist.
    pub fn open(path: &Path, count: usize) -> rusqlite::Result<InlineReads> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connections = (0..count.max(1))
            .map(|_| {
                let connection = Connection::open_with_flags(path, flags)?;
                // Never wait for a lock on the request's thread: the pool waits instead.
                connection.busy_timeout(std::time::Duration::ZERO)?;
                Ok(Mutex::new(connection))
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(InlineReads {
            connections: connections.into_boxed_slice(),
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `read` on a free connection, or returns `None` when every one is in use.
    pub fn try_read<R>(
        &self,
        read: impl FnOnce(&Connection) -> rusqlite::Result<R>,
    ) -> Option<rusqlite::Result<R>> {
        let count = self.connections.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..count {
            let guard = match self.connections[(start + i) % count].try_lock() {
                Ok(guard) => guard,
                // A read that panicked left the connection as it was: reads change nothing.
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => continue,
            };
            return Some(read(&guard));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database_with_one_row() -> (std::path::PathBuf, Connection) {
        let dir = std::env::temp_dir().join("luodi-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("inline-{}.db", crate::db::new_id()));
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE t (v INTEGER NOT NULL);
                 INSERT INTO t (v) VALUES (1);",
            )
            .unwrap();
        (path, writer)
    }

    fn sum(connection: &Connection) -> rusqlite::Result<i64> {
        connection.query_row("SELECT SUM(v) FROM t", [], |row| row.get(0))
    }

    /// The inline readers and sqlx must run the one SQLite library (rusqlite on sqlx's
    /// `libsqlite3-sys`): two copies in one process would each keep their own locks on
    /// the same file. Cargo's `links = "sqlite3"` allows one copy; this checks that it
    /// is the same build on both paths.
    #[tokio::test]
    async fn rusqlite_and_sqlx_run_the_same_sqlite() {
        let (path, _writer) = database_with_one_row();
        let db = crate::db::Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let (through_sqlx,): (String,) =
            sqlx::query_as("SELECT sqlite_version() || ' ' || sqlite_source_id()")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let reads = InlineReads::open(&path, 1).unwrap();
        let inline: String = reads
            .try_read(|c| {
                c.query_row(
                    "SELECT sqlite_version() || ' ' || sqlite_source_id()",
                    [],
                    |row| row.get(0),
                )
            })
            .unwrap()
            .unwrap();
        assert_eq!(inline, through_sqlx);
        assert!(through_sqlx.starts_with(rusqlite::version()));
    }

    #[test]
    fn reads_see_what_was_committed_and_cannot_write() {
        let (path, writer) = database_with_one_row();
        let reads = InlineReads::open(&path, 2).unwrap();
        assert_eq!(reads.try_read(sum).unwrap().unwrap(), 1);
        writer.execute("INSERT INTO t (v) VALUES (41)", []).unwrap();
        assert_eq!(reads.try_read(sum).unwrap().unwrap(), 42);
        let write = reads.try_read(|c| c.execute("INSERT INTO t (v) VALUES (1)", []));
        assert!(write.unwrap().is_err(), "the connections are read-only");
    }

    #[test]
    fn a_read_during_a_write_transaction_sees_the_last_commit() {
        let (path, writer) = database_with_one_row();
        let reads = InlineReads::open(&path, 1).unwrap();
        writer
            .execute_batch("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES (5);")
            .unwrap();
        assert_eq!(reads.try_read(sum).unwrap().unwrap(), 1);
        writer.execute_batch("COMMIT").unwrap();
        assert_eq!(reads.try_read(sum).unwrap().unwrap(), 6);
    }

    #[test]
    fn when_every_connection_is_taken_the_caller_is_told_at_once() {
        let (path, _writer) = database_with_one_row();
        let reads = InlineReads::open(&path, 2).unwrap();
        let nested = reads.try_read(|_| Ok(reads.try_read(|_| Ok(reads.try_read(sum).is_none()))));
        assert!(
            nested.unwrap().unwrap().unwrap().unwrap(),
            "two connections in use, the third read is refused"
        );
    }
}
