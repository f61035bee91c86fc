//! Repository tests of the adoption board on SQLite and (when the test command
//! provides it) PostgreSQL: figures from hand-made events, points exactly once under
//! a duplicated event and a replayed batch, redemptions that never overdraw under
//! concurrency, rejection returning points, and who may see what on the demo.

use super::model::*;
use super::repo;
use super::server::*;
use crate::activity::{Action, Module};
use crate::auth::CurrentUser;
use crate::db::testing::{count, fresh_dbs, seeded_dbs};
use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::org::model::Role;

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

/// root ⟶ medicine ⟶ cardio, root ⟶ surgery; people in each, one disabled, one invited.
async fn small_org(db: &Db) {
    let now = now_ms();
    for (id, parent, head) in [
        ("root", None, None),
        ("medicine", Some("root"), Some("m1")),
        ("cardio", Some("medicine"), None),
        ("surgery", Some("root"), None),
    ] {
        sqlx::query("INSERT INTO departments (id, parent_id, name, sort_order, head_id, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $5, $5)")
            .bind(id)
            .bind(parent)
            .bind(id)
            .bind(head)
            .bind(now)
            .execute(&db.pool)
            .await
            .expect("department");
    }
    for (id, dept, status) in [
        ("m1", "medicine", "active"),
        ("m2", "medicine", "disabled"),
        ("c1", "cardio", "active"),
        ("c2", "cardio", "invited"),
        ("s1", "surgery", "active"),
    ] {
        let activated = (status == "active").then_some(now - 86_400_000 * 3);
        sqlx::query("INSERT INTO employees (id, employee_no, name, department_id, status, activated_at, created_at, updated_at) VALUES ($1, $1, $1, $2, $3, $4, $5, $5)")
            .bind(id)
            .bind(dept)
            .bind(status)
            .bind(activated)
            .bind(now)
            .execute(&db.pool)
            .await
            .expect("employee");
    }
}

async fn event(
    db: &Db,
    who: &str,
    dept: &str,
    module: Module,
    action: Action,
    subject: Option<&str>,
    at: i64,
) {
    let mut conn = db.pool.acquire().await.expect("conn");
    crate::activity::record_about(&mut conn, who, dept, module, action, subject, at)
        .await
        .expect("event");
}

#[tokio::test]
async fn figures_count_people_once_a_day_leave_out_the_disabled_and_roll_up() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let now = now_ms();
        // m1 twice on one day; c1 submits an approval; the disabled m2 has an old event.
        event(
            &db,
            "m1",
            "medicine",
            Module::Account,
            Action::SignIn,
            None,
            now - 1000,
        )
        .await;
        event(
            &db,
            "m1",
            "medicine",
            Module::Account,
            Action::Visit,
            None,
            now - 500,
        )
        .await;
        event(
            &db,
            "c1",
            "cardio",
            Module::Approval,
            Action::Submit,
            None,
            now - 400,
        )
        .await;
        event(
            &db,
            "m2",
            "medicine",
            Module::Account,
            Action::SignIn,
            None,
            now - 300,
        )
        .await;
        let admin = user("m1", "medicine", vec![Role::Admin]);
        let day = dashboard_impl(
            &db,
            &admin,
            PeriodKind::Day,
            0,
            Some("medicine".into()),
            false,
            now,
        )
        .await
        .expect("dashboard");
        let f = &day.figures;
        // medicine with cardio: m1, c1 registered; c2 invited; m2 disabled is out.
        assert_eq!((f.accounts, f.registered, f.active), (3, 2, 2));
        assert_eq!(
            f.daily_active_rate,
            Some(1.0),
            "m1 twice in a day counts once"
        );
        assert_eq!(f.core_rate, Some(0.5));
        assert_eq!(day.not_activated.as_ref().map(|l| l.len()), Some(1));
        let alone = dashboard_impl(
            &db,
            &admin,
            PeriodKind::Day,
            0,
            Some("medicine".into()),
            true,
            now,
        )
        .await
        .expect("alone");
        assert_eq!(
            (alone.figures.registered, alone.figures.active),
            (1, 1),
            "without cardio"
        );
        let org = dashboard_impl(&db, &admin, PeriodKind::Week, 0, None, false, now)
            .await
            .expect("organisation");
        assert_eq!(org.figures.registered, 3);
        assert_eq!(org.figures.active, 2);
        let inactive: Vec<String> = org
            .inactive
            .unwrap()
            .into_iter()
            .map(|p| p.employee_id)
            .collect();
        assert_eq!(inactive, vec!["s1".to_string()]);
        // The head of medicine sees medicine and cardio, not surgery.
        // Heading a department gives the role (the session derives it).
        let head = user("m1", "medicine", vec![Role::DeptHead]);
        assert!(
            dashboard_impl(
                &db,
                &head,
                PeriodKind::Week,
                0,
                Some("cardio".into()),
                false,
                now
            )
            .await
            .is_ok()
        );
        assert!(matches!(
            dashboard_impl(
                &db,
                &head,
                PeriodKind::Week,
                0,
                Some("surgery".into()),
                false,
                now
            )
            .await,
            Err(AppError::Forbidden)
        ));
        let employee = user("s1", "surgery", vec![]);
        assert!(matches!(
            dashboard_impl(&db, &employee, PeriodKind::Week, 0, None, false, now).await,
            Err(AppError::Forbidden)
        ));
        assert!(
            leaderboard_impl(&db, &employee, PeriodKind::Week, 0, now)
                .await
                .is_ok()
        );
    }
}

#[tokio::test]
async fn points_are_awarded_once_per_act_under_duplicates_and_replays() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let now = now_ms();
        event(
            &db,
            "s1",
            "surgery",
            Module::Account,
            Action::Activate,
            None,
            now - 5000,
        )
        .await;
        event(
            &db,
            "s1",
            "surgery",
            Module::Training,
            Action::Pass,
            Some("exam-1"),
            now - 4000,
        )
        .await;
        // The same pass recorded twice, and an activation recorded twice.
        event(
            &db,
            "s1",
            "surgery",
            Module::Training,
            Action::Pass,
            Some("exam-1"),
            now - 3000,
        )
        .await;
        event(
            &db,
            "s1",
            "surgery",
            Module::Account,
            Action::Activate,
            None,
            now - 2000,
        )
        .await;
        repo::refresh(&db, now).await.expect("refresh");
        // A crash before the cursor moved: the batch is read again.
        sqlx::query("UPDATE adoption_cursor SET last_event_id = 0")
            .execute(&db.pool)
            .await
            .expect("rewind");
        repo::refresh(&db, now).await.expect("replay");
        let ledger = count(
            &db,
            "SELECT COUNT(*) FROM points_ledger WHERE employee_id = 's1'",
        )
        .await;
        assert_eq!(ledger, 3, "activate, one pass, one day of use");
        let (balance, earned) = repo::account(&db, "s1").await.expect("account");
        assert_eq!((balance, earned), (20 + 15 + 1, 36));
        let sum = count(
            &db,
            "SELECT CAST(SUM(points) AS BIGINT) FROM points_ledger WHERE employee_id = 's1'",
        )
        .await;
        assert_eq!(sum, balance, "the balance is the ledger's sum");
        // A second exam passed the same day earns again, within the daily limit.
        event(
            &db,
            "s1",
            "surgery",
            Module::Training,
            Action::Pass,
            Some("exam-2"),
            now - 1000,
        )
        .await;
        let mine = my_points_impl(&db, &user("s1", "surgery", vec![]), LEDGER_PAGE, now)
            .await
            .expect("mine");
        // The default rules: activation 20, a day of use 1, each passed exam 15.
        let expected = 20 + 1 + 15 + 15;
        assert_eq!(mine.balance, expected);
        assert_eq!(mine.month_points, expected);
        assert_eq!(mine.ledger.len(), 4);
        assert_eq!(mine.ledger_total, 4);
        let newest = my_points_impl(&db, &user("s1", "surgery", vec![]), 2, now)
            .await
            .expect("the newest two lines");
        assert_eq!(newest.ledger, mine.ledger[..2].to_vec());
        assert_eq!(newest.ledger_total, 4);
    }
}

async fn reward(db: &Db, cost: i64, stock: i64) -> String {
    let admin = user("m1", "medicine", vec![Role::Admin]);
    save_reward_impl(
        db,
        &admin,
        Reward {
            id: String::new(),
            name: "咖啡券".into(),
            description: String::new(),
            cost,
            stock,
            active: true,
            stock_loaded: None,
        },
        now_ms(),
    )
    .await
    .expect("reward")
}

async fn give(db: &Db, who: &str, points: i64) {
    sqlx::query("INSERT INTO points_accounts (employee_id, balance, earned) VALUES ($1, $2, $2)")
        .bind(who)
        .bind(points)
        .execute(&db.pool)
        .await
        .expect("points");
}

#[tokio::test]
async fn concurrent_redemptions_never_overdraw_points_or_stock() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let coffee = reward(&db, 30, 5).await;
        give(&db, "s1", 40).await;
        let s1 = user("s1", "surgery", vec![]);
        let now = now_ms();
        let (a, b) = tokio::join!(
            redeem_impl(&db, &s1, &coffee, now),
            redeem_impl(&db, &s1, &coffee, now)
        );
        let outcomes = [a.is_ok(), b.is_ok()];
        assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
        let refused = if a.is_ok() { b } else { a };
        assert!(matches!(
            refused,
            Err(AppError::Conflict(Msg::ErrNotEnoughPoints))
        ));
        assert_eq!(repo::account(&db, "s1").await.expect("account").0, 10);
        // The last one in stock, two people with enough points.
        let book = reward(&db, 10, 1).await;
        give(&db, "c1", 50).await;
        let c1 = user("c1", "cardio", vec![]);
        let (a, b) = tokio::join!(
            redeem_impl(&db, &s1, &book, now),
            redeem_impl(&db, &c1, &book, now)
        );
        assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1);
        let refused = if a.is_ok() { b } else { a };
        assert!(matches!(
            refused,
            Err(AppError::Conflict(Msg::ErrOutOfStock))
        ));
        let stock = count(
            &db,
            &format!("SELECT stock FROM rewards WHERE id = '{book}'"),
        )
        .await;
        assert_eq!(stock, 0);
    }
}

#[tokio::test]
async fn a_rejected_redemption_returns_points_and_stock_once() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let coffee = reward(&db, 30, 2).await;
        give(&db, "s1", 30).await;
        let s1 = user("s1", "surgery", vec![]);
        let now = now_ms();
        let admin = user("m1", "medicine", vec![Role::Admin]);
        // The administrator opens the reward to edit it (stock 2)...
        let mut edited = repo::rewards(&db, false).await.expect("rewards")[0].clone();
        let id = redeem_impl(&db, &s1, &coffee, now).await.expect("redeem");
        // ...and adds 3 after s1 took one: the stock is 1 + 3, not the form's 5.
        edited.stock += 3;
        save_reward_impl(&db, &admin, edited, now)
            .await
            .expect("save the edit");
        let stock_now = || async {
            count(
                &db,
                &format!("SELECT stock FROM rewards WHERE id = '{coffee}'"),
            )
            .await
        };
        assert_eq!(stock_now().await, 4);
        assert!(matches!(
            decide_redemption_impl(&db, &s1, &id, false, "", now).await,
            Err(AppError::Forbidden)
        ));
        decide_redemption_impl(&db, &admin, &id, false, "已停售", now)
            .await
            .expect("reject");
        assert!(matches!(
            decide_redemption_impl(&db, &admin, &id, false, "", now).await,
            Err(AppError::Conflict(Msg::ErrRedemptionDecided))
        ));
        assert_eq!(repo::account(&db, "s1").await.expect("account").0, 30);
        assert_eq!(stock_now().await, 5, "the rejected one is back in stock");
        let mine = my_points_impl(&db, &s1, LEDGER_PAGE, now)
            .await
            .expect("mine");
        assert_eq!(mine.redemptions[0].status, RedemptionStatus::Rejected);
        assert!(mine.ledger.iter().any(|l| l.refund && l.points == 30));
    }
}

#[tokio::test]
async fn the_demo_board_is_full_and_shows_each_viewer_their_share() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let head: (String, String) = sqlx::query_as(
            "SELECT e.id, e.department_id FROM employees e WHERE e.employee_no = '00030'",
        )
        .fetch_one(&db.pool)
        .await
        .expect("head of internal medicine");
        let chen = user(&head.0, &head.1, vec![Role::DeptHead]);
        let board = dashboard_impl(&db, &chen, PeriodKind::Week, 0, None, false, now)
            .await
            .expect("the head's dashboard");
        assert_eq!(board.department_id.as_deref(), Some(head.1.as_str()));
        assert!(board.figures.registered > 0);
        assert!(
            !board.not_activated.unwrap_or_default().is_empty(),
            "internal medicine has people to chase"
        );
        assert!(board.rank.is_some());
        assert_eq!(board.trend.len(), 12);
        let this_week = board.trend.last().expect("this week's point");
        assert_eq!(this_week.daily_active_rate, board.figures.daily_active_rate);
        assert_eq!(this_week.core_rate, board.figures.core_rate);
        assert_eq!(this_week.registration_rate, board.figures.registration_rate);
        let campaign = board.campaign.expect("the demo campaign");
        assert_eq!(campaign.phase, Some(PhaseKind::Rollout));
        assert_eq!(
            campaign.plan.validate(&|_| true),
            Ok(()),
            "the demo's plan passes the checks an edit must pass"
        );
        assert!(!campaign.targets.is_empty());
        let last_week = dashboard_impl(&db, &chen, PeriodKind::Week, 1, None, false, now)
            .await
            .expect("last week");
        assert!(last_week.figures.daily_active_rate.unwrap_or(0.0) > 0.2);
        assert_eq!(
            board.trend[10].daily_active_rate, last_week.figures.daily_active_rate,
            "the trend's previous week is the previous week's figure"
        );
        let board = leaderboard_impl(&db, &chen, PeriodKind::Month, 1, now)
            .await
            .expect("leaderboard");
        assert_eq!(board.departments.len(), 10);
        assert!(
            !board.monthly_best.is_empty(),
            "last month's best department is on record"
        );
        assert!(!board.people.is_empty());
    }
}

type RollupRow = (String, i64, String, i64, i64, i64);

async fn rollups(db: &Db) -> Vec<RollupRow> {
    sqlx::query_as(
        "SELECT period, period_start, employee_id, features, days, points FROM adoption_activity
         ORDER BY period, period_start, employee_id",
    )
    .fetch_all(&db.pool)
    .await
    .expect("rollups")
}

#[tokio::test]
async fn a_rebuild_from_the_raw_events_gives_the_rows_the_incremental_reading_built() {
    for db in seeded_dbs().await {
        // The demo's weeks were read incrementally at seeding, points awarded on the way.
        let incremental = rollups(&db).await;
        assert!(incremental.len() > 1000);
        assert!(
            incremental.iter().any(|r| r.5 > 0),
            "points are on the rows"
        );
        let done = repo::rebuild(&db, now_ms()).await.expect("rebuild");
        assert_eq!(
            done.day_rows + done.week_rows + done.month_rows,
            incremental.len() as i64
        );
        assert_eq!(rollups(&db).await, incremental);
        // Nothing is read twice afterwards.
        assert_eq!(repo::refresh(&db, now_ms()).await.expect("refresh"), 0);
    }
}

/// Writes an event with a chosen id, as a transaction that committed out of order would.
async fn event_with_id(db: &Db, id: i64, who: &str, module: Module, action: Action, at: i64) {
    sqlx::query(
        "INSERT INTO activity_events (id, employee_id, department_id, module, action, subject, occurred_at)
         VALUES ($1, $2, 'surgery', $3, $4, 'exam-late', $5)",
    )
    .bind(id)
    .bind(who)
    .bind(module.as_str())
    .bind(action.as_str())
    .bind(at)
    .execute(&db.pool)
    .await
    .expect("event with id");
}

#[tokio::test]
async fn a_hole_in_the_event_ids_is_waited_for_from_when_the_reader_meets_it() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let now = now_ms();
        let old = now - 10 * repo::GAP_WAIT_MS;
        event(
            &db,
            "s1",
            "surgery",
            Module::Account,
            Action::Visit,
            None,
            old,
        )
        .await;
        assert_eq!(repo::refresh(&db, now).await.expect("refresh"), 1);
        let first = count(&db, "SELECT MAX(id) FROM activity_events").await;
        // The next id is still committing; the one after it is visible, with an old time.
        event_with_id(&db, first + 2, "s1", Module::Approval, Action::Submit, old).await;
        assert_eq!(repo::refresh(&db, now).await.expect("refresh"), 0);
        assert_eq!(
            repo::refresh(&db, now + repo::GAP_WAIT_MS - 1)
                .await
                .expect("refresh"),
            0,
            "the wait counts from when the hole was met, not from the event's time"
        );
        // The late one commits within the wait: both are read, and its pass earns points.
        event_with_id(&db, first + 1, "c1", Module::Training, Action::Pass, old).await;
        assert_eq!(
            repo::refresh(&db, now + repo::GAP_WAIT_MS - 1)
                .await
                .expect("refresh"),
            2
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM points_ledger WHERE employee_id = 'c1' AND rule_code = 'pass_test'"
            )
            .await,
            1
        );
        // A hole that never fills (a rolled-back transaction) is passed after the wait.
        event_with_id(&db, first + 4, "s1", Module::Approval, Action::Act, old).await;
        let later = now + 5 * repo::GAP_WAIT_MS;
        assert_eq!(repo::refresh(&db, later).await.expect("refresh"), 0);
        assert_eq!(
            repo::refresh(&db, later + repo::GAP_WAIT_MS)
                .await
                .expect("refresh"),
            1
        );
        assert!(!repo::behind(&db).await.expect("behind"));
    }
}

#[tokio::test]
async fn a_streak_is_counted_past_any_window_and_earns_on_every_seventh_day() {
    for db in fresh_dbs().await {
        small_org(&db).await;
        let today = crate::core::clock::day_of(now_ms());
        // s1 active on each of the 83 days ending today; m1 on 83 days with a gap.
        for back in 0..83 {
            for (who, skip) in [("s1", None), ("m1", Some(40))] {
                if skip == Some(back) {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO adoption_activity (period, period_start, employee_id, features, days)
                     VALUES ('d', $1, $2, 0, 1)",
                )
                .bind(today - back)
                .bind(who)
                .execute(&db.pool)
                .await
                .expect("day row");
            }
        }
        let mut conn = db.pool.acquire().await.expect("conn");
        assert_eq!(
            repo::streak_through(&mut conn, "s1", today)
                .await
                .expect("streak"),
            83
        );
        assert_eq!(
            repo::streak_through(&mut conn, "s1", today - 6)
                .await
                .expect("streak"),
            77
        );
        assert_eq!(
            repo::streak_through(&mut conn, "m1", today)
                .await
                .expect("streak"),
            40
        );
        assert!(super::rules::earns_streak_bonus(
            repo::streak_through(&mut conn, "s1", today - 6)
                .await
                .expect("streak")
        ));
        assert!(!super::rules::earns_streak_bonus(
            repo::streak_through(&mut conn, "s1", today - 5)
                .await
                .expect("streak")
        ));
    }
}
