//! The adoption figures' definitions, pure: calendar periods (days from `core::clock`), which
//! events count as which core feature, rates from counts, roll-up of sub-departments,
//! the composite score and ranking, points rules and their limits, sign-in streaks,
//! and a campaign's progress against its targets. No IO; the clock comes in as a day.

use super::model::*;
use crate::activity::{Action, Module};
use std::collections::HashMap;

use crate::core::clock;

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Day => "d",
            PeriodKind::Week => "w",
            PeriodKind::Month => "m",
        }
    }

    pub fn parse(code: &str) -> Option<PeriodKind> {
        match code {
            "d" | "day" => Some(PeriodKind::Day),
            "w" | "week" => Some(PeriodKind::Week),
            "m" | "month" => Some(PeriodKind::Month),
            _ => None,
        }
    }

    /// The first day of the period of this kind that contains `day`. Weeks begin on Monday.
    pub fn start_of(self, day: i64) -> i64 {
        match self {
            PeriodKind::Day => day,
            // 1970-01-01 was a Thursday.
            PeriodKind::Week => clock::week_start(day),
            PeriodKind::Month => clock::month_start(day),
        }
    }
}

impl Period {
    pub fn containing(kind: PeriodKind, day: i64) -> Period {
        Period {
            kind,
            start: kind.start_of(day),
        }
    }

    /// The day after the period's last day.
    pub fn end(&self) -> i64 {
        match self.kind {
            PeriodKind::Day => self.start + 1,
            PeriodKind::Week => self.start + 7,
            PeriodKind::Month => clock::next_month_start(self.start),
        }
    }

    pub fn previous(&self) -> Period {
        Period::containing(self.kind, self.start - 1)
    }

    pub fn next(&self) -> Period {
        Period {
            kind: self.kind,
            start: self.end(),
        }
    }

    /// `offset` periods before the one containing `today` (0 = the current one).
    pub fn back_from(kind: PeriodKind, today: i64, offset: u32) -> Period {
        let mut period = Period::containing(kind, today);
        for _ in 0..offset.min(400) {
            period = period.previous();
        }
        period
    }

    /// The days of the period that have begun by `today` (at least one).
    pub fn elapsed_days(&self, today: i64) -> i64 {
        (self.end().min(today + 1) - self.start).max(1)
    }

    /// The period's last day.
    pub fn last_day(&self) -> i64 {
        self.end() - 1
    }
}

/// The core features a period's row records, as bits.
pub mod bits {
    pub const APPROVAL_SUBMIT: i64 = 1;
    pub const APPROVAL_ACT: i64 = 2;
    pub const TEST_TAKEN: i64 = 4;
    pub const TEST_PASSED: i64 = 8;
    pub const NEWS_READ: i64 = 16;
    pub const DOCUMENT_OPENED: i64 = 32;
}

impl Feature {
    /// The features whose modules exist; news and documents join as they arrive.
    pub const AVAILABLE: [Feature; 2] = [Feature::Approval, Feature::Training];

    /// The bits that count as using the feature.
    pub fn mask(self) -> i64 {
        match self {
            Feature::Approval => bits::APPROVAL_SUBMIT | bits::APPROVAL_ACT,
            Feature::Training => bits::TEST_TAKEN,
            Feature::News => bits::NEWS_READ,
            Feature::Documents => bits::DOCUMENT_OPENED,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Feature::Approval => "approval",
            Feature::Training => "training",
            Feature::News => "news",
            Feature::Documents => "documents",
        }
    }
}

/// Any available core feature.
pub fn core_mask() -> i64 {
    Feature::AVAILABLE.iter().fold(0, |m, f| m | f.mask())
}

/// The events that are a use of a core feature, and the bits they set. Every event
/// makes its person active that day; these are the ones that also count as a feature.
pub const FEATURE_EVENTS: [(Module, Action, i64); 6] = [
    (Module::Approval, Action::Submit, bits::APPROVAL_SUBMIT),
    (Module::Approval, Action::Act, bits::APPROVAL_ACT),
    (Module::Training, Action::HandIn, bits::TEST_TAKEN),
    (
        Module::Training,
        Action::Pass,
        bits::TEST_TAKEN | bits::TEST_PASSED,
    ),
    (Module::News, Action::View, bits::NEWS_READ),
    (Module::Documents, Action::View, bits::DOCUMENT_OPENED),
];

/// Every feature bit.
pub const ALL_BITS: [i64; 6] = [
    bits::APPROVAL_SUBMIT,
    bits::APPROVAL_ACT,
    bits::TEST_TAKEN,
    bits::TEST_PASSED,
    bits::NEWS_READ,
    bits::DOCUMENT_OPENED,
];

/// The feature bits an event sets (see [`FEATURE_EVENTS`]).
pub fn feature_bits(module: &str, action: &str) -> i64 {
    FEATURE_EVENTS
        .iter()
        .filter(|(m, a, _)| m.as_str() == module && a.as_str() == action)
        .fold(0, |acc, (_, _, b)| acc | b)
}

/// The counts behind one department's (or the organisation's) figures in a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Accounts that should be active: invited or active, not disabled.
    pub accounts: i64,
    /// Active accounts activated by the period's end (the denominator of every rate).
    pub registered: i64,
    /// People with any activity in the period.
    pub active: i64,
    /// Person-days with activity (for the average daily active rate).
    pub person_days: i64,
    /// People who used each feature, in the order of [`Feature::AVAILABLE`].
    pub feature_people: Vec<i64>,
    /// People who used any core feature.
    pub core_people: i64,
    /// People who handed in a test, and of them those who passed one.
    pub test_takers: i64,
    pub test_passers: i64,
    /// Approval cycle times (submission to decision) of requests decided in the period.
    pub cycle_ms: Vec<i64>,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.accounts += other.accounts;
        self.registered += other.registered;
        self.active += other.active;
        self.person_days += other.person_days;
        if self.feature_people.len() < other.feature_people.len() {
            self.feature_people.resize(other.feature_people.len(), 0);
        }
        for (i, n) in other.feature_people.iter().enumerate() {
            self.feature_people[i] += n;
        }
        self.core_people += other.core_people;
        self.test_takers += other.test_takers;
        self.test_passers += other.test_passers;
        self.cycle_ms.extend_from_slice(&other.cycle_ms);
    }
}

/// `part / whole` as a share in 0..=1, `None` when there is no whole.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64).clamp(0.0, 1.0))
}

/// The figures of `counts` over `elapsed_days` days of the period.
pub fn figures(counts: &Counts, elapsed_days: i64) -> Figures {
    let registered = counts.registered;
    Figures {
        accounts: counts.accounts,
        registered,
        active: counts.active,
        registration_rate: rate(registered, counts.accounts),
        daily_active_rate: rate(counts.person_days, registered * elapsed_days.max(1)),
        period_active_rate: rate(counts.active, registered),
        features: Feature::AVAILABLE
            .iter()
            .enumerate()
            .map(|(i, f)| FeatureFigure {
                feature: *f,
                people: counts.feature_people.get(i).copied().unwrap_or(0),
                rate: rate(
                    counts.feature_people.get(i).copied().unwrap_or(0),
                    registered,
                ),
            })
            .collect(),
        core_rate: rate(counts.core_people, registered),
        test_takers: counts.test_takers,
        pass_rate: rate(counts.test_passers, counts.test_takers),
        cycle: crate::approval::figures::summarize(&counts.cycle_ms),
    }
}

/// Adds each department's own counts to itself and every department above it, so a
/// department's figures include its sub-departments. `parents` maps a department to
/// its parent; a cycle (which the org rules forbid) stops the climb.
pub fn roll_up(
    parents: &HashMap<String, Option<String>>,
    own: &HashMap<String, Counts>,
) -> HashMap<String, Counts> {
    let mut total: HashMap<String, Counts> = parents
        .keys()
        .map(|id| (id.clone(), Counts::default()))
        .collect();
    for (id, counts) in own {
        let mut current = Some(id.clone());
        let mut steps = 0;
        while let Some(dept) = current {
            total.entry(dept.clone()).or_default().add(counts);
            steps += 1;
            if steps > parents.len() + 1 {
                break;
            }
            current = parents.get(&dept).cloned().flatten();
        }
    }
    total
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            registration: 30,
            activity: 30,
            features: 30,
            pass: 10,
        }
    }
}

impl Weights {
    pub fn validate(&self) -> Result<(), crate::i18n::Msg> {
        let all = [self.registration, self.activity, self.features, self.pass];
        if all.iter().any(|w| *w > 100) || all.iter().sum::<u32>() == 0 {
            return Err(crate::i18n::Msg::ErrWeights);
        }
        Ok(())
    }
}

/// The composite score, 0–100: the weighted average of the registration rate, the
/// average daily active rate, the core-feature rate and the test pass rate. A part
/// with no figure (nobody registered, nobody took a test) is left out and the other
/// weights share its place.
pub fn score(figures: &Figures, weights: &Weights) -> f64 {
    let parts = [
        (figures.registration_rate, weights.registration),
        (figures.daily_active_rate, weights.activity),
        (figures.core_rate, weights.features),
        (figures.pass_rate, weights.pass),
    ];
    let (sum, weight) = parts
        .iter()
        .filter_map(|(value, w)| value.map(|v| (v * f64::from(*w), f64::from(*w))))
        .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
    if weight == 0.0 {
        0.0
    } else {
        (sum / weight * 1000.0).round() / 10.0
    }
}

/// Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4), and are
/// listed by name.
pub fn rank<T>(
    mut items: Vec<T>,
    score: impl Fn(&T) -> f64,
    name: impl Fn(&T) -> String,
) -> Vec<(u32, T)> {
    items.sort_by(|a, b| {
        score(b)
            .partial_cmp(&score(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| name(a).cmp(&name(b)))
    });
    let mut ranked = Vec::with_capacity(items.len());
    let mut previous: Option<f64> = None;
    let mut current_rank = 0;
    for (i, item) in items.into_iter().enumerate() {
        let s = score(&item);
        if previous != Some(s) {
            current_rank = i as u32 + 1;
            previous = Some(s);
        }
        ranked.push((current_rank, item));
    }
    ranked
}

impl PointsRuleCode {
    pub const ALL: [PointsRuleCode; 6] = [
        PointsRuleCode::Activate,
        PointsRuleCode::FirstSubmit,
        PointsRuleCode::FirstAct,
        PointsRuleCode::PassTest,
        PointsRuleCode::DailySignIn,
        PointsRuleCode::Streak7,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PointsRuleCode::Activate => "activate",
            PointsRuleCode::FirstSubmit => "first_submit",
            PointsRuleCode::FirstAct => "first_act",
            PointsRuleCode::PassTest => "pass_test",
            PointsRuleCode::DailySignIn => "daily_sign_in",
            PointsRuleCode::Streak7 => "streak_7",
        }
    }

    pub fn parse(code: &str) -> Option<PointsRuleCode> {
        PointsRuleCode::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The rule as the organisation starts with it: points, limit period, limit count.
    pub fn default_rule(self) -> PointsRule {
        let (points, limit_per, limit_count) = match self {
            PointsRuleCode::Activate => (20, LimitPer::Ever, 1),
            PointsRuleCode::FirstSubmit => (10, LimitPer::Ever, 1),
            PointsRuleCode::FirstAct => (10, LimitPer::Ever, 1),
            PointsRuleCode::PassTest => (15, LimitPer::Day, 3),
            PointsRuleCode::DailySignIn => (1, LimitPer::Day, 1),
            PointsRuleCode::Streak7 => (10, LimitPer::Day, 1),
        };
        PointsRule {
            code: self,
            points,
            limit_per,
            limit_count,
            enabled: true,
        }
    }
}

/// One activity event as the points rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFacts {
    pub id: i64,
    pub module: String,
    pub action: String,
    pub subject: Option<String>,
    pub day: i64,
}

/// The acts an event may earn points for: the rule and the act's key. The key names
/// the act itself (the exam passed, the day signed in), so the same act recorded
/// twice, or read twice, still earns once. Daily sign-in is earned by the first
/// activity of the day (a phone keeps its session, so "signed in today" means
/// "used Luodi today").
pub fn acts_of(event: &EventFacts) -> Vec<(PointsRuleCode, String)> {
    let mut acts = vec![(
        PointsRuleCode::DailySignIn,
        format!("daily_sign_in:{}", event.day),
    )];
    let module = event.module.as_str();
    let action = event.action.as_str();
    if module == Module::Account.as_str() && action == Action::Activate.as_str() {
        acts.push((PointsRuleCode::Activate, "activate".into()));
    } else if module == Module::Approval.as_str() && action == Action::Submit.as_str() {
        acts.push((PointsRuleCode::FirstSubmit, "first_submit".into()));
    } else if module == Module::Approval.as_str() && action == Action::Act.as_str() {
        acts.push((PointsRuleCode::FirstAct, "first_act".into()));
    } else if module == Module::Training.as_str() && action == Action::Pass.as_str() {
        let subject = event
            .subject
            .clone()
            .unwrap_or_else(|| format!("event-{}", event.id));
        acts.push((PointsRuleCode::PassTest, format!("pass_test:{subject}")));
    }
    acts
}

/// Whether another award fits the rule's limit, given the awards already made in the
/// limit's window (that day, or ever).
pub fn within_limit(rule: &PointsRule, awarded_in_window: i64) -> bool {
    rule.enabled && rule.points > 0 && awarded_in_window < i64::from(rule.limit_count)
}

/// The length of the run of consecutive active days ending on `today`, given the
/// person's active days (any order, may include `today`).
pub fn streak_length(active_days: &[i64], today: i64) -> u32 {
    let days: std::collections::HashSet<i64> = active_days.iter().copied().collect();
    let mut length = 0;
    let mut day = today;
    while days.contains(&day) {
        length += 1;
        day -= 1;
    }
    length
}

/// A streak bonus is earned on every seventh consecutive day.
pub fn earns_streak_bonus(streak: u32) -> bool {
    streak > 0 && streak.is_multiple_of(7)
}

/// The dates a campaign may use: 2000-01-01 up to 2099-12-31 (day numbers).
pub const CAMPAIGN_DAYS: std::ops::RangeInclusive<i64> = 10_957..=47_481;
/// At most this many phases, targets and pilot departments.
pub const CAMPAIGN_MAX_PHASES: usize = 6;
pub const CAMPAIGN_MAX_TARGETS: usize = 12;
pub const CAMPAIGN_MAX_PILOTS: usize = 50;

impl CampaignPlan {
    /// Checks the plan: a name, phases in order without overlap, dates in this
    /// century, known pilot departments (each once), targets between 1 and 100 % due
    /// within the campaign, and no more than a campaign needs of each.
    pub fn validate(
        &self,
        known_departments: &dyn Fn(&str) -> bool,
    ) -> Result<(), Vec<(String, crate::i18n::Msg)>> {
        use crate::i18n::Msg;
        let mut errors = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 60 {
            errors.push(("name".to_string(), Msg::ErrCampaignName));
        }
        if self.phases.is_empty() {
            errors.push(("phases".to_string(), Msg::ErrCampaignPhases));
        }
        if self.phases.len() > CAMPAIGN_MAX_PHASES
            || self.targets.len() > CAMPAIGN_MAX_TARGETS
            || self.pilot_departments.len() > CAMPAIGN_MAX_PILOTS
        {
            errors.push(("campaign".to_string(), Msg::ErrCampaignTooMany));
        }
        for (i, phase) in self.phases.iter().enumerate() {
            if !CAMPAIGN_DAYS.contains(&phase.starts_on) || !CAMPAIGN_DAYS.contains(&phase.ends_on)
            {
                errors.push((format!("phases.{i}"), Msg::ErrCampaignDate));
            } else if phase.ends_on < phase.starts_on {
                errors.push((format!("phases.{i}"), Msg::ErrPhaseDates));
            } else if i > 0 && phase.starts_on <= self.phases[i - 1].ends_on {
                errors.push((format!("phases.{i}"), Msg::ErrPhaseOrder));
            }
        }
        let mut pilots = std::collections::HashSet::new();
        for id in &self.pilot_departments {
            if !known_departments(id) {
                errors.push(("pilot_departments".to_string(), Msg::ErrUnknownDepartment));
            } else if !pilots.insert(id) {
                errors.push(("pilot_departments".to_string(), Msg::ErrDuplicatePilot));
            }
        }
        let first_day = self.phases.iter().map(|p| p.starts_on).min();
        let last_day = self.phases.iter().map(|p| p.ends_on).max();
        for (i, target) in self.targets.iter().enumerate() {
            if !(1..=100).contains(&target.percent) {
                errors.push((format!("targets.{i}"), Msg::ErrTargetPercent));
            } else if first_day.is_some_and(|first| target.due_on < first)
                || last_day.is_some_and(|last| target.due_on > last)
            {
                errors.push((format!("targets.{i}"), Msg::ErrTargetDue));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The phase `today` falls in.
    pub fn phase_on(&self, today: i64) -> Option<&Phase> {
        self.phases
            .iter()
            .find(|p| p.starts_on <= today && today <= p.ends_on)
    }
}

/// The figure a target is measured by.
pub fn target_value(metric: TargetMetric, figures: &Figures) -> Option<f64> {
    match metric {
        TargetMetric::Registration => figures.registration_rate,
        TargetMetric::DailyActive => figures.daily_active_rate,
        TargetMetric::FeatureUsage => figures.core_rate,
        TargetMetric::PassRate => figures.pass_rate,
    }
}

/// Where a target stands on `today`.
pub fn target_status(target: &Target, value: Option<f64>, today: i64) -> TargetStatus {
    let reached = value.is_some_and(|v| v * 100.0 + 1e-9 >= f64::from(target.percent));
    match (reached, today > target.due_on) {
        (true, _) => TargetStatus::Met,
        (false, false) => TargetStatus::Open,
        (false, true) => TargetStatus::Missed,
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;

/// A share as a percentage with one decimal, or a dash when there is none.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => {
            let p = (r * 1000.0).round() / 10.0;
            if p.fract() == 0.0 {
                format!("{p:.0}%")
            } else {
                format!("{p:.1}%")
            }
        }
        None => "—".to_string(),
    }
}
