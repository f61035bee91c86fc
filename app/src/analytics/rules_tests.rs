//! The figure definitions on small hand-made cases.

use super::*;
use crate::core::clock::{day_of, days_from_civil, format_date as date_text, parse_date};
use crate::i18n::Msg;
use std::collections::HashMap;

fn day(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d)
}

#[test]
fn days_follow_china_time_and_weeks_begin_on_monday() {
    // 2026-11-22 23:30 in Beijing is 15:30 UTC the same day; 00:30 is the day after.
    let late = 1_795_361_400_000; // 2026-11-22T15:30:00Z
    assert_eq!(date_text(day_of(late)), "2026-11-22");
    assert_eq!(date_text(day_of(late + 3_600_000)), "2026-11-23");
    let monday = day(2026, 11, 23);
    assert_eq!(PeriodKind::Week.start_of(monday), monday);
    assert_eq!(
        PeriodKind::Week.start_of(day(2026, 11, 29)),
        monday,
        "Sunday belongs to the week begun on Monday"
    );
    assert_eq!(
        PeriodKind::Week.start_of(day(2026, 11, 22)),
        day(2026, 11, 16)
    );
    let month = Period::containing(PeriodKind::Month, day(2026, 12, 31));
    assert_eq!(
        (date_text(month.start), date_text(month.end())),
        ("2026-12-01".into(), "2027-01-01".into())
    );
    assert_eq!(date_text(month.previous().start), "2026-11-01");
    assert_eq!(parse_date("2026-02-30"), None);
    assert_eq!(parse_date("2026-02-28"), Some(day(2026, 2, 28)));
}

#[test]
fn elapsed_days_stop_at_today() {
    let week = Period::containing(PeriodKind::Week, day(2026, 11, 25));
    assert_eq!(week.elapsed_days(day(2026, 11, 25)), 3);
    assert_eq!(week.previous().elapsed_days(day(2026, 11, 25)), 7);
}

#[test]
fn core_features_are_recognised_from_events() {
    assert_eq!(feature_bits("approval", "submit"), bits::APPROVAL_SUBMIT);
    assert_eq!(feature_bits("approval", "act"), bits::APPROVAL_ACT);
    assert_eq!(
        feature_bits("training", "pass"),
        bits::TEST_TAKEN | bits::TEST_PASSED
    );
    assert_eq!(
        feature_bits("account", "sign_in"),
        0,
        "signing in is activity, not a core feature"
    );
    assert_eq!(
        feature_bits("training", "start"),
        0,
        "opening a test is not taking it"
    );
}

fn counts(accounts: i64, registered: i64, active: i64, person_days: i64, core: i64) -> Counts {
    Counts {
        accounts,
        registered,
        active,
        person_days,
        feature_people: vec![core, 0],
        core_people: core,
        ..Counts::default()
    }
}

#[test]
fn rates_divide_by_registered_people_and_days() {
    // 10 who should be active, 8 activated; over a 5-day period 20 person-days.
    let f = figures(&counts(10, 8, 6, 20, 4), 5);
    assert_eq!(f.registration_rate, Some(0.8));
    assert_eq!(f.daily_active_rate, Some(0.5));
    assert_eq!(f.period_active_rate, Some(0.75));
    assert_eq!(f.core_rate, Some(0.5));
    assert_eq!(
        f.pass_rate, None,
        "nobody took a test: no pass rate, not 0 %"
    );
    let empty = figures(&Counts::default(), 7);
    assert_eq!(empty.registration_rate, None);
}

#[test]
fn a_sub_department_rolls_up_into_its_parents() {
    let parents: HashMap<String, Option<String>> = [
        ("root".to_string(), None),
        ("medicine".to_string(), Some("root".to_string())),
        ("cardio".to_string(), Some("medicine".to_string())),
        ("surgery".to_string(), Some("root".to_string())),
    ]
    .into_iter()
    .collect();
    let own: HashMap<String, Counts> = [
        ("medicine".to_string(), counts(4, 4, 2, 2, 1)),
        ("cardio".to_string(), counts(6, 5, 5, 5, 3)),
        ("surgery".to_string(), counts(3, 1, 0, 0, 0)),
    ]
    .into_iter()
    .collect();
    let rolled = roll_up(&parents, &own);
    assert_eq!(rolled["medicine"].registered, 9);
    assert_eq!(rolled["medicine"].active, 7);
    assert_eq!(
        rolled["cardio"].registered, 5,
        "a child does not take its parent's people"
    );
    assert_eq!(rolled["root"].accounts, 13);
    assert_eq!(rolled["root"].core_people, 4);
}

#[test]
fn the_score_weights_the_rates_and_leaves_out_what_has_no_figure() {
    let weights = Weights {
        registration: 50,
        activity: 50,
        features: 0,
        pass: 100,
    };
    // Registration 100 %, daily active 50 %, no test taken: (100×50 + 50×50) / 100.
    let f = figures(&counts(4, 4, 2, 2, 0), 1);
    assert_eq!(score(&f, &weights), 75.0);
    assert!(
        Weights {
            registration: 0,
            activity: 0,
            features: 0,
            pass: 0
        }
        .validate()
        .is_err()
    );
    assert!(
        Weights {
            registration: 101,
            activity: 0,
            features: 0,
            pass: 0
        }
        .validate()
        .is_err()
    );
}

#[test]
fn equal_scores_share_a_rank() {
    let ranked = rank(
        vec![("b", 80.0), ("a", 90.0), ("c", 80.0), ("d", 10.0)],
        |x| x.1,
        |x| x.0.to_string(),
    );
    let ranks: Vec<(u32, &str)> = ranked.iter().map(|(r, x)| (*r, x.0)).collect();
    assert_eq!(ranks, vec![(1, "a"), (2, "b"), (2, "c"), (4, "d")]);
}

fn event(module: &str, action: &str, subject: Option<&str>) -> EventFacts {
    EventFacts {
        id: 7,
        module: module.into(),
        action: action.into(),
        subject: subject.map(Into::into),
        day: 100,
    }
}

#[test]
fn an_act_has_one_key_however_often_it_is_recorded() {
    let pass = acts_of(&event("training", "pass", Some("exam-1")));
    assert!(pass.contains(&(PointsRuleCode::PassTest, "pass_test:exam-1".to_string())));
    assert!(pass.contains(&(PointsRuleCode::DailySignIn, "daily_sign_in:100".to_string())));
    let again = acts_of(&EventFacts {
        id: 8,
        ..event("training", "pass", Some("exam-1"))
    });
    assert_eq!(pass, again, "the same pass recorded twice is the same act");
    assert_eq!(
        acts_of(&event("account", "activate", None))[1].1,
        "activate"
    );
}

#[test]
fn limits_count_awards_in_their_window() {
    let rule = PointsRuleCode::PassTest.default_rule();
    assert!(within_limit(&rule, 2));
    assert!(!within_limit(&rule, 3));
    let off = PointsRule {
        enabled: false,
        ..rule
    };
    assert!(!within_limit(&off, 0));
}

#[test]
fn a_streak_counts_consecutive_days_and_earns_on_every_seventh() {
    let days: Vec<i64> = (94..=100).collect();
    assert_eq!(streak_length(&days, 100), 7);
    assert!(earns_streak_bonus(7));
    assert!(!earns_streak_bonus(8));
    assert_eq!(
        streak_length(&[98, 100], 100),
        1,
        "a missed day breaks the streak"
    );
    assert_eq!(streak_length(&[99], 100), 0);
}

#[test]
fn a_campaign_checks_its_phases_and_targets() {
    let d = 20_000; // 2024-10-04
    let phase = |kind, starts_on, ends_on| Phase {
        kind,
        starts_on,
        ends_on,
    };
    let target = |percent, due_on| Target {
        metric: TargetMetric::Registration,
        percent,
        due_on,
    };
    let mut plan = CampaignPlan {
        name: "推广".into(),
        phases: vec![
            phase(PhaseKind::Pilot, d + 10, d + 20),
            phase(PhaseKind::Rollout, d + 20, d + 30),
        ],
        pilot_departments: vec!["x".into()],
        targets: vec![target(0, d + 25)],
    };
    let errors = plan
        .validate(&|d| d == "known")
        .expect_err("three problems");
    let fields: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(fields, vec!["phases.1", "pilot_departments", "targets.0"]);
    plan.phases[1] = phase(PhaseKind::Rollout, d + 21, d + 30);
    plan.pilot_departments = vec!["known".into()];
    plan.targets = vec![target(100, d + 30)];
    assert_eq!(plan.validate(&|d| d == "known"), Ok(()));
    // A target due after the last phase, a pilot twice, a date in another century.
    plan.targets.push(target(60, d + 31));
    plan.pilot_departments.push("known".into());
    plan.phases[0].starts_on = 1;
    let msgs: Vec<Msg> = plan
        .validate(&|d| d == "known")
        .expect_err("three problems")
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(
        msgs,
        vec![
            Msg::ErrCampaignDate,
            Msg::ErrDuplicatePilot,
            Msg::ErrTargetDue
        ]
    );
    plan.phases[0].starts_on = d;
    plan.targets = vec![target(60, d + 30); CAMPAIGN_MAX_TARGETS + 1];
    plan.pilot_departments = vec!["known".into()];
    assert_eq!(
        plan.validate(&|d| d == "known"),
        Err(vec![("campaign".to_string(), Msg::ErrCampaignTooMany)])
    );
    let target = Target {
        metric: TargetMetric::DailyActive,
        percent: 60,
        due_on: 50,
    };
    assert_eq!(target_status(&target, Some(0.6), 60), TargetStatus::Met);
    assert_eq!(target_status(&target, Some(0.59), 50), TargetStatus::Open);
    assert_eq!(target_status(&target, Some(0.59), 51), TargetStatus::Missed);
    assert_eq!(target_status(&target, None, 10), TargetStatus::Open);
}
