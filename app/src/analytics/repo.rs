//! SQL of the adoption board (server only).
//!
//! [`refresh`] reads the activity events past a cursor, in id order and in one
//! transaction per batch: it ORs each event into its person's day, week and month rows
//! of `adoption_activity`, and awards points by the rules into a ledger whose
//! (person, act) key is unique. The cursor moves in the same transaction, so a crash
//! mid-way replays the batch and the unique keys make the replay award nothing twice.
//! The figures then read the small rollup rows, never the raw events.

use super::model::*;
use super::rules::{self, Counts, EventFacts};
use crate::db::{Backend, Db, new_id};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Events read per transaction.
const BATCH: i64 = 2000;
/// A hole in the event ids (a transaction still committing on PostgreSQL, or one
/// rolled back) is waited for this long, from when the reader first met it, before the
/// cursor moves past it. Timed by the reader's clock, not by the events' times: an
/// event's time is its request's start, which says nothing about when the event in the
/// hole will commit.
pub const GAP_WAIT_MS: i64 = 30_000;

/// Brings the rollups and points up to date with the events. Returns how many
/// events were read. Safe to call from several servers at once: the cursor row is
/// locked for the batch.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn refresh(db: &Db, now: i64) -> sqlx::Result<u64> {
    let mut total = 0;
    loop {
        let read = refresh_batch(db, now).await?;
        total += read;
        if read < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Whether events wait to be read (a cheap check before taking the write lock).
pub async fn behind(db: &Db) -> sqlx::Result<bool> {
    let row: (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(id) FROM activity_events), last_event_id FROM adoption_cursor WHERE id = 1",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(row.0.unwrap_or(0) > row.1)
}

async fn refresh_batch(db: &Db, now: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin_write().await?;
    let lock = match db.backend {
        Backend::Sqlite => "SELECT last_event_id, gap_seen_at FROM adoption_cursor WHERE id = 1",
        Backend::Postgres => {
            "SELECT last_event_id, gap_seen_at FROM adoption_cursor WHERE id = 1 FOR UPDATE"
        }
    };
    let (cursor, gap_seen_at): (i64, Option<i64>) =
        sqlx::query_as(lock).fetch_one(&mut *tx).await?;
    let rows = sqlx::query(
        "SELECT id, employee_id, module, action, subject, occurred_at FROM activity_events
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(cursor)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    let mut events: Vec<(String, EventFacts, i64)> = Vec::with_capacity(rows.len());
    let mut expected = cursor + 1;
    let mut stopped_at_hole = false;
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        if id != expected {
            // Only the hole just past the cursor can have waited long enough; reading
            // stops at any other, which is just past the cursor next time.
            let waited =
                expected == cursor + 1 && gap_seen_at.is_some_and(|seen| now - seen >= GAP_WAIT_MS);
            if !waited {
                stopped_at_hole = true;
                break;
            }
        }
        expected = id + 1;
        let occurred_at: i64 = row.try_get("occurred_at")?;
        events.push((
            row.try_get("employee_id")?,
            EventFacts {
                id,
                module: row.try_get("module")?,
                action: row.try_get("action")?,
                subject: row.try_get("subject")?,
                day: crate::core::clock::day_of(occurred_at),
            },
            occurred_at,
        ));
    }
    let Some(last) = events.last().map(|e| e.1.id) else {
        if stopped_at_hole && gap_seen_at.is_none() {
            sqlx::query("UPDATE adoption_cursor SET gap_seen_at = $1 WHERE id = 1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        return Ok(0);
    };
    roll_up_events(&mut tx, &events).await?;
    award_points(&mut tx, &events).await?;
    sqlx::query(
        "UPDATE adoption_cursor SET last_event_id = $1, gap_seen_at = $2, updated_at = $3 WHERE id = 1",
    )
    .bind(last)
    .bind(stopped_at_hole.then_some(now))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(events.len() as u64)
}

/// ORs the events into day rows, then counts new days into week and month rows.
async fn roll_up_events(
    conn: &mut AnyConnection,
    events: &[(String, EventFacts, i64)],
) -> sqlx::Result<()> {
    let mut days: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for (employee, event, _) in events {
        *days.entry((event.day, employee.clone())).or_default() |=
            rules::feature_bits(&event.module, &event.action);
    }
    for ((day, employee), features) in days {
        let inserted = sqlx::query(
            "INSERT INTO adoption_activity (period, period_start, employee_id, features, days)
             VALUES ('d', $1, $2, $3, 1) ON CONFLICT (period, period_start, employee_id) DO NOTHING",
        )
        .bind(day)
        .bind(&employee)
        .bind(features)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 0 && features != 0 {
            merge_features(conn, "d", day, &employee, features, 0).await?;
        }
        let new_day = i64::from(inserted == 1);
        for kind in [PeriodKind::Week, PeriodKind::Month] {
            let start = kind.start_of(day);
            let inserted = sqlx::query(
                "INSERT INTO adoption_activity (period, period_start, employee_id, features, days)
                 VALUES ($1, $2, $3, $4, 1) ON CONFLICT (period, period_start, employee_id) DO NOTHING",
            )
            .bind(kind.code())
            .bind(start)
            .bind(&employee)
            .bind(features)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if inserted == 0 && (features != 0 || new_day == 1) {
                merge_features(conn, kind.code(), start, &employee, features, new_day).await?;
            }
        }
    }
    Ok(())
}

async fn merge_features(
    conn: &mut AnyConnection,
    period: &str,
    start: i64,
    employee: &str,
    features: i64,
    new_days: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE adoption_activity SET features = features | $1, days = days + $2
         WHERE period = $3 AND period_start = $4 AND employee_id = $5",
    )
    .bind(features)
    .bind(new_days)
    .bind(period)
    .bind(start)
    .bind(employee)
    .execute(conn)
    .await?;
    Ok(())
}

/// The points rules in force (the defaults for a rule never saved).
pub async fn points_rules(conn: &mut AnyConnection) -> sqlx::Result<Vec<PointsRule>> {
    let rows: Vec<(String, i64, String, i64, i64)> =
        sqlx::query_as("SELECT code, points, limit_per, limit_count, enabled FROM points_rules")
            .fetch_all(conn)
            .await?;
    Ok(PointsRuleCode::ALL
        .iter()
        .map(|code| {
            rows.iter()
                .find(|r| r.0 == code.code())
                .map(|r| PointsRule {
                    code: *code,
                    points: r.1,
                    limit_per: if r.2 == "ever" {
                        LimitPer::Ever
                    } else {
                        LimitPer::Day
                    },
                    limit_count: r.3.clamp(1, 1000) as u32,
                    enabled: r.4 != 0,
                })
                .unwrap_or_else(|| code.default_rule())
        })
        .collect())
}

pub async fn save_points_rules(
    conn: &mut AnyConnection,
    list: &[PointsRule],
    now: i64,
) -> sqlx::Result<()> {
    for rule in list {
        sqlx::query(
            "INSERT INTO points_rules (code, points, limit_per, limit_count, enabled, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (code) DO UPDATE SET points = excluded.points, limit_per = excluded.limit_per,
                 limit_count = excluded.limit_count, enabled = excluded.enabled, updated_at = excluded.updated_at",
        )
        .bind(rule.code.code())
        .bind(rule.points)
        .bind(match rule.limit_per {
            LimitPer::Day => "day",
            LimitPer::Ever => "ever",
        })
        .bind(i64::from(rule.limit_count))
        .bind(i64::from(rule.enabled))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Awards the points the events earn, each act once (see [`rules::acts_of`]).
async fn award_points(
    conn: &mut AnyConnection,
    events: &[(String, EventFacts, i64)],
) -> sqlx::Result<()> {
    let list = points_rules(&mut *conn).await?;
    let rule_of = |code: PointsRuleCode| list.iter().find(|r| r.code == code).copied();
    let mut streak_checked: std::collections::HashSet<(String, i64)> = Default::default();
    // An act met again in the same batch (the day's sign-in, mostly) is settled already.
    let mut acts_seen: std::collections::HashSet<(String, String)> = Default::default();
    for (employee, event, occurred_at) in events {
        for (code, key) in rules::acts_of(event) {
            if !acts_seen.insert((employee.clone(), key.clone())) {
                continue;
            }
            if let Some(rule) = rule_of(code) {
                award(conn, employee, &rule, &key, event.day, *occurred_at).await?;
            }
        }
        if streak_checked.insert((employee.clone(), event.day))
            && let Some(rule) = rule_of(PointsRuleCode::Streak7)
            && rule.enabled
        {
            let streak = streak_through(conn, employee, event.day).await?;
            if rules::earns_streak_bonus(streak) {
                let key = format!("streak_7:{}", event.day);
                award(conn, employee, &rule, &key, event.day, *occurred_at).await?;
            }
        }
    }
    Ok(())
}

/// The length of the person's run of consecutive active days ending on `day`, read
/// from the day rows a window at a time until the run ends inside one.
pub async fn streak_through(
    conn: &mut AnyConnection,
    employee: &str,
    day: i64,
) -> sqlx::Result<u32> {
    const WINDOW: i64 = 70;
    let mut length = 0;
    let mut until = day;
    loop {
        let days: Vec<(i64,)> = sqlx::query_as(
            "SELECT period_start FROM adoption_activity
             WHERE employee_id = $1 AND period = 'd' AND period_start > $2 AND period_start <= $3",
        )
        .bind(employee)
        .bind(until - WINDOW)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
        let days: Vec<i64> = days.into_iter().map(|d| d.0).collect();
        let run = rules::streak_length(&days, until);
        length += run;
        if i64::from(run) < WINDOW {
            return Ok(length);
        }
        until -= WINDOW;
    }
}

/// Writes one award if the rule's limit allows and the act has not been awarded;
/// returns whether it did.
async fn award(
    conn: &mut AnyConnection,
    employee: &str,
    rule: &PointsRule,
    key: &str,
    day: i64,
    at: i64,
) -> sqlx::Result<bool> {
    let (so_far,): (i64,) = match rule.limit_per {
        LimitPer::Day => sqlx::query_as(
            "SELECT COUNT(*) FROM points_ledger WHERE employee_id = $1 AND rule_code = $2 AND day = $3",
        )
        .bind(employee)
        .bind(rule.code.code())
        .bind(day),
        LimitPer::Ever => sqlx::query_as(
            "SELECT COUNT(*) FROM points_ledger WHERE employee_id = $1 AND rule_code = $2 AND day >= $3",
        )
        .bind(employee)
        .bind(rule.code.code())
        .bind(i64::MIN),
    }
    .fetch_one(&mut *conn)
    .await?;
    if !rules::within_limit(rule, so_far) {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO points_ledger (id, employee_id, entry_key, rule_code, points, day, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (employee_id, entry_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(employee)
    .bind(key)
    .bind(rule.code.code())
    .bind(rule.points)
    .bind(day)
    .bind(at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO points_accounts (employee_id, balance, earned) VALUES ($1, $2, $2)
         ON CONFLICT (employee_id) DO UPDATE SET balance = points_accounts.balance + excluded.balance,
             earned = points_accounts.earned + excluded.earned",
    )
    .bind(employee)
    .bind(rule.points)
    .execute(&mut *conn)
    .await?;
    add_points_to_rows(conn, employee, day, rule.points).await?;
    Ok(true)
}

/// Adds points earned on `day` to the person's day, week and month rows.
async fn add_points_to_rows(
    conn: &mut AnyConnection,
    employee: &str,
    day: i64,
    points: i64,
) -> sqlx::Result<()> {
    for kind in [PeriodKind::Day, PeriodKind::Week, PeriodKind::Month] {
        sqlx::query(
            "UPDATE adoption_activity SET points = points + $1
             WHERE period = $2 AND period_start = $3 AND employee_id = $4",
        )
        .bind(points)
        .bind(kind.code())
        .bind(kind.start_of(day))
        .bind(employee)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub events: i64,
    pub day_rows: i64,
    pub week_rows: i64,
    pub month_rows: i64,
}

/// The SQL that ORs feature bits over grouped rows: of events (from their module and
/// action), or of day rows (from their `features`). SQLite has no bitwise-OR aggregate,
/// so each bit is the MAX of a 0-or-bit term.
fn or_features_sql(from_events: bool) -> String {
    rules::ALL_BITS
        .iter()
        .map(|bit| {
            if from_events {
                let pairs: Vec<String> = rules::FEATURE_EVENTS
                    .iter()
                    .filter(|(_, _, b)| b & bit != 0)
                    .map(|(m, a, _)| {
                        format!("(module = '{}' AND action = '{}')", m.as_str(), a.as_str())
                    })
                    .collect();
                format!(
                    "MAX(CASE WHEN {} THEN {bit} ELSE 0 END)",
                    pairs.join(" OR ")
                )
            } else {
                format!("MAX(features & {bit})")
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Recomputes every rollup row from the raw events in a few set-based statements, in
/// one transaction: when the feature definitions change, or after loading history in
/// bulk. Points are earned by [`refresh`] alone and stay (the ledger is the truth);
/// they are summed back into the rows. So a rebuild covers the events the reader has
/// read, and the cursor stays where it is: what the reader has not read yet, it still
/// reads, with its points. On a database the reader has never read (history loaded in
/// bulk before the board existed), the rebuild takes every event as read: that history
/// counts in the figures and earns no points, since the points programme starts with
/// the board.
#[tracing::instrument(level = "info", skip_all)]
pub async fn rebuild(db: &Db, now: i64) -> sqlx::Result<Rebuilt> {
    let mut tx = db.begin_write().await?;
    let lock = match db.backend {
        Backend::Sqlite => "SELECT last_event_id FROM adoption_cursor WHERE id = 1",
        Backend::Postgres => "SELECT last_event_id FROM adoption_cursor WHERE id = 1 FOR UPDATE",
    };
    let (cursor,): (i64,) = sqlx::query_as(lock).fetch_one(&mut *tx).await?;
    let last = if cursor > 0 {
        cursor
    } else {
        let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM activity_events")
            .fetch_one(&mut *tx)
            .await?;
        max.unwrap_or(0)
    };
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM activity_events WHERE id <= $1")
        .bind(last)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM adoption_activity")
        .execute(&mut *tx)
        .await?;
    let day = format!(
        "(occurred_at + {}) / {}",
        crate::core::clock::ZONE_OFFSET_MS,
        crate::core::clock::DAY_MS
    );
    let day_rows = sqlx::query(&format!(
        "INSERT INTO adoption_activity (period, period_start, employee_id, features, days, points)
         SELECT 'd', {day}, employee_id, {features}, 1, 0 FROM activity_events WHERE id <= $1
         GROUP BY {day}, employee_id",
        features = or_features_sql(true)
    ))
    .bind(last)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    let week = "period_start - ((period_start + 3) % 7)";
    let or_days = or_features_sql(false);
    let week_rows = sqlx::query(&format!(
        "INSERT INTO adoption_activity (period, period_start, employee_id, features, days, points)
         SELECT 'w', {week}, employee_id, {or_days}, COUNT(*), 0 FROM adoption_activity WHERE period = 'd'
         GROUP BY {week}, employee_id"
    ))
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    let (first_day, last_day): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT MIN(period_start), MAX(period_start) FROM adoption_activity WHERE period = 'd'",
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut month_rows = 0;
    if let (Some(first), Some(last_day)) = (first_day, last_day) {
        let mut month = Period::containing(PeriodKind::Month, first);
        while month.start <= last_day {
            month_rows += sqlx::query(&format!(
                "INSERT INTO adoption_activity (period, period_start, employee_id, features, days, points)
                 SELECT 'm', CAST($1 AS BIGINT), employee_id, {or_days}, COUNT(*), 0 FROM adoption_activity
                 WHERE period = 'd' AND period_start >= $1 AND period_start < $2 GROUP BY employee_id"
            ))
            .bind(month.start)
            .bind(month.end())
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
            month = month.next();
        }
    }
    let awarded: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT employee_id, day, CAST(SUM(points) AS BIGINT) FROM points_ledger
         WHERE rule_code IS NOT NULL GROUP BY employee_id, day",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (employee, day, points) in awarded {
        add_points_to_rows(&mut tx, &employee, day, points.unwrap_or(0)).await?;
    }
    sqlx::query("UPDATE adoption_cursor SET last_event_id = $1, updated_at = $2 WHERE id = 1")
        .bind(last)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if db.backend == Backend::Postgres {
        // Fresh statistics for the planner after rewriting the whole table.
        sqlx::query("ANALYZE adoption_activity")
            .execute(&db.pool)
            .await?;
    }
    Ok(Rebuilt {
        events,
        day_rows,
        week_rows,
        month_rows,
    })
}

/// One department of the tree.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub sort_order: i64,
    pub head_id: Option<String>,
}

pub async fn departments(db: &Db) -> sqlx::Result<Vec<DepartmentRow>> {
    sqlx::query_as(
        "SELECT id, parent_id, name, sort_order, head_id FROM departments ORDER BY sort_order, name",
    )
    .fetch_all(&db.pool)
    .await
}

/// Each department's own counts (people directly in it) for `period`, as of `today`.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn own_counts(
    db: &Db,
    period: Period,
    today: i64,
) -> sqlx::Result<HashMap<String, Counts>> {
    let mut own: HashMap<String, Counts> = HashMap::new();
    let end_ms = crate::core::clock::day_start(period.end().min(today + 1));
    let accounts: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT department_id,
                SUM(CASE WHEN status <> 'disabled' THEN 1 ELSE 0 END),
                SUM(CASE WHEN status = 'active' AND (activated_at IS NULL OR activated_at < $1) THEN 1 ELSE 0 END)
         FROM employees GROUP BY department_id",
    )
    .bind(end_ms)
    .fetch_all(&db.pool)
    .await?;
    for (dept, accounts, registered) in accounts {
        let c = own.entry(dept).or_default();
        c.accounts = accounts;
        c.registered = registered;
    }
    let feature_sums: String = Feature::AVAILABLE
        .iter()
        .map(|f| {
            format!(
                ", SUM(CASE WHEN (p.features & {}) <> 0 THEN 1 ELSE 0 END)",
                f.mask()
            )
        })
        .collect();
    let sql = format!(
        "SELECT e.department_id, COUNT(*), CAST(SUM(p.days) AS BIGINT),
                SUM(CASE WHEN (p.features & {core}) <> 0 THEN 1 ELSE 0 END),
                SUM(CASE WHEN (p.features & {taken}) <> 0 THEN 1 ELSE 0 END),
                SUM(CASE WHEN (p.features & {passed}) <> 0 THEN 1 ELSE 0 END)
                {feature_sums}
         FROM adoption_activity p JOIN employees e ON e.id = p.employee_id
         WHERE p.period = $1 AND p.period_start = $2 AND e.status = 'active'
         GROUP BY e.department_id",
        core = rules::core_mask(),
        taken = rules::bits::TEST_TAKEN,
        passed = rules::bits::TEST_PASSED,
    );
    let rows = sqlx::query(&sql)
        .bind(period.kind.code())
        .bind(period.start)
        .fetch_all(&db.pool)
        .await?;
    for row in rows {
        let dept: String = row.try_get(0)?;
        let c = own.entry(dept).or_default();
        c.active = row.try_get(1)?;
        c.person_days = row.try_get::<Option<i64>, _>(2)?.unwrap_or(0);
        c.core_people = row.try_get::<Option<i64>, _>(3)?.unwrap_or(0);
        c.test_takers = row.try_get::<Option<i64>, _>(4)?.unwrap_or(0);
        c.test_passers = row.try_get::<Option<i64>, _>(5)?.unwrap_or(0);
        c.feature_people = (0..Feature::AVAILABLE.len())
            .map(|i| row.try_get::<Option<i64>, _>(6 + i).map(|v| v.unwrap_or(0)))
            .collect::<Result<_, _>>()?;
    }
    let cycles: Vec<(String, i64)> = sqlx::query_as(
        "SELECT department_id, finished_at - submitted_at FROM approval_instances
         WHERE finished_at >= $1 AND finished_at < $2 AND status IN ('approved', 'rejected')",
    )
    .bind(crate::core::clock::day_start(period.start))
    .bind(crate::core::clock::day_start(period.end()))
    .fetch_all(&db.pool)
    .await?;
    for (dept, ms) in cycles {
        own.entry(dept).or_default().cycle_ms.push(ms);
    }
    Ok(own)
}

/// The counts of a scope (these departments, or everyone) for every week in
/// `[first, last]` (week starts), keyed by week start. Registration is as of each
/// week's end. Read without joining the rollups to the people: the scope is a set of
/// people, looked up by the index on `employee_id`, or (for everyone) all rows less
/// the few who are not active.
#[tracing::instrument(level = "debug", skip(db, scope))]
pub async fn weekly_counts(
    db: &Db,
    first: i64,
    last: i64,
    today: i64,
    scope: Option<&[String]>,
) -> sqlx::Result<BTreeMap<i64, Counts>> {
    let mut weeks: BTreeMap<i64, Counts> = BTreeMap::new();
    let people: Vec<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT department_id, status, activated_at FROM employees WHERE status <> 'disabled'",
    )
    .fetch_all(&db.pool)
    .await?;
    let scope_set: Option<HashSet<&str>> = scope.map(|s| s.iter().map(String::as_str).collect());
    let people: Vec<(String, Option<i64>)> = people
        .into_iter()
        .filter(|(dept, _, _)| scope_set.as_ref().is_none_or(|s| s.contains(dept.as_str())))
        .map(|(_, status, activated_at)| (status, activated_at))
        .collect();
    let mut week = first;
    while week <= last {
        let end_ms = crate::core::clock::day_start((week + 7).min(today + 1));
        let c = weeks.entry(week).or_default();
        for (status, activated_at) in &people {
            c.accounts += 1;
            if status == "active" && activated_at.is_none_or(|t| t < end_ms) {
                c.registered += 1;
            }
        }
        week += 7;
    }
    let who = match scope {
        None => {
            "p.employee_id NOT IN (SELECT id FROM employees WHERE status <> 'active')".to_string()
        }
        Some([]) => return Ok(weeks),
        Some(departments) => format!(
            "p.employee_id IN (SELECT id FROM employees WHERE status = 'active' AND department_id IN ({}))",
            crate::db::placeholders(3, departments.len())
        ),
    };
    let sql = format!(
        "SELECT p.period_start, COUNT(*), CAST(SUM(p.days) AS BIGINT),
                SUM(CASE WHEN (p.features & {core}) <> 0 THEN 1 ELSE 0 END)
         FROM adoption_activity p
         WHERE p.period = 'w' AND p.period_start >= $1 AND p.period_start <= $2 AND {who}
         GROUP BY p.period_start",
        core = rules::core_mask()
    );
    let mut query = sqlx::query_as::<_, (i64, i64, Option<i64>, Option<i64>)>(&sql)
        .bind(first)
        .bind(last);
    for d in scope.unwrap_or_default() {
        query = query.bind(d);
    }
    for (week, active, days, core) in query.fetch_all(&db.pool).await? {
        let c = weeks.entry(week).or_default();
        c.active = active;
        c.person_days = days.unwrap_or(0);
        c.core_people = core.unwrap_or(0);
    }
    Ok(weeks)
}

#[derive(Debug, sqlx::FromRow)]
struct PersonRow {
    id: String,
    employee_no: String,
    name: String,
    department: String,
    phone: Option<String>,
    last_day: Option<i64>,
}

impl From<PersonRow> for PersonLine {
    fn from(r: PersonRow) -> Self {
        PersonLine {
            employee_id: r.id,
            employee_no: r.employee_no,
            name: r.name,
            department: r.department,
            phone: r.phone,
            last_active_day: r.last_day,
        }
    }
}

/// Invited people of these departments who have not activated yet.
pub async fn not_activated(db: &Db, departments: &[String]) -> sqlx::Result<Vec<PersonLine>> {
    if departments.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT e.id, e.employee_no, e.name, d.name AS department, e.phone, NULL AS last_day
         FROM employees e JOIN departments d ON d.id = e.department_id
         WHERE e.status = 'invited' AND e.department_id IN ({})
         ORDER BY d.sort_order, e.employee_no LIMIT 500",
        crate::db::placeholders(1, departments.len())
    );
    let mut query = sqlx::query_as::<_, PersonRow>(&sql);
    for d in departments {
        query = query.bind(d);
    }
    Ok(query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Registered people of these departments with no activity in `period`, with the
/// last day they were active.
pub async fn inactive(
    db: &Db,
    departments: &[String],
    period: Period,
) -> sqlx::Result<Vec<PersonLine>> {
    if departments.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT e.id, e.employee_no, e.name, d.name AS department, e.phone,
                (SELECT MAX(a.period_start) FROM adoption_activity a
                  WHERE a.employee_id = e.id AND a.period = 'd') AS last_day
         FROM employees e JOIN departments d ON d.id = e.department_id
         WHERE e.status = 'active' AND e.department_id IN ({})
           AND NOT EXISTS (SELECT 1 FROM adoption_activity p
                           WHERE p.period = $1 AND p.period_start = $2 AND p.employee_id = e.id)
         ORDER BY d.sort_order, e.employee_no LIMIT 500",
        crate::db::placeholders(3, departments.len())
    );
    let mut query = sqlx::query_as::<_, PersonRow>(&sql)
        .bind(period.kind.code())
        .bind(period.start);
    for d in departments {
        query = query.bind(d);
    }
    Ok(query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// People by points earned in `period`: (employee id, name, department id, department, points).
pub async fn people_by_points(
    db: &Db,
    period: Period,
    department: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<(String, String, String, i64)>> {
    let filter = if department.is_some() {
        "AND e.department_id = $4"
    } else {
        ""
    };
    let sql = format!(
        "SELECT e.id, e.name, d.name, p.points
         FROM adoption_activity p JOIN employees e ON e.id = p.employee_id
         JOIN departments d ON d.id = e.department_id
         WHERE p.period = $1 AND p.period_start = $2 AND p.points > 0 AND e.status = 'active' {filter}
         ORDER BY p.points DESC, e.employee_no LIMIT $3"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(period.kind.code())
        .bind(period.start)
        .bind(limit);
    if let Some(d) = department {
        query = query.bind(d);
    }
    query.fetch_all(&db.pool).await
}

/// A person's rank by points in `period` among `department` (or everyone): (rank, of how many).
pub async fn points_rank(
    db: &Db,
    period: Period,
    employee_id: &str,
    department: Option<&str>,
) -> sqlx::Result<(i64, i64, i64)> {
    let filter = if department.is_some() {
        "AND e.department_id = $4"
    } else {
        ""
    };
    let sql = format!(
        "SELECT COALESCE((SELECT points FROM adoption_activity WHERE period = $1 AND period_start = $2 AND employee_id = $3), 0),
                (SELECT COUNT(*) FROM adoption_activity p JOIN employees e ON e.id = p.employee_id
                  WHERE p.period = $1 AND p.period_start = $2 AND e.status = 'active' {filter}
                    AND p.points > COALESCE((SELECT points FROM adoption_activity WHERE period = $1 AND period_start = $2 AND employee_id = $3), 0)),
                (SELECT COUNT(*) FROM employees e WHERE e.status = 'active' {filter})"
    );
    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql)
        .bind(period.kind.code())
        .bind(period.start)
        .bind(employee_id);
    if let Some(d) = department {
        query = query.bind(d);
    }
    let (points, above, of) = query.fetch_one(&db.pool).await?;
    Ok((points, above + 1, of))
}

pub async fn settings(db: &Db) -> sqlx::Result<Weights> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT settings FROM adoption_settings WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    // No row yet: the default weights. A row that does not decode is an error.
    row.map(|r| crate::db::from_json(&r.0))
        .transpose()
        .map(Option::unwrap_or_default)
}

pub async fn save_settings(
    conn: &mut AnyConnection,
    weights: &Weights,
    by: &str,
    now: i64,
) -> sqlx::Result<()> {
    let json = crate::db::to_json(weights)?;
    sqlx::query(
        "INSERT INTO adoption_settings (id, settings, updated_at, updated_by) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
    )
    .bind(json)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// The current campaign (the newest), if any.
pub async fn campaign(db: &Db) -> sqlx::Result<Option<(String, CampaignPlan)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, plan FROM adoption_campaigns ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    row.map(|(id, plan)| Ok((id, crate::db::from_json(&plan)?)))
        .transpose()
}

pub async fn save_campaign(
    conn: &mut AnyConnection,
    id: Option<&str>,
    plan: &CampaignPlan,
    now: i64,
) -> sqlx::Result<String> {
    let json = crate::db::to_json(plan)?;
    let id = id.map(str::to_string).unwrap_or_else(new_id);
    sqlx::query(
        "INSERT INTO adoption_campaigns (id, plan, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, updated_at = excluded.updated_at",
    )
    .bind(&id)
    .bind(json)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn monthly_best(db: &Db, limit: i64) -> sqlx::Result<Vec<(i64, String, f64, String)>> {
    sqlx::query_as(
        "SELECT month_start, department_id, score, figures FROM adoption_monthly_best
         ORDER BY month_start DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn has_monthly_best(db: &Db, month_start: i64) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT month_start FROM adoption_monthly_best WHERE month_start = $1")
            .bind(month_start)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.is_some())
}

/// Keeps the month's best department; the first decision stands.
pub async fn record_monthly_best(
    db: &Db,
    month_start: i64,
    department_id: &str,
    score: f64,
    figures: &Figures,
    now: i64,
) -> sqlx::Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO adoption_monthly_best (month_start, department_id, score, figures, decided_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (month_start) DO NOTHING",
    )
    .bind(month_start)
    .bind(department_id)
    .bind(score)
    .bind(crate::db::to_json(figures)?)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The person's balance and total earned.
pub async fn account(db: &Db, employee_id: &str) -> sqlx::Result<(i64, i64)> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT balance, earned FROM points_accounts WHERE employee_id = $1")
            .bind(employee_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.unwrap_or((0, 0)))
}

/// The newest ledger lines of a person.
pub async fn ledger(db: &Db, employee_id: &str, limit: i64) -> sqlx::Result<Vec<LedgerEntry>> {
    // (at, points, rule, reward, key)
    type LedgerRow = (i64, i64, Option<String>, Option<String>, String);
    let rows: Vec<LedgerRow> = sqlx::query_as(
        "SELECT l.occurred_at, l.points, l.rule_code, w.name, l.entry_key
         FROM points_ledger l
         LEFT JOIN redemptions r ON r.id = l.redemption_id
         LEFT JOIN rewards w ON w.id = r.reward_id
         WHERE l.employee_id = $1 ORDER BY l.occurred_at DESC, l.id DESC LIMIT $2",
    )
    .bind(employee_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, points, rule, reward, key)| LedgerEntry {
            occurred_at: at,
            points,
            rule: rule.as_deref().and_then(PointsRuleCode::parse),
            reward,
            refund: key.starts_with("refund:"),
        })
        .collect())
}

/// How many lines the person's ledger has.
pub async fn ledger_total(db: &Db, employee_id: &str) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM points_ledger WHERE employee_id = $1")
        .bind(employee_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// How many awards of each rule the person has today and ever.
pub async fn awards_so_far(
    db: &Db,
    employee_id: &str,
    today: i64,
) -> sqlx::Result<HashMap<String, (i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT rule_code, SUM(CASE WHEN day = $2 THEN 1 ELSE 0 END), COUNT(*)
         FROM points_ledger WHERE employee_id = $1 AND rule_code IS NOT NULL GROUP BY rule_code",
    )
    .bind(employee_id)
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(c, d, e)| (c, (d, e))).collect())
}

#[derive(sqlx::FromRow)]
struct RewardRow {
    id: String,
    name: String,
    description: String,
    cost: i64,
    stock: i64,
    active: i64,
}

pub async fn rewards(db: &Db, only_active: bool) -> sqlx::Result<Vec<Reward>> {
    let filter = if only_active { "WHERE active = 1" } else { "" };
    let rows: Vec<RewardRow> = sqlx::query_as(&format!(
        "SELECT id, name, description, cost, stock, active FROM rewards {filter} ORDER BY sort_order, cost, name"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Reward {
            id: r.id,
            name: r.name,
            description: r.description,
            cost: r.cost,
            stock: r.stock,
            active: r.active != 0,
            stock_loaded: Some(r.stock),
        })
        .collect())
}

/// Writes a reward. A new one (no `stock_loaded`) gets the stock as given; an
/// existing one moves by the edit (`stock - stock_loaded`), never below zero. Returns
/// the rows written (0: no such reward).
pub async fn save_reward(conn: &mut AnyConnection, reward: &Reward, now: i64) -> sqlx::Result<u64> {
    let Some(loaded) = reward.stock_loaded else {
        return Ok(sqlx::query(
            "INSERT INTO rewards (id, name, description, cost, stock, active, sort_order, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
        )
        .bind(&reward.id)
        .bind(&reward.name)
        .bind(&reward.description)
        .bind(reward.cost)
        .bind(reward.stock)
        .bind(i64::from(reward.active))
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected());
    };
    Ok(sqlx::query(
        "UPDATE rewards SET name = $2, description = $3, cost = $4,
             stock = CASE WHEN stock + $5 < 0 THEN 0 ELSE stock + $5 END, active = $6, updated_at = $7
         WHERE id = $1",
    )
    .bind(&reward.id)
    .bind(&reward.name)
    .bind(&reward.description)
    .bind(reward.cost)
    .bind(reward.stock - loaded)
    .bind(i64::from(reward.active))
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Why a redemption could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum RedeemRefusal {
    NoSuchReward,
    OutOfStock,
    NotEnoughPoints,
}

/// Redeems a reward: one unit of stock and its cost in points, both by conditional
/// updates in one transaction, so neither can go below zero however many redeem at once.
pub async fn redeem(
    conn: &mut AnyConnection,
    employee_id: &str,
    reward_id: &str,
    today: i64,
    now: i64,
) -> sqlx::Result<Result<String, RedeemRefusal>> {
    let cost: Option<(i64,)> =
        sqlx::query_as("SELECT cost FROM rewards WHERE id = $1 AND active = 1")
            .bind(reward_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((cost,)) = cost else {
        return Ok(Err(RedeemRefusal::NoSuchReward));
    };
    let taken = sqlx::query(
        "UPDATE rewards SET stock = stock - 1, updated_at = $2 WHERE id = $1 AND stock > 0",
    )
    .bind(reward_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if taken == 0 {
        return Ok(Err(RedeemRefusal::OutOfStock));
    }
    let paid = sqlx::query(
        "UPDATE points_accounts SET balance = balance - $1 WHERE employee_id = $2 AND balance >= $1",
    )
    .bind(cost)
    .bind(employee_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if paid == 0 {
        return Ok(Err(RedeemRefusal::NotEnoughPoints));
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO redemptions (id, reward_id, employee_id, cost, status, requested_at)
         VALUES ($1, $2, $3, $4, 'pending', $5)",
    )
    .bind(&id)
    .bind(reward_id)
    .bind(employee_id)
    .bind(cost)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO points_ledger (id, employee_id, entry_key, redemption_id, points, day, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(employee_id)
    .bind(format!("redeem:{id}"))
    .bind(&id)
    .bind(-cost)
    .bind(today)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(id))
}

/// Marks a pending redemption fulfilled, or rejects it and returns its points and
/// stock. Returns false when it was not pending (already decided).
pub async fn decide_redemption(
    conn: &mut AnyConnection,
    id: &str,
    fulfil: bool,
    by: &str,
    note: &str,
    today: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let changed = sqlx::query(
        "UPDATE redemptions SET status = $1, decided_at = $2, decided_by = $3, note = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if fulfil { "fulfilled" } else { "rejected" })
    .bind(now)
    .bind(by)
    .bind(note)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    if !fulfil {
        let (employee, reward, cost): (String, String, i64) =
            sqlx::query_as("SELECT employee_id, reward_id, cost FROM redemptions WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        // The reward before the account, in the order a redemption takes them, so the
        // two never wait on each other.
        sqlx::query("UPDATE rewards SET stock = stock + 1, updated_at = $2 WHERE id = $1")
            .bind(&reward)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE points_accounts SET balance = balance + $1 WHERE employee_id = $2")
            .bind(cost)
            .bind(&employee)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO points_ledger (id, employee_id, entry_key, redemption_id, points, day, occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(&employee)
        .bind(format!("refund:{id}"))
        .bind(id)
        .bind(cost)
        .bind(today)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct RedemptionRow {
    id: String,
    reward: String,
    employee_name: String,
    employee_no: String,
    department: String,
    cost: i64,
    status: String,
    requested_at: i64,
    decided_at: Option<i64>,
    note: String,
}

/// Redemptions, newest first: one person's, or everyone's (pending first).
pub async fn redemptions(
    db: &Db,
    employee_id: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<Redemption>> {
    let (filter, order) = if employee_id.is_some() {
        ("WHERE r.employee_id = $2", "r.requested_at DESC")
    } else {
        (
            "",
            "CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.requested_at DESC",
        )
    };
    let sql = format!(
        "SELECT r.id, w.name AS reward, e.name AS employee_name, e.employee_no, d.name AS department,
                r.cost, r.status, r.requested_at, r.decided_at, r.note
         FROM redemptions r JOIN rewards w ON w.id = r.reward_id
         JOIN employees e ON e.id = r.employee_id JOIN departments d ON d.id = e.department_id
         {filter} ORDER BY {order} LIMIT $1"
    );
    let mut query = sqlx::query_as::<_, RedemptionRow>(&sql).bind(limit);
    if let Some(e) = employee_id {
        query = query.bind(e);
    }
    Ok(query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|r| Redemption {
            id: r.id,
            reward: r.reward,
            employee_name: r.employee_name,
            employee_no: r.employee_no,
            department: r.department,
            cost: r.cost,
            status: match r.status.as_str() {
                "fulfilled" => RedemptionStatus::Fulfilled,
                "rejected" => RedemptionStatus::Rejected,
                _ => RedemptionStatus::Pending,
            },
            requested_at: r.requested_at,
            decided_at: r.decided_at,
            note: r.note,
        })
        .collect())
}
