//! The hospital's adoption history for the demo: a rollout campaign whose pilot began
//! five weeks ago in internal medicine and nursing, activations spread over those
//! weeks (pilot departments first), and day-by-day use that grows as the rollout goes
//! on, with finance lagging behind, so the board has a story at first start. The
//! events are synthetic (visits, approvals submitted and acted on) and deterministic:
//! the same pattern relative to the day of seeding, from a fixed seed. Also the
//! reward catalogue and the default weights.

use super::model::*;
use crate::activity::{Action, Module};
use crate::core::clock::day_start;
use crate::error::AppError;
use sqlx::AnyConnection;

/// A small deterministic mixer (SplitMix64) so the demo needs no random source.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A number in 0..1 from the seed and a few keys.
fn chance(keys: &[u64]) -> f64 {
    let h = keys.iter().fold(0x5EED_2026_u64, |acc, k| mix(acc ^ k));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

const PILOTS: [&str; 2] = ["内科", "护理部"];

/// How likely a registered person of `department` is to use Luodi on a working day,
/// `week` weeks into the campaign.
fn daily_use(department: &str, week: i64, pilot: bool) -> f64 {
    let base = match department {
        "财务科" => 0.30,
        "信息科" | "院办" => 0.85,
        _ if pilot => 0.72,
        _ => 0.55,
    };
    (base + 0.03 * week as f64).min(0.95)
}

pub async fn seed(conn: &mut AnyConnection, admin: &str, now: i64) -> Result<(), AppError> {
    let today = crate::core::clock::day_of(now);
    let start = PeriodKind::Week.start_of(today) - 7 * 5;
    let departments: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, parent_id FROM departments")
            .fetch_all(&mut *conn)
            .await?;
    let name_of = |id: &str| -> String {
        // A sub-department takes its parent's pace (the internal-medicine groups).
        let own = departments.iter().find(|d| d.0 == id);
        match own {
            Some((_, _, Some(parent)))
                if departments.iter().any(|d| &d.0 == parent && d.2.is_some()) =>
            {
                departments
                    .iter()
                    .find(|d| &d.0 == parent)
                    .map(|d| d.1.clone())
                    .unwrap_or_default()
            }
            Some((_, name, _)) => name.clone(),
            None => String::new(),
        }
    };
    let pilot_ids: Vec<String> = departments
        .iter()
        .filter(|d| PILOTS.contains(&d.1.as_str()))
        .map(|d| d.0.clone())
        .collect();
    let plan = CampaignPlan {
        name: "落地 OA 全院推广".to_string(),
        phases: vec![
            Phase {
                kind: PhaseKind::Pilot,
                starts_on: start,
                ends_on: start + 20,
            },
            Phase {
                kind: PhaseKind::Rollout,
                starts_on: start + 21,
                ends_on: start + 62,
            },
            Phase {
                kind: PhaseKind::Deepening,
                starts_on: start + 63,
                ends_on: start + 104,
            },
        ],
        pilot_departments: pilot_ids,
        targets: vec![
            Target {
                metric: TargetMetric::Registration,
                percent: 100,
                due_on: start + 30,
            },
            Target {
                metric: TargetMetric::DailyActive,
                percent: 60,
                due_on: start + 60,
            },
            Target {
                metric: TargetMetric::FeatureUsage,
                percent: 80,
                due_on: start + 90,
            },
        ],
    };
    super::repo::save_campaign(conn, None, &plan, now).await?;
    super::repo::save_settings(conn, &Weights::default(), admin, now).await?;
    let rewards = [
        ("咖啡券", "院内咖啡厅任意饮品一杯", 30, 50),
        ("定制保温杯", "落地推广纪念款", 80, 20),
        ("专业书籍一本", "在图书室目录中任选一本", 120, 10),
        ("半天调休", "与科室负责人商定时间", 300, 5),
    ];
    for (i, (name, description, cost, stock)) in rewards.iter().enumerate() {
        let reward = Reward {
            id: crate::db::new_id(),
            name: name.to_string(),
            description: description.to_string(),
            cost: *cost,
            stock: *stock,
            active: true,
            stock_loaded: None,
        };
        super::repo::save_reward(conn, &reward, now).await?;
        sqlx::query("UPDATE rewards SET sort_order = $1 WHERE id = $2")
            .bind(i as i64)
            .bind(&reward.id)
            .execute(&mut *conn)
            .await?;
    }
    let people: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, employee_no, department_id FROM employees WHERE status = 'active' ORDER BY employee_no",
    )
    .fetch_all(&mut *conn)
    .await?;
    let hour = 3_600_000;
    for (id, no, dept) in &people {
        let n: u64 = no.parse().unwrap_or(0);
        let dept_name = name_of(dept);
        let pilot = PILOTS.contains(&dept_name.as_str());
        // The office, IT and the demo's named people are in from the first days.
        let early = n <= 31 || dept_name == "院办" || dept_name == "信息科";
        let activated_day = if early {
            start + (n % 3) as i64
        } else if pilot {
            start + 1 + (chance(&[n, 1]) * 10.0) as i64
        } else {
            start + 14 + (chance(&[n, 2]) * 16.0) as i64
        }
        .min(today);
        let activated_at =
            (day_start(activated_day) + 9 * hour + (n as i64 % 8) * hour).min(now - 1);
        sqlx::query("UPDATE employees SET activated_at = $1 WHERE id = $2")
            .bind(activated_at)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        record(
            conn,
            id,
            dept,
            Module::Account,
            Action::Activate,
            activated_at,
        )
        .await?;
        record(
            conn,
            id,
            dept,
            Module::Account,
            Action::SignIn,
            activated_at + 60_000,
        )
        .await?;
        for day in activated_day + 1..=today {
            let weekday = (day + 3).rem_euclid(7); // 0 = Monday
            let week = (day - start) / 7;
            let mut p = daily_use(&dept_name, week, pilot);
            if weekday >= 5 {
                p *= 0.25;
            }
            if chance(&[n, day as u64, 3]) >= p {
                continue;
            }
            let at = day_start(day)
                + 8 * hour
                + (chance(&[n, day as u64, 4]) * 9.0 * hour as f64) as i64;
            if at >= now {
                continue;
            }
            record(conn, id, dept, Module::Account, Action::Visit, at).await?;
            let r = chance(&[n, day as u64, 5]);
            if r < 0.12 {
                record(
                    conn,
                    id,
                    dept,
                    Module::Approval,
                    Action::Submit,
                    at + 120_000,
                )
                .await?;
            } else if r < 0.22 {
                record(conn, id, dept, Module::Approval, Action::Act, at + 120_000).await?;
            }
        }
    }
    Ok(())
}

async fn record(
    conn: &mut AnyConnection,
    employee: &str,
    department: &str,
    module: Module,
    action: Action,
    at: i64,
) -> Result<(), AppError> {
    crate::activity::record(conn, employee, department, module, action, at).await?;
    Ok(())
}
