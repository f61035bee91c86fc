//! The database handle shared by every repository: one `sqlx::Any` pool over SQLite
//! (the embedded default) or PostgreSQL (several server instances), chosen by URL.
//!
//! Conventions every repository keeps so one SQL text runs on both: `$1` placeholders,
//! explicit column lists, ids as text UUID v7, times as integer epoch milliseconds
//! (UTC), integers as `i64`, flags as 0/1 integers. Dialect differences are explicit
//! `match db.backend` branches.
//!
//! On a SQLite file the handle also keeps a few read-only connections for reads on the
//! asking thread ([`InlineReads`]); only the session lookup, which every signed-in
//! request makes, uses them, and it falls back to the pool whenever they cannot serve.

mod inline_reads;

pub use inline_reads::InlineReads;
use serde::Serialize;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// On a SQLite file: read-only connections for the per-request session lookup.
    inline_reads: Option<Arc<InlineReads>>,
}

impl Db {
    /// Opens a pool for `url` (`sqlite://path`, `sqlite::memory:` or `postgres://…`),
    /// creating the SQLite file and its folder when missing.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let mut url = url.to_string();
        let memory = url.contains(":memory:");
        if backend == Backend::Sqlite && !memory {
            if let Some(path) = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
            {
                let path = path.split('?').next().unwrap_or(path);
                if let Some(parent) = std::path::Path::new(path).parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
                }
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        options = match (backend, memory) {
            // One connection: every in-memory SQLite connection is its own database.
            (Backend::Sqlite, true) => options
                .max_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            (Backend::Sqlite, false) => options.max_connections(8),
            (Backend::Postgres, _) => options.max_connections(16),
        };
        if backend == Backend::Sqlite {
            // An embedded file cannot go away under a connection: checking each one
            // before use would cost a round trip to its worker thread per query.
            // (PostgreSQL keeps the check: its server may restart under the pool.)
            options = options.test_before_acquire(false);
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await?;
        // The pool has created the file. One reader per core: each is busy only for
        // the microseconds of one query on the thread that asked.
        // The file exactly as sqlx reads the URL (percent-decoded); none when in memory.
        let sqlite_file = match backend {
            Backend::Sqlite if !memory && !url.contains("mode=memory") => {
                <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
                    .ok()
                    .map(|options| options.get_filename().to_path_buf())
            }
            _ => None,
        };
        let inline_reads = sqlite_file.and_then(|path| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            InlineReads::open(&path, cores.clamp(2, 8))
                .map_err(|e| tracing::warn!(%e, "reading sessions through the pool only"))
                .ok()
                .map(Arc::new)
        });
        Ok(Db {
            pool,
            backend,
            inline_reads,
        })
    }

    /// The read-only connections for reads on the asking thread (SQLite files only).
    pub fn inline_reads(&self) -> Option<&InlineReads> {
        self.inline_reads.as_deref()
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    /// The highest applied migration version, 0 when none.
    pub async fn applied_migration(&self) -> Result<i64, sqlx::Error> {
        let row: (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await?;
        Ok(row.0.unwrap_or(0))
    }

    /// The latest migration this build knows.
    pub fn latest_migration(&self) -> i64 {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// A transaction that will write: on SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so two writers queue instead of failing mid-way.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// `LIKE` that ignores ASCII case on both databases.
    pub fn ilike(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        }
    }
}

/// Now, as the epoch milliseconds every table stores.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A new time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The placeholders of an `IN (…)` list of `n` values whose first is bound at
/// position `from`: `placeholders(3, 2)` is `$3, $4`. The one way lists are written.
pub fn placeholders(from: usize, n: usize) -> String {
    let mut out = String::with_capacity(n * 5);
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('$');
        out.push_str(&(from + i).to_string());
    }
    out
}

/// `value` as the JSON text of a column. A value that cannot be encoded is an error
/// (logged with a correlation id where it becomes an `AppError`), never an empty or
/// `null` column.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// A JSON column's value. A column that does not decode is an error, never a default.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> sqlx::Result<T> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// What a write broke when it failed on a unique constraint: PostgreSQL's constraint
/// name (`employees_phone_key`) or SQLite's `table.column` list (`employees.phone`);
/// `None` for any other error. Modules map it to the field's message, so a value taken
/// by a concurrent writer gets the same answer as one taken long ago (no pre-check
/// with a count, which two writers can both pass).
pub fn unique_violation(error: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = error else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    if let Some(constraint) = db.constraint() {
        return Some(constraint.to_string());
    }
    let message = db.message();
    Some(
        message
            .strip_prefix("UNIQUE constraint failed: ")
            .unwrap_or(message)
            .to_string(),
    )
}

#[cfg(test)]
pub mod testing {
    //! Fresh databases for repository tests: SQLite always, PostgreSQL when
    //! `LUODI_TEST_POSTGRES_URL` names a server (the test command starts one).
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static COUNTER: AtomicUsize = AtomicUsize::new(0);

    /// Every database the tests should run on, each fresh and migrated.
    pub async fn fresh_dbs() -> Vec<Db> {
        let mut dbs = Vec::new();
        let dir = std::env::temp_dir().join("luodi-tests");
        std::fs::create_dir_all(&dir).expect("temp dir");
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let file = dir.join(format!("t-{}-{}-{}.db", std::process::id(), n, new_id()));
        let sqlite = Db::connect(&format!("sqlite://{}", file.display()))
            .await
            .expect("sqlite");
        sqlite.migrate().await.expect("migrate sqlite");
        dbs.push(sqlite);
        if let Ok(url) = std::env::var("LUODI_TEST_POSTGRES_URL") {
            dbs.push(fresh_postgres(&url).await);
        }
        dbs
    }

    /// Every test database, fresh, with the demo hospital seeded (once: a second seed
    /// must add nothing).
    pub async fn seeded_dbs() -> Vec<Db> {
        let dbs = fresh_dbs().await;
        for db in &dbs {
            assert!(crate::demo::seed(db).await.expect("seed"));
            assert!(
                !crate::demo::seed(db).await.expect("seed again"),
                "seeding twice adds nothing"
            );
        }
        dbs
    }

    /// The single integer a counting query returns.
    pub async fn count(db: &Db, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(&db.pool)
            .await
            .expect("count");
        n
    }

    /// A new empty schema on the test PostgreSQL server, so tests run in parallel.
    async fn fresh_postgres(url: &str) -> Db {
        install_default_drivers();
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let admin = sqlx::AnyPool::connect(url).await.expect("postgres");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("schema");
        admin.close().await;
        let sep = if url.contains('?') { '&' } else { '?' };
        let scoped = format!("{url}{sep}options=-c%20search_path%3D{schema}");
        let db = Db::connect(&scoped).await.expect("postgres schema");
        db.migrate().await.expect("migrate postgres");
        db
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn in_lists_number_their_placeholders_from_where_they_start() {
        assert_eq!(super::placeholders(1, 3), "$1, $2, $3");
        assert_eq!(super::placeholders(4, 1), "$4");
        assert_eq!(super::placeholders(1, 0), "");
    }
}
