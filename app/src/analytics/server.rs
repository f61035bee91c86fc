//! Server functions of the adoption board. Who sees what: every employee sees the
//! leaderboards and their own points; a department head sees the figures and the
//! people-level lists of the departments they lead (with sub-departments); the
//! rollout team (administrators and the rollout role) sees everything and sets the
//! weights, points rules, rewards and campaign. Each function checks this first.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub use ssr::*;

/// Everything the administration page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdoptionAdmin {
    pub weights: Weights,
    pub rules: Vec<PointsRule>,
    pub rewards: Vec<Reward>,
    pub redemptions: Vec<Redemption>,
    pub campaign: Option<(String, CampaignPlan)>,
    pub departments: Vec<(String, String)>,
}

/// The weekly report: the organisation and every top-level department, one week.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WeeklyReport {
    pub period: Period,
    pub period_label: String,
    pub organisation: Figures,
    pub previous: Figures,
    pub departments: Vec<DepartmentStanding>,
    pub campaign: Option<CampaignProgress>,
    pub weights: Weights,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::repo::{self, DepartmentRow};
    use super::super::rules::{self, Counts};
    use super::*;
    use crate::auth::CurrentUser;
    use crate::core::permission::Capability;
    use crate::db::Db;
    use crate::i18n::Msg;
    use std::collections::{HashMap, HashSet};

    /// The department tree, with helpers for sub-trees and the top level.
    pub struct Tree {
        pub rows: Vec<DepartmentRow>,
        pub parents: HashMap<String, Option<String>>,
    }

    impl Tree {
        pub async fn load(db: &Db) -> Result<Tree, AppError> {
            let rows = repo::departments(db).await?;
            let parents = rows
                .iter()
                .map(|d| (d.id.clone(), d.parent_id.clone()))
                .collect();
            Ok(Tree { rows, parents })
        }

        pub fn name(&self, id: &str) -> String {
            self.rows
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.name.clone())
                .unwrap_or_default()
        }

        pub fn children(&self, id: Option<&str>) -> Vec<&DepartmentRow> {
            self.rows
                .iter()
                .filter(|d| d.parent_id.as_deref() == id)
                .collect()
        }

        /// The departments ranked against each other: those below the single root
        /// (the organisation itself), or the roots when there are several.
        pub fn top_level(&self) -> Vec<&DepartmentRow> {
            let roots = self.children(None);
            match roots.as_slice() {
                [only] => self.children(Some(&only.id)),
                _ => roots,
            }
        }

        /// The root when the whole organisation is one department.
        pub fn root(&self) -> Option<&DepartmentRow> {
            let roots = self.children(None);
            (roots.len() == 1).then(|| roots[0])
        }

        /// The departments in `roots` and everything below them, in id order.
        pub fn subtrees<R: AsRef<str>>(&self, roots: impl IntoIterator<Item = R>) -> Vec<String> {
            let parents = self
                .rows
                .iter()
                .map(|d| (d.id.as_str(), d.parent_id.as_deref()));
            let mut ids: Vec<String> = crate::org::rules::subtrees(parents, roots)
                .into_iter()
                .collect();
            ids.sort();
            ids
        }
    }

    /// The departments a person may open on the dashboard; None means all of them.
    pub fn dashboard_scope(tree: &Tree, user: &CurrentUser) -> Option<Vec<String>> {
        if user.may(Capability::SeeAllAdoption) {
            return None;
        }
        let headed = tree
            .rows
            .iter()
            .filter(|d| d.head_id.as_deref() == Some(user.id.as_str()))
            .map(|d| d.id.as_str());
        Some(tree.subtrees(headed))
    }

    /// Reads the new events into the rollups and points if any are waiting.
    pub async fn catch_up(db: &Db, now: i64) -> Result<(), AppError> {
        if repo::behind(db).await? {
            repo::refresh(db, now).await?;
        }
        Ok(())
    }

    /// The top-level departments ranked by score in `period`.
    pub fn standings(
        tree: &Tree,
        rolled: &HashMap<String, Counts>,
        period: Period,
        today: i64,
        weights: &Weights,
    ) -> Vec<DepartmentStanding> {
        standings_of(tree, tree.top_level(), rolled, period, today, weights)
    }

    fn standings_of(
        _tree: &Tree,
        departments: Vec<&DepartmentRow>,
        rolled: &HashMap<String, Counts>,
        period: Period,
        today: i64,
        weights: &Weights,
    ) -> Vec<DepartmentStanding> {
        let elapsed = period.elapsed_days(today);
        let list: Vec<DepartmentStanding> = departments
            .into_iter()
            .map(|d| {
                let figures =
                    rules::figures(rolled.get(&d.id).unwrap_or(&Counts::default()), elapsed);
                DepartmentStanding {
                    department_id: d.id.clone(),
                    name: d.name.clone(),
                    rank: 0,
                    score: rules::score(&figures, weights),
                    figures,
                }
            })
            .collect();
        rules::rank(list, |s| s.score, |s| s.name.clone())
            .into_iter()
            .map(|(rank, mut s)| {
                s.rank = rank;
                s
            })
            .collect()
    }

    fn total(own: &HashMap<String, Counts>) -> Counts {
        let mut all = Counts::default();
        for c in own.values() {
            all.add(c);
        }
        all
    }

    /// The period's label: a date, a Monday-to-Sunday range, or a month.
    pub fn period_label(period: Period) -> String {
        match period.kind {
            PeriodKind::Day => crate::core::clock::format_date(period.start),
            PeriodKind::Week => format!(
                "{} – {}",
                crate::core::clock::format_date(period.start),
                crate::core::clock::format_date(period.last_day())
            ),
            PeriodKind::Month => crate::core::clock::format_date(period.start)[..7].to_string(),
        }
    }

    /// Figures for each scope in the last full week, the campaign's measure.
    async fn campaign_progress(
        db: &Db,
        tree: &Tree,
        scope: Option<&str>,
        today: i64,
        weights: &Weights,
    ) -> Result<Option<CampaignProgress>, AppError> {
        let Some((id, plan)) = repo::campaign(db).await? else {
            return Ok(None);
        };
        let week = Period::back_from(PeriodKind::Week, today, 1);
        let own = repo::own_counts(db, week, today).await?;
        let rolled = rules::roll_up(&tree.parents, &own);
        let scoped = match scope {
            Some(d) => rolled.get(d).cloned().unwrap_or_default(),
            None => total(&own),
        };
        let figures = rules::figures(&scoped, 7);
        let departments = standings(tree, &rolled, week, today, weights);
        let targets = plan
            .targets
            .iter()
            .map(|target| {
                let value = rules::target_value(target.metric, &figures);
                let mut holding_back: Vec<(String, Option<f64>)> = departments
                    .iter()
                    .filter(|d| d.figures.registered > 0 || d.figures.accounts > 0)
                    .map(|d| {
                        (
                            d.name.clone(),
                            rules::target_value(target.metric, &d.figures),
                        )
                    })
                    .filter(|(_, v)| v.unwrap_or(0.0) * 100.0 + 1e-9 < f64::from(target.percent))
                    .collect();
                holding_back.sort_by(|a, b| {
                    a.1.unwrap_or(0.0)
                        .partial_cmp(&b.1.unwrap_or(0.0))
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                TargetProgress {
                    target: target.clone(),
                    value,
                    status: rules::target_status(target, value, today),
                    holding_back,
                }
            })
            .collect();
        Ok(Some(CampaignProgress {
            id,
            pilot_names: plan
                .pilot_departments
                .iter()
                .map(|d| tree.name(d))
                .collect(),
            phase: plan.phase_on(today).map(|p| p.kind),
            plan,
            today,
            measured_week: period_label(week),
            targets,
        }))
    }

    #[tracing::instrument(level = "debug", skip(db, user))]
    pub async fn dashboard_impl(
        db: &Db,
        user: &CurrentUser,
        kind: PeriodKind,
        offset: u32,
        department: Option<String>,
        alone: bool,
        now: i64,
    ) -> Result<Dashboard, AppError> {
        user.check(Capability::SeeAdoptionDashboard)?;
        let tree = Tree::load(db).await?;
        let scope = dashboard_scope(&tree, user);
        if scope.as_ref().is_some_and(|s| s.is_empty()) {
            return Err(AppError::Forbidden);
        }
        let department = department.filter(|d| !d.is_empty());
        // The root department is the organisation itself.
        let department = department.filter(|d| tree.root().is_none_or(|r| &r.id != d));
        let department = match (&scope, department) {
            (_, Some(d)) if !tree.parents.contains_key(&d) => return Err(AppError::NotFound),
            (Some(s), Some(d)) if !s.contains(&d) => return Err(AppError::Forbidden),
            (Some(s), None) => s.first().cloned(),
            (_, d) => d,
        };
        catch_up(db, now).await?;
        let today = crate::core::clock::day_of(now);
        let period = Period::back_from(kind, today, offset);
        let weights = repo::settings(db).await?;
        let own = repo::own_counts(db, period, today).await?;
        let rolled = rules::roll_up(&tree.parents, &own);
        let counts = match (&department, alone) {
            (None, _) => total(&own),
            (Some(d), true) => own.get(d).cloned().unwrap_or_default(),
            (Some(d), false) => rolled.get(d).cloned().unwrap_or_default(),
        };
        let figures = rules::figures(&counts, period.elapsed_days(today));
        let score = rules::score(&figures, &weights);
        let top = standings(&tree, &rolled, period, today, &weights);
        let rank = department.as_ref().and_then(|d| {
            top.iter()
                .find(|s| &s.department_id == d)
                .map(|s| (s.rank, top.len() as u32))
        });
        let children = match &department {
            None => top.clone(),
            Some(d) if alone => {
                let _ = d;
                Vec::new()
            }
            Some(d) => standings_of(
                &tree,
                tree.children(Some(d)),
                &rolled,
                period,
                today,
                &weights,
            ),
        };
        // People-level lists: for the rollout team, and for heads of this department.
        let people_scope: Vec<String> = match (&department, alone) {
            (None, _) => tree.rows.iter().map(|d| d.id.clone()).collect(),
            (Some(d), true) => vec![d.clone()],
            (Some(d), false) => tree.subtrees([d]),
        };
        // The trend: the 12 weeks ending with the current one.
        let last_week = PeriodKind::Week.start_of(today);
        let first_week = last_week - 7 * 11;
        let trend_scope = department.as_ref().map(|_| people_scope.as_slice());
        let weekly = repo::weekly_counts(db, first_week, last_week, today, trend_scope).await?;
        let trend = weekly
            .iter()
            .map(|(week, counts)| {
                let period = Period {
                    kind: PeriodKind::Week,
                    start: *week,
                };
                let f = rules::figures(counts, period.elapsed_days(today));
                TrendPoint {
                    week: crate::core::clock::format_date(*week),
                    registration_rate: f.registration_rate,
                    daily_active_rate: f.daily_active_rate,
                    core_rate: f.core_rate,
                }
            })
            .collect();
        let not_activated = Some(repo::not_activated(db, &people_scope).await?);
        let inactive = Some(repo::inactive(db, &people_scope, period).await?);
        let campaign = campaign_progress(db, &tree, department.as_deref(), today, &weights).await?;
        let choices = match &scope {
            None => tree
                .rows
                .iter()
                .filter(|d| tree.root().is_none_or(|r| r.id != d.id))
                .map(|d| (d.id.clone(), d.name.clone()))
                .collect(),
            Some(s) => s.iter().map(|id| (id.clone(), tree.name(id))).collect(),
        };
        Ok(Dashboard {
            period,
            period_label: period_label(period),
            department_name: department
                .as_deref()
                .map(|d| tree.name(d))
                .unwrap_or_else(|| tree.root().map(|r| r.name.clone()).unwrap_or_default()),
            department_id: department,
            include_sub: !alone,
            figures,
            rank,
            score,
            children,
            trend,
            not_activated,
            inactive,
            campaign,
            choices,
            can_see_organisation: scope.is_none(),
        })
    }

    /// Records last month's best department once the month is over.
    pub async fn ensure_monthly_best(db: &Db, tree: &Tree, now: i64) -> Result<(), AppError> {
        let today = crate::core::clock::day_of(now);
        let month = Period::containing(PeriodKind::Month, today).previous();
        if repo::has_monthly_best(db, month.start).await? {
            return Ok(());
        }
        // The first decision stands, so it waits until the reader cannot still be
        // holding back the month's last events (a hole in the ids is waited for).
        let settled = now - crate::core::clock::day_start(month.end()) > 2 * repo::GAP_WAIT_MS;
        if !settled || repo::behind(db).await? {
            return Ok(());
        }
        let weights = repo::settings(db).await?;
        let own = repo::own_counts(db, month, today).await?;
        if own.values().all(|c| c.active == 0) {
            return Ok(());
        }
        let rolled = rules::roll_up(&tree.parents, &own);
        if let Some(best) = standings(tree, &rolled, month, today, &weights)
            .into_iter()
            .next()
        {
            repo::record_monthly_best(
                db,
                month.start,
                &best.department_id,
                best.score,
                &best.figures,
                now,
            )
            .await?;
        }
        Ok(())
    }

    pub async fn leaderboard_impl(
        db: &Db,
        user: &CurrentUser,
        kind: PeriodKind,
        offset: u32,
        now: i64,
    ) -> Result<Leaderboard, AppError> {
        catch_up(db, now).await?;
        let tree = Tree::load(db).await?;
        ensure_monthly_best(db, &tree, now).await?;
        let today = crate::core::clock::day_of(now);
        let period = Period::back_from(kind, today, offset);
        let weights = repo::settings(db).await?;
        let own = repo::own_counts(db, period, today).await?;
        let rolled = rules::roll_up(&tree.parents, &own);
        let departments = standings(&tree, &rolled, period, today, &weights);
        let people = |rows: Vec<(String, String, String, i64)>| {
            rules::rank(rows, |r| r.3 as f64, |r| r.1.clone())
                .into_iter()
                .map(|(rank, (id, name, department, points))| PersonStanding {
                    employee_id: id,
                    name,
                    department,
                    rank,
                    points,
                })
                .collect::<Vec<_>>()
        };
        let everyone = people(repo::people_by_points(db, period, None, 50).await?);
        let mine = people(repo::people_by_points(db, period, Some(&user.department_id), 50).await?);
        let monthly_best = repo::monthly_best(db, 12)
            .await?
            .into_iter()
            .map(|(month, dept, score, figures)| MonthlyBest {
                month: crate::core::clock::format_date(month)[..7].to_string(),
                department_name: tree.name(&dept),
                department_id: dept,
                score,
                figures: serde_json::from_str(&figures)
                    .unwrap_or_else(|_| rules::figures(&Counts::default(), 1)),
            })
            .collect();
        Ok(Leaderboard {
            period,
            period_label: period_label(period),
            weights,
            departments,
            people: everyone,
            my_department_people: mine,
            monthly_best,
        })
    }

    /// The person's points page: balance, ranks, rules, rewards, redemptions, and the
    /// newest `ledger_lines` lines of the ledger (with how many there are in all).
    pub async fn my_points_impl(
        db: &Db,
        user: &CurrentUser,
        ledger_lines: u32,
        now: i64,
    ) -> Result<MyPoints, AppError> {
        let ledger_lines = i64::from(ledger_lines.clamp(1, MAX_LEDGER_LINES));
        catch_up(db, now).await?;
        let today = crate::core::clock::day_of(now);
        let month = Period::containing(PeriodKind::Month, today);
        let (balance, earned) = repo::account(db, &user.id).await?;
        let (month_points, dept_rank, dept_size) =
            repo::points_rank(db, month, &user.id, Some(&user.department_id)).await?;
        let (_, overall_rank, overall_size) = repo::points_rank(db, month, &user.id, None).await?;
        let mut conn = db.pool.acquire().await?;
        let list = repo::points_rules(&mut conn).await?;
        drop(conn);
        let so_far = repo::awards_so_far(db, &user.id, today).await?;
        let rules_view = list
            .into_iter()
            .filter(|r| r.enabled && r.points > 0)
            .map(|r| {
                let (day, ever) = so_far.get(r.code.code()).copied().unwrap_or((0, 0));
                let used = match r.limit_per {
                    LimitPer::Day => day,
                    LimitPer::Ever => ever,
                };
                (r, rules::within_limit(&r, used))
            })
            .collect();
        Ok(MyPoints {
            balance,
            earned,
            department_rank: (month_points > 0).then_some((dept_rank as u32, dept_size as u32)),
            overall_rank: (month_points > 0).then_some((overall_rank as u32, overall_size as u32)),
            month_points,
            ledger: repo::ledger(db, &user.id, ledger_lines).await?,
            ledger_total: repo::ledger_total(db, &user.id).await?,
            rules: rules_view,
            rewards: repo::rewards(db, true).await?,
            redemptions: repo::redemptions(db, Some(&user.id), 50).await?,
        })
    }

    pub async fn redeem_impl(
        db: &Db,
        user: &CurrentUser,
        reward_id: &str,
        now: i64,
    ) -> Result<String, AppError> {
        if reward_id.trim().is_empty() || reward_id.len() > 64 {
            return Err(AppError::NotFound);
        }
        catch_up(db, now).await?;
        let mut tx = db.begin_write().await?;
        match repo::redeem(
            &mut tx,
            &user.id,
            reward_id,
            crate::core::clock::day_of(now),
            now,
        )
        .await?
        {
            Ok(id) => {
                tx.commit().await?;
                Ok(id)
            }
            Err(refusal) => {
                tx.rollback().await?;
                Err(match refusal {
                    repo::RedeemRefusal::NoSuchReward => AppError::NotFound,
                    repo::RedeemRefusal::OutOfStock => AppError::Conflict(Msg::ErrOutOfStock),
                    repo::RedeemRefusal::NotEnoughPoints => {
                        AppError::Conflict(Msg::ErrNotEnoughPoints)
                    }
                })
            }
        }
    }

    pub async fn admin_impl(db: &Db, user: &CurrentUser) -> Result<AdoptionAdmin, AppError> {
        user.check(Capability::RunAdoption)?;
        let tree = Tree::load(db).await?;
        let mut conn = db.pool.acquire().await?;
        let rules = repo::points_rules(&mut conn).await?;
        drop(conn);
        Ok(AdoptionAdmin {
            weights: repo::settings(db).await?,
            rules,
            rewards: repo::rewards(db, false).await?,
            redemptions: repo::redemptions(db, None, 200).await?,
            campaign: repo::campaign(db).await?,
            departments: tree
                .rows
                .iter()
                .filter(|d| tree.root().is_none_or(|r| r.id != d.id))
                .map(|d| (d.id.clone(), d.name.clone()))
                .collect(),
        })
    }

    pub async fn save_weights_impl(
        db: &Db,
        user: &CurrentUser,
        weights: Weights,
        now: i64,
    ) -> Result<(), AppError> {
        user.check(Capability::RunAdoption)?;
        weights
            .validate()
            .map_err(|m| AppError::field("weights", m))?;
        let mut tx = db.begin_write().await?;
        repo::save_settings(&mut tx, &weights, &user.id, now).await?;
        crate::activity::audit(
            &mut tx,
            Some(&user.id),
            "adoption.weights",
            "settings",
            &crate::db::to_json(&weights)?,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_rules_impl(
        db: &Db,
        user: &CurrentUser,
        list: Vec<PointsRule>,
        now: i64,
    ) -> Result<(), AppError> {
        user.check(Capability::RunAdoption)?;
        let mut seen = HashSet::new();
        for (i, rule) in list.iter().enumerate() {
            if !(0..=1000).contains(&rule.points) {
                return Err(AppError::field(
                    &format!("rules.{i}.points"),
                    Msg::ErrPointsRange,
                ));
            }
            if !(1..=100).contains(&rule.limit_count) {
                return Err(AppError::field(
                    &format!("rules.{i}.limit"),
                    Msg::ErrLimitRange,
                ));
            }
            if !seen.insert(rule.code) {
                return Err(AppError::field("rules", Msg::ErrDuplicateRule));
            }
        }
        let mut tx = db.begin_write().await?;
        repo::save_points_rules(&mut tx, &list, now).await?;
        crate::activity::audit(
            &mut tx,
            Some(&user.id),
            "adoption.points_rules",
            "points_rules",
            &crate::db::to_json(&list)?,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_reward_impl(
        db: &Db,
        user: &CurrentUser,
        mut reward: Reward,
        now: i64,
    ) -> Result<String, AppError> {
        user.check(Capability::RunAdoption)?;
        reward.name = reward.name.trim().to_string();
        reward.description = reward.description.trim().to_string();
        let mut errors = Vec::new();
        if reward.name.is_empty() || reward.name.chars().count() > 40 {
            errors.push(("name", Msg::ErrRewardName));
        }
        if reward.description.chars().count() > 200 {
            errors.push(("description", Msg::ErrRewardDescription));
        }
        if !(1..=100_000).contains(&reward.cost) {
            errors.push(("cost", Msg::ErrRewardCost));
        }
        if !(0..=100_000).contains(&reward.stock) {
            errors.push(("stock", Msg::ErrRewardStock));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(
                errors
                    .into_iter()
                    .map(|(field, msg)| crate::error::FieldError {
                        field: field.to_string(),
                        msg,
                    })
                    .collect(),
            ));
        }
        let mut tx = db.begin_write().await?;
        if reward.id.trim().is_empty() {
            reward.id = crate::db::new_id();
            reward.stock_loaded = None;
        } else if reward.stock_loaded.is_none() {
            // No stock read with the edit: the figure given is the stock.
            let current: Option<(i64,)> = sqlx::query_as("SELECT stock FROM rewards WHERE id = $1")
                .bind(&reward.id)
                .fetch_optional(&mut *tx)
                .await?;
            reward.stock_loaded = Some(current.ok_or(AppError::NotFound)?.0);
        }
        if repo::save_reward(&mut tx, &reward, now).await? == 0 {
            tx.rollback().await?;
            return Err(AppError::NotFound);
        }
        crate::activity::audit(
            &mut tx,
            Some(&user.id),
            "adoption.reward",
            &reward.id,
            &reward.name,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(reward.id)
    }

    pub async fn decide_redemption_impl(
        db: &Db,
        user: &CurrentUser,
        id: &str,
        fulfil: bool,
        note: &str,
        now: i64,
    ) -> Result<(), AppError> {
        user.check(Capability::RunAdoption)?;
        let note = note.trim();
        if note.chars().count() > 200 {
            return Err(AppError::field("note", Msg::ErrRedemptionNote));
        }
        let mut tx = db.begin_write().await?;
        let decided = repo::decide_redemption(
            &mut tx,
            id,
            fulfil,
            &user.id,
            note,
            crate::core::clock::day_of(now),
            now,
        )
        .await?;
        if !decided {
            tx.rollback().await?;
            return Err(AppError::Conflict(Msg::ErrRedemptionDecided));
        }
        crate::activity::audit(
            &mut tx,
            Some(&user.id),
            if fulfil {
                "adoption.fulfil"
            } else {
                "adoption.reject"
            },
            id,
            note,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_campaign_impl(
        db: &Db,
        user: &CurrentUser,
        id: Option<String>,
        plan: CampaignPlan,
        now: i64,
    ) -> Result<String, AppError> {
        user.check(Capability::RunAdoption)?;
        let tree = Tree::load(db).await?;
        plan.validate(&|d| tree.parents.contains_key(d))
            .map_err(|errors| {
                AppError::Validation(
                    errors
                        .into_iter()
                        .map(|(field, msg)| crate::error::FieldError { field, msg })
                        .collect(),
                )
            })?;
        if let Some(id) = &id
            && repo::campaign(db)
                .await?
                .is_none_or(|(current, _)| &current != id)
        {
            return Err(AppError::NotFound);
        }
        let mut tx = db.begin_write().await?;
        let id = repo::save_campaign(&mut tx, id.as_deref(), &plan, now).await?;
        crate::activity::audit(
            &mut tx,
            Some(&user.id),
            "adoption.campaign",
            &id,
            &plan.name,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn weekly_report_impl(
        db: &Db,
        user: &CurrentUser,
        offset: u32,
        now: i64,
    ) -> Result<WeeklyReport, AppError> {
        user.check(Capability::SeeAllAdoption)?;
        let tree = Tree::load(db).await?;
        catch_up(db, now).await?;
        let today = crate::core::clock::day_of(now);
        let period = Period::back_from(PeriodKind::Week, today, offset);
        let weights = repo::settings(db).await?;
        let own = repo::own_counts(db, period, today).await?;
        let previous_own = repo::own_counts(db, period.previous(), today).await?;
        let rolled = rules::roll_up(&tree.parents, &own);
        Ok(WeeklyReport {
            period,
            period_label: period_label(period),
            organisation: rules::figures(&total(&own), period.elapsed_days(today)),
            previous: rules::figures(&total(&previous_own), 7),
            departments: standings(&tree, &rolled, period, today, &weights),
            campaign: campaign_progress(db, &tree, None, today, &weights).await?,
            weights,
        })
    }

    /// Keeps the rollups, points and the monthly best current in the background, so a
    /// dashboard rarely has events to read first.
    pub async fn run_refresher(db: Db) {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(20));
        loop {
            tick.tick().await;
            let now = crate::db::now_ms();
            if let Err(err) = catch_up(&db, now).await {
                tracing::warn!(?err, "adoption refresh failed");
                continue;
            }
            match Tree::load(&db).await {
                Ok(tree) => {
                    if let Err(err) = ensure_monthly_best(&db, &tree, now).await {
                        tracing::warn!(?err, "monthly best failed");
                    }
                }
                Err(err) => tracing::warn!(?err, "monthly best failed"),
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn parse_kind(kind: &str) -> Result<PeriodKind, AppError> {
    PeriodKind::parse(kind).ok_or_else(|| AppError::field("period", crate::i18n::Msg::ErrPeriod))
}

/// The dashboard page's data: the dashboard with one page of each people list.
#[server(prefix = "/api/adoption", endpoint = "dashboard")]
pub async fn adoption_dashboard(
    kind: String,
    offset: u32,
    department: Option<String>,
    alone: bool,
    not_activated_page: usize,
    inactive_page: usize,
) -> Result<DashboardPage, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let kind = parse_kind(&kind)?;
    let board = dashboard_impl(
        &db,
        &user,
        kind,
        offset.min(120),
        department,
        alone,
        crate::db::now_ms(),
    )
    .await?;
    Ok(DashboardPage::of(board, not_activated_page, inactive_page))
}

#[server(prefix = "/api/adoption", endpoint = "leaderboard")]
pub async fn adoption_leaderboard(kind: String, offset: u32) -> Result<Leaderboard, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let kind = parse_kind(&kind)?;
    leaderboard_impl(&db, &user, kind, offset.min(120), crate::db::now_ms()).await
}

/// Ledger lines the points page shows at first, and at most.
pub const LEDGER_PAGE: u32 = 50;
pub const MAX_LEDGER_LINES: u32 = 5000;

#[server(prefix = "/api/adoption", endpoint = "mine")]
pub async fn load_my_points(ledger_lines: u32) -> Result<MyPoints, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    my_points_impl(&db, &user, ledger_lines, crate::db::now_ms()).await
}

/// Redeems a reward; also the target of the plain form on the points page.
#[server(prefix = "/api/adoption", endpoint = "redeem")]
pub async fn redeem_reward(reward_id: String) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    match redeem_impl(&db, &user, &reward_id, crate::db::now_ms()).await {
        Ok(id) => {
            leptos_axum::redirect("/me/points?redeemed=1");
            Ok(id)
        }
        Err(err) => {
            leptos_axum::redirect(&format!("/me/points?{}", crate::ui::error_query(&err, &[])));
            Err(err)
        }
    }
}

#[server(prefix = "/api/adoption", endpoint = "admin")]
pub async fn load_adoption_admin() -> Result<AdoptionAdmin, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    admin_impl(&db, &user).await
}

#[server(prefix = "/api/adoption", endpoint = "weights", input = Json)]
pub async fn save_weights(weights: Weights) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_weights_impl(&db, &user, weights, crate::db::now_ms()).await
}

#[server(prefix = "/api/adoption", endpoint = "rules", input = Json)]
pub async fn save_points_rules(rules: Vec<PointsRule>) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_rules_impl(&db, &user, rules, crate::db::now_ms()).await
}

#[server(prefix = "/api/adoption", endpoint = "reward", input = Json)]
pub async fn save_reward(reward: Reward) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_reward_impl(&db, &user, reward, crate::db::now_ms()).await
}

#[server(prefix = "/api/adoption", endpoint = "decide")]
pub async fn decide_redemption(id: String, fulfil: bool, note: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    decide_redemption_impl(&db, &user, &id, fulfil, &note, crate::db::now_ms()).await
}

#[server(prefix = "/api/adoption", endpoint = "campaign", input = Json)]
pub async fn save_campaign(id: Option<String>, plan: CampaignPlan) -> Result<String, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_campaign_impl(&db, &user, id, plan, crate::db::now_ms()).await
}

#[server(prefix = "/api/adoption", endpoint = "report")]
pub async fn load_weekly_report(offset: u32) -> Result<WeeklyReport, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    weekly_report_impl(&db, &user, offset.min(120), crate::db::now_ms()).await
}
