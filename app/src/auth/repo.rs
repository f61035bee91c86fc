//! Sessions, sign-in failures, accounts by identifier and API tokens (SQL).

use super::model::{ApiToken, CurrentUser};
use super::rules::Throttle;
use super::secret::{digest, random_token};
use crate::db::{Db, new_id};
use crate::org::model::Role;
use sqlx::{AnyConnection, FromRow};

pub const SESSION_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
const SESSION_TOUCH_MS: i64 = 3600 * 1000;

/// The parts of an account that sign-in needs.
#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: String,
    pub status: String,
    pub password_hash: Option<String>,
    pub department_id: String,
}

/// Finds the account an employee number, mobile number or email names.
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn find_account(
    conn: &mut AnyConnection,
    identifier: &str,
) -> sqlx::Result<Option<AccountRow>> {
    let no = crate::org::rules::normalize_employee_no(identifier);
    let phone = crate::org::rules::normalize_phone(identifier).unwrap_or_default();
    let email = crate::org::rules::normalize_email(identifier).unwrap_or_default();
    sqlx::query_as::<_, AccountRow>(
        "SELECT id, status, password_hash, department_id FROM employees
         WHERE employee_no = $1 OR (phone = $2 AND $2 <> '') OR (email = $3 AND $3 <> '')
         ORDER BY CASE WHEN employee_no = $1 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(no)
    .bind(phone)
    .bind(email)
    .fetch_optional(conn)
    .await
}

#[derive(FromRow)]
struct ThrottleRow {
    failures: i64,
    last_failure_at: i64,
    locked_until: i64,
}

pub async fn throttle_get(conn: &mut AnyConnection, key: &str) -> sqlx::Result<Option<Throttle>> {
    let row = sqlx::query_as::<_, ThrottleRow>(
        "SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE account_key = $1",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Throttle {
        failures: r.failures,
        last_failure_at: r.last_failure_at,
        locked_until: r.locked_until,
    }))
}

pub async fn throttle_put(conn: &mut AnyConnection, key: &str, t: &Throttle) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sign_in_failures (account_key, failures, last_failure_at, locked_until)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_key) DO UPDATE
         SET failures = $2, last_failure_at = $3, locked_until = $4",
    )
    .bind(key)
    .bind(t.failures)
    .bind(t.last_failure_at)
    .bind(t.locked_until)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn throttle_clear(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Starts a session and returns its secret (the cookie value); only its digest is stored.
pub async fn create_session(
    conn: &mut AnyConnection,
    employee_id: &str,
    now: i64,
) -> sqlx::Result<String> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, employee_id, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $3)",
    )
    .bind(digest(&token))
    .bind(employee_id)
    .bind(now)
    .bind(now + SESSION_TTL_MS)
    .execute(conn)
    .await?;
    Ok(token)
}

pub async fn delete_session(db: &Db, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(digest(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of one person except, optionally, the one still in use.
pub async fn delete_sessions_of(
    conn: &mut AnyConnection,
    employee_id: &str,
    keep_token: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE employee_id = $1 AND token_hash <> $2")
        .bind(employee_id)
        .bind(keep_token.map(digest).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow, Debug, PartialEq)]
struct UserRow {
    id: String,
    employee_no: String,
    name: String,
    department_id: String,
    department_name: String,
    position: String,
    phone: Option<String>,
    email: Option<String>,
    heads: i64,
    /// Granted roles, comma-separated.
    roles: Option<String>,
    /// When the session was last seen (session lookups only).
    last_seen_at: i64,
    /// Approval requests waiting for the person (page-view lookups only).
    todo: i64,
}

/// What a session lookup reads besides the person.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WithTodo {
    No,
    Yes,
}

/// The columns of a [`CurrentUser`] in one row: roles aggregated, head-ship counted.
fn user_columns(db_backend: crate::db::Backend) -> String {
    let aggregate = match db_backend {
        crate::db::Backend::Sqlite => "group_concat(r.role, ',')",
        crate::db::Backend::Postgres => "string_agg(r.role, ',')",
    };
    format!(
        "e.id, e.employee_no, e.name, e.department_id, d.name AS department_name,
         e.position, e.phone, e.email,
         (SELECT COUNT(*) FROM departments h WHERE h.head_id = e.id) AS heads,
         (SELECT {aggregate} FROM employee_roles r WHERE r.employee_id = e.id) AS roles"
    )
}

impl From<UserRow> for CurrentUser {
    fn from(row: UserRow) -> Self {
        let mut roles: Vec<Role> = row
            .roles
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(Role::parse)
            .collect();
        roles.sort_by_key(|r| r.as_str());
        if row.heads > 0 {
            roles.push(Role::DeptHead);
        }
        roles.push(Role::Employee);
        CurrentUser {
            id: row.id,
            employee_no: row.employee_no,
            name: row.name,
            department_id: row.department_id,
            department_name: row.department_name,
            position: row.position,
            phone: row.phone,
            email: row.email,
            roles,
        }
    }
}

/// The active person behind a session secret, in one query (it runs on every
/// signed-in request); slides the session's expiry at most once an hour.
pub async fn user_for_session(db: &Db, token: &str, now: i64) -> sqlx::Result<Option<CurrentUser>> {
    Ok(session_lookup(db, token, now, WithTodo::No)
        .await?
        .map(|(user, _)| user))
}

/// [`user_for_session`] for a page view: also how many approval requests wait for the
/// person (the number on the to-do tab), in the same query. A page view's database
/// work is mostly the round trips, so this saves one of its two.
pub async fn user_and_todo_for_session(
    db: &Db,
    token: &str,
    now: i64,
) -> sqlx::Result<Option<(CurrentUser, i64)>> {
    session_lookup(db, token, now, WithTodo::Yes).await
}

#[tracing::instrument(level = "debug", skip_all)]
async fn session_lookup(
    db: &Db,
    token: &str,
    now: i64,
    with_todo: WithTodo,
) -> sqlx::Result<Option<(CurrentUser, i64)>> {
    let hash = digest(token);
    let sql = session_sql(db.backend, with_todo);
    let row = match inline_session_read(db, sql, &hash, now) {
        Some(row) => row,
        None => {
            sqlx::query_as::<_, UserRow>(sql)
                .bind(&hash)
                .bind(now)
                .fetch_optional(&db.pool)
                .await?
        }
    };
    let Some(row) = row else {
        return Ok(None);
    };
    let new_day = crate::core::clock::day_of(now) != crate::core::clock::day_of(row.last_seen_at);
    if now - row.last_seen_at > SESSION_TOUCH_MS || new_day {
        // The first request of a day with a kept session is a visit: the adoption
        // figures count the person active that day. One writer wins the touch. It runs
        // as its own task, so a client that goes away cannot cut the transaction short.
        let touch = tokio::spawn(touch_session(
            db.clone(),
            hash.clone(),
            row.id.clone(),
            row.department_id.clone(),
            row.last_seen_at,
            new_day,
            now,
        ));
        touch
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("session touch: {e}")))??;
    }
    let todo = row.todo;
    Ok(Some((row.into(), todo)))
}

/// The session lookup: the person, when the session was last seen, and (for a page
/// view) the number on the to-do tab. Binds the session hash and now. Written once per
/// backend and kind: it runs on every request.
fn session_sql(backend: crate::db::Backend, with_todo: WithTodo) -> &'static str {
    use std::sync::OnceLock;
    static WRITTEN: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];
    let slot = match (backend, with_todo) {
        (crate::db::Backend::Sqlite, WithTodo::No) => 0,
        (crate::db::Backend::Sqlite, WithTodo::Yes) => 1,
        (crate::db::Backend::Postgres, WithTodo::No) => 2,
        (crate::db::Backend::Postgres, WithTodo::Yes) => 3,
    };
    WRITTEN[slot].get_or_init(|| write_session_sql(backend, with_todo))
}

fn write_session_sql(backend: crate::db::Backend, with_todo: WithTodo) -> String {
    let todo = match with_todo {
        WithTodo::Yes => format!("({})", crate::approval::repo::pending_requests_sql("e.id")),
        WithTodo::No => "CAST(0 AS BIGINT)".to_string(),
    };
    format!(
        "SELECT {}, s.last_seen_at, {todo} AS todo
         FROM sessions s
         JOIN employees e ON e.id = s.employee_id
         JOIN departments d ON d.id = e.department_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND e.status = 'active'",
        user_columns(backend)
    )
}

/// The session query on one of SQLite's inline readers ([`crate::db::InlineReads`]):
/// `None` when it could not run there at once, and the pool should be asked.
fn inline_session_read(db: &Db, sql: &str, hash: &str, now: i64) -> Option<Option<UserRow>> {
    use rusqlite::OptionalExtension;
    let read = db.inline_reads()?.try_read(|conn| {
        conn.prepare_cached(sql)?
            .query_row(rusqlite::params![hash, now], |row| {
                // By position, in the order of `user_columns` and `write_session_sql`
                // (finding a column by name is a search on every request). The test
                // below reads the same row by name through the pool and compares.
                Ok(UserRow {
                    id: row.get(0)?,
                    employee_no: row.get(1)?,
                    name: row.get(2)?,
                    department_id: row.get(3)?,
                    department_name: row.get(4)?,
                    position: row.get(5)?,
                    phone: row.get(6)?,
                    email: row.get(7)?,
                    heads: row.get(8)?,
                    roles: row.get(9)?,
                    last_seen_at: row.get(10)?,
                    todo: row.get(11)?,
                })
            })
            .optional()
    })?;
    read.map_err(|e| {
        // Said once (then at debug level): a steady failure would otherwise only show
        // as every request paying for a failed read before the pool answers.
        static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if REPORTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            tracing::debug!(%e, "inline session read failed; asking the pool");
        } else {
            tracing::warn!(%e, "inline session read failed; asking the pool");
        }
    })
    .ok()
}

/// Slides a session's expiry; on a new day also records the visit.
async fn touch_session(
    db: Db,
    hash: String,
    employee_id: String,
    department_id: String,
    last_seen_at: i64,
    new_day: bool,
    now: i64,
) -> sqlx::Result<()> {
    let mut tx = db.begin_write().await?;
    let touched = sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3 AND last_seen_at = $4",
    )
    .bind(now)
    .bind(now + SESSION_TTL_MS)
    .bind(&hash)
    .bind(last_seen_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if touched == 1 && new_day {
        crate::activity::record(
            &mut tx,
            &employee_id,
            &department_id,
            crate::activity::Module::Account,
            crate::activity::Action::Visit,
            now,
        )
        .await?;
    }
    tx.commit().await
}

/// An active employee with their roles; `None` for invited or disabled ones.
pub async fn load_user(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    employee_id: &str,
) -> sqlx::Result<Option<CurrentUser>> {
    let sql = format!(
        "SELECT {}, CAST(0 AS BIGINT) AS last_seen_at, CAST(0 AS BIGINT) AS todo
         FROM employees e JOIN departments d ON d.id = e.department_id
         WHERE e.id = $1 AND e.status = 'active'",
        user_columns(backend)
    );
    let row = sqlx::query_as::<_, UserRow>(&sql)
        .bind(employee_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn password_hash_of(
    conn: &mut AnyConnection,
    employee_id: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT password_hash FROM employees WHERE id = $1")
            .bind(employee_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|r| r.0))
}

pub async fn set_password(
    conn: &mut AnyConnection,
    employee_id: &str,
    hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE employees SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The invited employee an unexpired invite code belongs to.
pub async fn invited_by_code(
    conn: &mut AnyConnection,
    code: &str,
    now: i64,
) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as::<_, AccountRow>(
        "SELECT id, status, password_hash, department_id FROM employees
         WHERE invite_code_hash = $1 AND status = 'invited' AND invite_expires_at > $2",
    )
    .bind(digest(code))
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Turns an invited account active with its first password; the invite is used up.
pub async fn activate(
    conn: &mut AnyConnection,
    employee_id: &str,
    hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE employees SET status = 'active', password_hash = $1, activated_at = $2, updated_at = $2,
                invite_code_hash = NULL, invite_expires_at = NULL
         WHERE id = $3 AND status = 'invited'",
    )
    .bind(hash)
    .bind(now)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Creates a token acting as `employee_id`; returns (id, secret).
pub async fn create_api_token(
    conn: &mut AnyConnection,
    name: &str,
    employee_id: &str,
    created_by: &str,
    now: i64,
) -> sqlx::Result<(String, String)> {
    let id = new_id();
    let secret = format!("ld_{}", random_token());
    sqlx::query(
        "INSERT INTO api_tokens (id, name, token_hash, employee_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(name)
    .bind(digest(&secret))
    .bind(employee_id)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok((id, secret))
}

#[derive(FromRow)]
struct ApiTokenRow {
    id: String,
    name: String,
    owner_name: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

pub async fn list_api_tokens(db: &Db) -> sqlx::Result<Vec<ApiToken>> {
    let rows = sqlx::query_as::<_, ApiTokenRow>(
        "SELECT t.id, t.name, e.name AS owner_name, t.created_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN employees e ON e.id = t.employee_id ORDER BY t.created_at DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ApiToken {
            id: r.id,
            name: r.name,
            owner_name: r.owner_name,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

pub async fn revoke_api_token(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The active person an unrevoked API token acts as.
pub async fn user_for_api_token(
    db: &Db,
    secret: &str,
    now: i64,
) -> sqlx::Result<Option<CurrentUser>> {
    let mut conn = db.pool.acquire().await?;
    let row: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, employee_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(digest(secret))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, employee_id, last_used)) = row else {
        return Ok(None);
    };
    if last_used.is_none_or(|t| now - t > 60_000) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(&mut *conn)
            .await?;
    }
    load_user(&mut conn, db.backend, &employee_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::server::sign_in_impl;
    use crate::db::testing::seeded_dbs;
    use crate::db::{Backend, now_ms};
    use crate::demo::DEMO_PASSWORD;

    #[tokio::test]
    async fn on_a_sqlite_file_sessions_are_read_inline_and_read_what_the_pool_reads() {
        for db in seeded_dbs().await {
            let (_, token) = sign_in_impl(&db, "00029", DEMO_PASSWORD, now_ms())
                .await
                .unwrap();
            let hash = digest(&token);
            let now = now_ms();
            for with_todo in [WithTodo::No, WithTodo::Yes] {
                let sql = session_sql(db.backend, with_todo);
                let pooled = sqlx::query_as::<_, UserRow>(sql)
                    .bind(&hash)
                    .bind(now)
                    .fetch_optional(&db.pool)
                    .await
                    .unwrap();
                assert!(pooled.is_some(), "the session is live");
                let inline = inline_session_read(&db, sql, &hash, now);
                let gone = inline_session_read(&db, sql, &digest("no such session"), now);
                let expired =
                    inline_session_read(&db, sql, &hash, now + 365 * crate::core::clock::DAY_MS);
                match db.backend {
                    Backend::Sqlite => {
                        assert_eq!(inline, Some(pooled), "read on the asking thread");
                        assert_eq!(gone, Some(None));
                        assert_eq!(expired, Some(None));
                    }
                    Backend::Postgres => {
                        assert_eq!(inline, None, "PostgreSQL reads through its pool");
                    }
                }
            }
        }
    }
}
