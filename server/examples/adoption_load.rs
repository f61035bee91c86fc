//! The adoption board at scale. Into a fresh database (a new SQLite file, or a new
//! schema on a PostgreSQL server) it generates an organisation of 10,000 employees in
//! 20 departments of 3 teams each, and a year of activity events (about 20 million:
//! each registered person active on ~62% of days, ~12 events on such a day), reads them
//! into the rollups with the set-based rebuild, then one more day incrementally (with
//! points), and times every figure the dashboard computes and the whole requests. The
//! baseline, measured in the same run on the same data: the month's active people
//! counted straight from the raw events. Prints figures; asserts nothing.
//!
//! Usage: adoption_load DATABASE_URL [employees=10000] [days=365] [runs=5]
//! (`sqlite://…` for a file that must not exist yet, or a `postgres://…` server URL).

use app::analytics::model::*;
use app::analytics::repo;
use app::analytics::server::*;
use app::auth::CurrentUser;
use app::db::{Backend, Db, now_ms};
use app::org::model::Role;
use app::training::rules::Dice;
use std::time::Instant;

const DEPARTMENTS: usize = 20;
const TEAMS: usize = 3;
const ROWS_PER_STATEMENT: usize = 1000;

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn user(id: &str, department: &str, roles: Vec<Role>) -> CurrentUser {
    CurrentUser {
        id: id.into(),
        employee_no: id.into(),
        name: id.into(),
        department_id: department.into(),
        department_name: String::new(),
        position: String::new(),
        phone: None,
        email: None,
        roles,
    }
}

async fn connect(url: &str) -> (Db, Option<(String, String)>) {
    sqlx::any::install_default_drivers();
    if url.starts_with("postgres") {
        // A schema of its own, dropped at the end.
        let schema = format!("bench_{}", app::db::new_id().replace('-', ""));
        let admin = sqlx::AnyPool::connect(url).await.expect("postgres");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("schema");
        admin.close().await;
        let sep = if url.contains('?') { '&' } else { '?' };
        let db = Db::connect(&format!("{url}{sep}options=-c%20search_path%3D{schema}"))
            .await
            .expect("postgres schema");
        db.migrate().await.expect("migrate");
        (db, Some((url.to_string(), schema)))
    } else {
        let db = Db::connect(url).await.expect("sqlite");
        db.migrate().await.expect("migrate");
        (db, None)
    }
}

async fn execute_rows(db: &Db, head: &str, rows: &[String]) {
    let mut tx = db.begin_write().await.expect("begin");
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        sqlx::query(&format!("{head} VALUES {}", chunk.join(",")))
            .execute(&mut *tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
}

/// The organisation: a root, 20 departments, 3 teams in each; people in the teams.
/// 92% active (activated over the first half of the year), 5% invited, 3% disabled.
/// Returns (employee id, department id, the day they activated) of the active people.
async fn organisation(
    db: &Db,
    employees: usize,
    first_day: i64,
    days: i64,
) -> Vec<(String, String, i64)> {
    let now = now_ms();
    let mut departments = vec![format!("('root', NULL, '县医院', 0, NULL, {now}, {now})")];
    let mut teams = Vec::new();
    for d in 0..DEPARTMENTS {
        departments.push(format!(
            "('d{d:02}', 'root', '科室{d:02}', {d}, 'e{:05}', {now}, {now})",
            d * (employees / DEPARTMENTS)
        ));
        for t in 0..TEAMS {
            departments.push(format!(
                "('d{d:02}t{t}', 'd{d:02}', '科室{d:02}第{t}组', {t}, NULL, {now}, {now})"
            ));
            teams.push(format!("d{d:02}t{t}"));
        }
    }
    execute_rows(
        db,
        "INSERT INTO departments (id, parent_id, name, sort_order, head_id, created_at, updated_at)",
        &departments,
    )
    .await;
    let mut dice = Dice::new(20_261_123);
    let mut rows = Vec::with_capacity(employees);
    let mut active = Vec::new();
    for i in 0..employees {
        let id = format!("e{i:05}");
        // People fill the teams in order, so department d's first person is its head.
        let team = &teams[i * teams.len() / employees];
        let roll = dice.below(100);
        let status = match roll {
            0..=4 => "invited",
            5..=7 => "disabled",
            _ => "active",
        };
        let activated_day = first_day + dice.below((days / 2).max(1) as usize) as i64;
        let activated = if status == "active" {
            active.push((id.clone(), team.clone(), activated_day));
            app::core::clock::day_start(activated_day).to_string()
        } else {
            "NULL".to_string()
        };
        rows.push(format!(
            "('{id}', 'B{i:05}', '员工{i:05}', '{team}', '{status}', {activated}, {now}, {now})"
        ));
    }
    execute_rows(
        db,
        "INSERT INTO employees (id, employee_no, name, department_id, status, activated_at, created_at, updated_at)",
        &rows,
    )
    .await;
    active
}

/// One day's events of everyone active that day.
fn day_events(people: &[(String, String, i64)], day: i64, dice: &mut Dice) -> Vec<String> {
    const KINDS: [(&str, &str, usize); 6] = [
        ("approval", "submit", 5),
        ("approval", "act", 8),
        ("training", "hand_in", 1),
        ("training", "pass", 1),
        ("forms", "view", 25),
        ("account", "visit", 60),
    ];
    let start = app::core::clock::day_start(day) + 8 * 3_600_000;
    let mut rows = Vec::new();
    for (id, dept, activated) in people {
        if *activated > day || dice.below(100) >= 62 {
            continue;
        }
        let n = 1 + dice.below(24);
        for k in 0..n {
            let (module, action) = if k == 0 {
                ("account", "visit")
            } else {
                let mut pick = dice.below(100);
                KINDS
                    .iter()
                    .find(|(_, _, w)| {
                        if pick < *w {
                            true
                        } else {
                            pick -= w;
                            false
                        }
                    })
                    .map(|(m, a, _)| (*m, *a))
                    .unwrap_or(("account", "visit"))
            };
            let subject = if action == "pass" {
                format!("'exam-{}'", dice.below(40))
            } else {
                "NULL".into()
            };
            let at = start + dice.below(10 * 3_600_000) as i64;
            rows.push(format!(
                "('{id}', '{dept}', '{module}', '{action}', {subject}, {at})"
            ));
        }
    }
    rows
}

const EVENT_INSERT: &str = "INSERT INTO activity_events (employee_id, department_id, module, action, subject, occurred_at)";

/// Median and maximum of `runs` timings of `f`, in milliseconds.
async fn time<F, Fut, T>(runs: u64, mut f: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut ms = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let _ = f().await;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    (ms[ms.len() / 2], ms[ms.len() - 1])
}

#[tokio::main]
async fn main() {
    let url = std::env::args()
        .nth(1)
        .expect("usage: adoption_load DATABASE_URL [employees] [days] [runs]");
    let employees = arg(2, 10_000) as usize;
    let days = arg(3, 365) as i64;
    let runs = arg(4, 5);
    let (db, schema) = connect(&url).await;
    let backend = match db.backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    let now = now_ms();
    let today = app::core::clock::day_of(now);
    let first_day = today - days;
    println!("== {backend}: {employees} employees, {days} days of events ==");

    let started = Instant::now();
    let people = organisation(&db, employees, first_day, days).await;
    let mut dice = Dice::new(7);
    let mut events = 0usize;
    for day in first_day..today {
        let rows = day_events(&people, day, &mut dice);
        events += rows.len();
        execute_rows(&db, EVENT_INSERT, &rows).await;
    }
    let generated = started.elapsed().as_secs_f64();
    println!(
        "generated {events} events in {generated:.0} s ({:.0} events/s)",
        events as f64 / generated
    );

    if db.backend == Backend::Postgres {
        // What autovacuum would have done by now on a server that grew to this size.
        sqlx::query("ANALYZE")
            .execute(&db.pool)
            .await
            .expect("analyze");
    }
    let started = Instant::now();
    let rebuilt = repo::rebuild(&db, now).await.expect("rebuild");
    println!(
        "rebuild: {} events into {} day, {} week and {} month rows in {:.1} s",
        rebuilt.events,
        rebuilt.day_rows,
        rebuilt.week_rows,
        rebuilt.month_rows,
        started.elapsed().as_secs_f64()
    );

    // Today so far, read incrementally as the server does, points awarded.
    let rows = day_events(&people, today, &mut dice);
    let today_events = rows.len();
    execute_rows(&db, EVENT_INSERT, &rows).await;
    let started = Instant::now();
    let read = repo::refresh(&db, now + repo::GAP_WAIT_MS)
        .await
        .expect("refresh");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "incremental: {read} of today's {today_events} events read (rollups and points) in {secs:.1} s ({:.0} events/s)",
        read as f64 / secs
    );

    let admin = user("e00000", "d00t0", vec![Role::Admin]);
    let head = user("e00000", "d00t0", vec![]);
    let someone = &people[people.len() / 2];
    let employee = user(&someone.0, &someone.1, vec![]);
    let plan = CampaignPlan {
        name: "全院推广".into(),
        phases: vec![Phase {
            kind: PhaseKind::Rollout,
            starts_on: first_day,
            ends_on: today + 30,
        }],
        pilot_departments: vec!["d00".into()],
        targets: vec![
            Target {
                metric: TargetMetric::Registration,
                percent: 100,
                due_on: today,
            },
            Target {
                metric: TargetMetric::DailyActive,
                percent: 60,
                due_on: today + 30,
            },
            Target {
                metric: TargetMetric::FeatureUsage,
                percent: 80,
                due_on: today + 30,
            },
        ],
    };
    save_campaign_impl(&db, &admin, None, plan, now)
        .await
        .expect("campaign");

    let day = Period::containing(PeriodKind::Day, today);
    let week = Period::containing(PeriodKind::Week, today);
    let month = Period::containing(PeriodKind::Month, today);
    let everyone: Vec<String> = sqlx::query_as::<_, (String,)>("SELECT id FROM departments")
        .fetch_all(&db.pool)
        .await
        .expect("departments")
        .into_iter()
        .map(|r| r.0)
        .collect();
    println!("{:<58} {:>9} {:>9}", "server time, ms", "median", "max");
    let line =
        |label: &str, (median, max): (f64, f64)| println!("{label:<58} {median:>9.1} {max:>9.1}");

    let baseline = time(runs, || {
        sqlx::query_as::<_, (String, i64)>(
            "SELECT e.department_id, COUNT(DISTINCT a.employee_id) FROM activity_events a
             JOIN employees e ON e.id = a.employee_id
             WHERE a.occurred_at >= $1 AND a.occurred_at < $2 GROUP BY e.department_id",
        )
        .bind(app::core::clock::day_start(month.start))
        .bind(app::core::clock::day_start(month.end()))
        .fetch_all(&db.pool)
    })
    .await;
    line(
        "baseline: month's active people from the raw events",
        baseline,
    );
    let rollup = time(runs, || repo::own_counts(&db, month, today)).await;
    line("month: every figure per department (rollups)", rollup);
    println!(
        "  → the rollups answer {:.0}× faster than the raw events",
        baseline.0 / rollup.0.max(0.001)
    );
    line(
        "day: every figure per department",
        time(runs, || repo::own_counts(&db, day, today)).await,
    );
    line(
        "week: every figure per department",
        time(runs, || repo::own_counts(&db, week, today)).await,
    );
    line(
        "trend: 12 weeks, whole organisation",
        time(runs, || {
            repo::weekly_counts(&db, week.start - 77, week.start, today, None)
        })
        .await,
    );
    line(
        "not activated, whole organisation",
        time(runs, || repo::not_activated(&db, &everyone)).await,
    );
    line(
        "inactive this week, whole organisation",
        time(runs, || repo::inactive(&db, &everyone, week)).await,
    );
    line(
        "people by points this month (top 50)",
        time(runs, || repo::people_by_points(&db, month, None, 50)).await,
    );
    line(
        "one person's rank by points this month",
        time(runs, || repo::points_rank(&db, month, &employee.id, None)).await,
    );
    println!("whole requests:");
    line(
        "dashboard, organisation, week (rollout team)",
        time(runs, || {
            dashboard_impl(&db, &admin, PeriodKind::Week, 0, None, false, now_ms())
        })
        .await,
    );
    line(
        "dashboard, organisation, month",
        time(runs, || {
            dashboard_impl(&db, &admin, PeriodKind::Month, 0, None, false, now_ms())
        })
        .await,
    );
    line(
        "dashboard, the head's department, week",
        time(runs, || {
            dashboard_impl(&db, &head, PeriodKind::Week, 0, None, false, now_ms())
        })
        .await,
    );
    line(
        "leaderboard, month (any employee)",
        time(runs, || {
            leaderboard_impl(&db, &employee, PeriodKind::Month, 0, now_ms())
        })
        .await,
    );
    line(
        "my points (any employee)",
        time(runs, || {
            my_points_impl(&db, &employee, LEDGER_PAGE, now_ms())
        })
        .await,
    );

    db.pool.close().await;
    if let Some((url, schema)) = schema {
        let admin = sqlx::AnyPool::connect(&url).await.expect("postgres");
        sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&admin)
            .await
            .expect("drop");
    }
}
