//! The rollout team's settings page: redemptions to hand out or reject, the score
//! weights, the points rules, the reward catalogue and the rollout campaign.

use super::{redemption_label, rule_label};
use crate::analytics::model::*;
use crate::analytics::server::*;
use crate::core::clock::{format_date as date_text, parse_date};
use crate::error::AppError;
use crate::i18n::{Msg, t, use_locale};
use crate::ui::format_time;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;

const SMALL_INPUT: &str = "w-20 rounded-lg border border-slate-300 px-2 py-2 text-base";

fn number(ev: &leptos::ev::Event) -> i64 {
    event_target_value(ev).trim().parse().unwrap_or(-1)
}

#[component]
pub fn AdoptionAdminPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunAdoption,
        move || {
            let saved = SavedNotice {
                version: RwSignal::new(0),
                card: RwSignal::new(None),
            };
            let data = Resource::new(move || saved.version.get(), |_| load_adoption_admin());
            view! {
                <Title text=t(Msg::AdoptionAdminTitle)/>
                <PageTitle title=Msg::AdoptionAdminTitle>
                    <a href="/adoption" class=SECONDARY_BUTTON>{t(Msg::AdoptionTitle)}</a>
                </PageTitle>
                <Loaded resource=data let:admin>
                        {view! {
                                <div class="space-y-4">
                                    <RedemptionsCard list=admin.redemptions.clone() saved/>
                                    <WeightsCard weights=admin.weights saved/>
                                    <RulesCard rules=admin.rules.clone() saved/>
                                    <RewardsCard rewards=admin.rewards.clone() saved/>
                                    <CampaignEditor campaign=admin.campaign.clone() departments=admin.departments.clone() saved/>
                                </div>
                            }.into_any()}
                </Loaded>
            }
        },
    )
}

/// What the page remembers across the reload a save triggers: the cards are built
/// anew with the fresh data (and their actions with them), so which card saved last
/// lives here, above them.
#[derive(Clone, Copy)]
struct SavedNotice {
    /// Bumped by every successful save; the page's data reloads on it.
    version: RwSignal<u32>,
    /// The card whose save succeeded last.
    card: RwSignal<Option<&'static str>>,
}

impl SavedNotice {
    fn done(self, card: &'static str) {
        self.card.set(Some(card));
        self.version.update(|n| *n += 1);
    }

    /// The outcome line under a card's form: its error, or "saved" if it saved last.
    fn outcome(self, card: &'static str, result: Option<Result<(), AppError>>) -> impl IntoView {
        let locale = use_locale();
        match result {
            Some(Err(e)) => Some(view! { <ErrorNotice text=e.describe(locale)/> }.into_any()),
            _ => (self.card.get() == Some(card))
                .then(|| view! { <SuccessNotice text=t(Msg::Saved)/> }.into_any()),
        }
    }
}

#[component]
fn RedemptionsCard(list: Vec<Redemption>, saved: SavedNotice) -> impl IntoView {
    let decide = Action::new(move |(id, fulfil): &(String, bool)| {
        let (id, fulfil) = (id.clone(), *fulfil);
        async move {
            let r = decide_redemption(id, fulfil, String::new()).await;
            if r.is_ok() {
                saved.done("redemptions");
            }
            r
        }
    });
    view! {
        <Card>
            <h2 class="mb-2 text-base font-semibold">{t(Msg::AdminRedemptions)}</h2>
            {move || saved.outcome("redemptions", decide.value().get())}
            {if list.is_empty() {
                view! { <p class="text-sm text-slate-500">{t(Msg::AdminNoRedemptions)}</p> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-100" data-testid="redemptions">
                        {list.into_iter().map(|r| {
                            let pending = r.status == RedemptionStatus::Pending;
                            let (id1, id2) = (r.id.clone(), r.id.clone());
                            view! {
                                <li class="py-2">
                                    <div class="flex items-center justify-between gap-2 text-sm">
                                        <span class="font-medium">{r.reward.clone()}" · "{r.cost}</span>
                                        <span class="text-xs text-slate-500">{t(redemption_label(r.status))}</span>
                                    </div>
                                    <p class="text-xs text-slate-500">{r.employee_name.clone()}" "{r.employee_no.clone()}" · "{r.department.clone()}" · "{format_time(r.requested_at)}</p>
                                    {pending.then(|| view! {
                                        <div class="mt-2 flex gap-2">
                                            <button type="button" class=SECONDARY_BUTTON on:click=move |_| { decide.dispatch((id1.clone(), true)); }>{t(Msg::AdminFulfil)}</button>
                                            <button type="button" class=DANGER_BUTTON on:click=move |_| { decide.dispatch((id2.clone(), false)); }>{t(Msg::AdminReject)}</button>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn WeightsCard(weights: Weights, saved: SavedNotice) -> impl IntoView {
    let current = RwSignal::new(weights);
    let save = Action::new(move |w: &Weights| {
        let w = *w;
        async move {
            let r = save_weights(w).await;
            if r.is_ok() {
                saved.done("weights");
            }
            r
        }
    });
    let field = move |label: Msg, get: fn(&Weights) -> u32, set: fn(&mut Weights, u32)| {
        view! {
            <label class="flex items-center justify-between gap-2 py-1 text-sm">{t(label)}
                <input type="number" min="0" max="100" class=SMALL_INPUT aria-label=t(label)
                    prop:value=move || current.with(get).to_string()
                    on:input=move |ev| { let v = number(&ev).clamp(0, 1000) as u32; current.update(|w| set(w, v)); }/>
            </label>
        }
    };
    view! {
        <Card>
            <h2 class="mb-2 text-base font-semibold">{t(Msg::AdminWeights)}</h2>
            {field(Msg::FigRegistration, |w| w.registration, |w, v| w.registration = v)}
            {field(Msg::FigDailyActive, |w| w.activity, |w, v| w.activity = v)}
            {field(Msg::FigCoreUsage, |w| w.features, |w, v| w.features = v)}
            {field(Msg::FigPassRate, |w| w.pass, |w, v| w.pass = v)}
            {move || saved.outcome("weights", save.value().get())}
            <button type="button" class=format!("{PRIMARY_BUTTON} mt-2") on:click=move |_| { save.dispatch(current.get_untracked()); }>{t(Msg::Save)}</button>
        </Card>
    }
}

#[component]
fn RulesCard(rules: Vec<PointsRule>, saved: SavedNotice) -> impl IntoView {
    let list = RwSignal::new(rules);
    let save = Action::new(move |rules: &Vec<PointsRule>| {
        let rules = rules.clone();
        async move {
            let r = save_points_rules(rules).await;
            if r.is_ok() {
                saved.done("rules");
            }
            r
        }
    });
    let count = list.with_untracked(|l| l.len());
    view! {
        <Card>
            <h2 class="mb-2 text-base font-semibold">{t(Msg::AdminPointsRules)}</h2>
            <ul class="divide-y divide-slate-100">
                {(0..count).map(|i| {
                    let rule = list.with_untracked(|l| l[i]);
                    let label = t(rule_label(rule.code));
                    view! {
                        <li class="space-y-1 py-2">
                            <label class="flex items-center gap-2 text-sm font-medium">
                                <input type="checkbox" class="h-5 w-5" prop:checked=move || list.with(|l| l[i].enabled)
                                    on:change=move |ev| { let on = event_target_checked(&ev); list.update(|l| l[i].enabled = on); }/>
                                {label}
                            </label>
                            <div class="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                                <label class="flex items-center gap-1">{t(Msg::AdminRulePoints)}
                                    <input type="number" min="0" max="1000" class=SMALL_INPUT aria-label=format!("{label} {}", t(Msg::AdminRulePoints))
                                        prop:value=move || list.with(|l| l[i].points.to_string())
                                        on:input=move |ev| { let v = number(&ev); list.update(|l| l[i].points = v); }/>
                                </label>
                                <label class="flex items-center gap-1">{t(Msg::LimitPeriod)}
                                    <select class="rounded-lg border border-slate-300 px-2 py-2 text-base"
                                        on:change=move |ev| { let per = if event_target_value(&ev) == "ever" { LimitPer::Ever } else { LimitPer::Day }; list.update(|l| l[i].limit_per = per); }>
                                        <option value="day" selected=rule.limit_per == LimitPer::Day>{t(Msg::LimitPeriodDay)}</option>
                                        <option value="ever" selected=rule.limit_per == LimitPer::Ever>{t(Msg::LimitPeriodEver)}</option>
                                    </select>
                                </label>
                                <input type="number" min="1" max="100" class=SMALL_INPUT aria-label=format!("{label} {}", t(Msg::LimitPerDay))
                                    prop:value=move || list.with(|l| l[i].limit_count.to_string())
                                    on:input=move |ev| { let v = number(&ev).clamp(0, 10_000) as u32; list.update(|l| l[i].limit_count = v); }/>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || saved.outcome("rules", save.value().get())}
            <button type="button" class=format!("{PRIMARY_BUTTON} mt-2") on:click=move |_| { save.dispatch(list.get_untracked()); }>{t(Msg::Save)}</button>
        </Card>
    }
}

fn blank_reward() -> Reward {
    Reward {
        id: String::new(),
        name: String::new(),
        description: String::new(),
        cost: 50,
        stock: 10,
        active: true,
        stock_loaded: None,
    }
}

#[component]
fn RewardsCard(rewards: Vec<Reward>, saved: SavedNotice) -> impl IntoView {
    let editing = RwSignal::new(blank_reward());
    let save = Action::new(move |r: &Reward| {
        let r = r.clone();
        async move {
            let result = save_reward(r).await.map(|_| ());
            if result.is_ok() {
                saved.done("rewards");
            }
            result
        }
    });
    let text_field = move |label: Msg, get: fn(&Reward) -> String, set: fn(&mut Reward, String)| {
        view! {
            <label class="block text-sm">{t(label)}
                <input type="text" class=INPUT_CLASS prop:value=move || editing.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); editing.update(|r| set(r, v)); }/>
            </label>
        }
    };
    let number_field = move |label: Msg, get: fn(&Reward) -> i64, set: fn(&mut Reward, i64)| {
        view! {
            <label class="flex items-center justify-between gap-2 text-sm">{t(label)}
                <input type="number" min="0" class=SMALL_INPUT aria-label=t(label) prop:value=move || editing.with(get).to_string()
                    on:input=move |ev| { let v = number(&ev); editing.update(|r| set(r, v)); }/>
            </label>
        }
    };
    view! {
        <Card>
            <h2 class="mb-2 text-base font-semibold">{t(Msg::AdminRewards)}</h2>
            <ul class="divide-y divide-slate-100">
                {rewards.into_iter().map(|r| {
                    let edit = r.clone();
                    view! {
                        <li class="flex items-center justify-between gap-2 py-2 text-sm">
                            <span class=if r.active { "" } else { "text-slate-400 line-through" }>{r.name.clone()}" · "{r.cost}" · "{t(Msg::PointsStock)}" "{r.stock}</span>
                            <button type="button" class="text-blue-700" on:click=move |_| editing.set(edit.clone())>{t(Msg::Edit)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="mt-3 space-y-2 rounded-xl bg-slate-50 p-3">
                <p class="text-sm font-medium">{move || if editing.with(|r| r.id.is_empty()) { t(Msg::AdminNewReward) } else { t(Msg::Edit) }}</p>
                {text_field(Msg::AdminRewardName, |r| r.name.clone(), |r, v| r.name = v)}
                {text_field(Msg::AdminRewardDescription, |r| r.description.clone(), |r, v| r.description = v)}
                {number_field(Msg::AdminRewardCost, |r| r.cost, |r, v| r.cost = v)}
                {number_field(Msg::PointsStock, |r| r.stock, |r, v| r.stock = v)}
                <label class="flex items-center gap-2 text-sm"><input type="checkbox" class="h-5 w-5" prop:checked=move || editing.with(|r| r.active)
                    on:change=move |ev| { let on = event_target_checked(&ev); editing.update(|r| r.active = on); }/>{t(Msg::AdminRewardActive)}</label>
                {move || saved.outcome("rewards", save.value().get())}
                <div class="flex gap-2">
                    <button type="button" class=PRIMARY_BUTTON on:click=move |_| { save.dispatch(editing.get_untracked()); }>{t(Msg::Save)}</button>
                    <button type="button" class=SECONDARY_BUTTON on:click=move |_| editing.set(blank_reward())>{t(Msg::AdminNewReward)}</button>
                </div>
            </div>
        </Card>
    }
}

/// Reads one date of the plan (a phase's start or end, a target's due day).
type DayOf = dyn Fn(&CampaignPlan) -> i64 + Send + Sync;
/// Writes one date of the plan.
type SetDay = dyn Fn(&mut CampaignPlan, i64) + Send + Sync;

fn blank_plan() -> CampaignPlan {
    CampaignPlan {
        name: String::new(),
        phases: [PhaseKind::Pilot, PhaseKind::Rollout, PhaseKind::Deepening]
            .into_iter()
            .map(|kind| Phase {
                kind,
                starts_on: 0,
                ends_on: 0,
            })
            .collect(),
        pilot_departments: Vec::new(),
        targets: [
            TargetMetric::Registration,
            TargetMetric::DailyActive,
            TargetMetric::FeatureUsage,
        ]
        .into_iter()
        .map(|metric| Target {
            metric,
            percent: 80,
            due_on: 0,
        })
        .collect(),
    }
}

#[component]
fn CampaignEditor(
    campaign: Option<(String, CampaignPlan)>,
    departments: Vec<(String, String)>,
    saved: SavedNotice,
) -> impl IntoView {
    let id = campaign.as_ref().map(|c| c.0.clone());
    let plan = RwSignal::new(campaign.map(|c| c.1).unwrap_or_else(blank_plan));
    let bad_date = RwSignal::new(false);
    let save = Action::new(move |(id, plan): &(Option<String>, CampaignPlan)| {
        let (id, plan) = (id.clone(), plan.clone());
        async move {
            let r = save_campaign(id, plan).await.map(|_| ());
            if r.is_ok() {
                saved.done("campaign");
            }
            r
        }
    });
    let date_input = move |label: String, get: Box<DayOf>, set: Box<SetDay>| {
        let initial = plan.with_untracked(|p| get(p));
        view! {
            <input type="date" class="rounded-lg border border-slate-300 px-2 py-2 text-base" aria-label=label
                value=(initial > 0).then(|| date_text(initial))
                on:change=move |ev| match parse_date(&event_target_value(&ev)) {
                    Some(day) => { bad_date.set(false); plan.update(|p| set(p, day)); }
                    None => bad_date.set(true),
                }/>
        }
    };
    let phase_count = plan.with_untracked(|p| p.phases.len());
    let target_count = plan.with_untracked(|p| p.targets.len());
    view! {
        <Card>
            <h2 class="mb-2 text-base font-semibold">{t(Msg::AdminCampaign)}</h2>
            <label class="block text-sm">{t(Msg::AdminCampaignName)}
                <input type="text" class=INPUT_CLASS prop:value=move || plan.with(|p| p.name.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); plan.update(|p| p.name = v); }/>
            </label>
            <ul class="mt-2 space-y-2">
                {(0..phase_count).map(|i| {
                    let kind = plan.with_untracked(|p| p.phases[i].kind);
                    let name = t(match kind { PhaseKind::Pilot => Msg::PhasePilot, PhaseKind::Rollout => Msg::PhaseRollout, PhaseKind::Deepening => Msg::PhaseDeepening });
                    view! {
                        <li class="flex flex-wrap items-center gap-2 text-sm">
                            <span class="w-16 font-medium">{name}</span>
                            {date_input(format!("{name} {}", t(Msg::AdminPhaseStart)), Box::new(move |p| p.phases[i].starts_on), Box::new(move |p, d| p.phases[i].starts_on = d))}
                            "–"
                            {date_input(format!("{name} {}", t(Msg::AdminPhaseEnd)), Box::new(move |p| p.phases[i].ends_on), Box::new(move |p, d| p.phases[i].ends_on = d))}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <fieldset class="mt-3">
                <legend class="text-sm font-medium">{t(Msg::CampaignPilots)}</legend>
                <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                    {departments.into_iter().map(|(id, name)| {
                        let (a, b) = (id.clone(), id.clone());
                        view! {
                            <label class="flex items-center gap-1 text-sm">
                                <input type="checkbox" class="h-5 w-5" prop:checked=move || plan.with(|p| p.pilot_departments.contains(&a))
                                    on:change=move |ev| { let on = event_target_checked(&ev); plan.update(|p| { p.pilot_departments.retain(|d| d != &b); if on { p.pilot_departments.push(b.clone()); } }); }/>
                                {name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <ul class="mt-3 space-y-2">
                {(0..target_count).map(|i| {
                    let metric = plan.with_untracked(|p| p.targets[i].metric);
                    let name = t(match metric { TargetMetric::Registration => Msg::TargetRegistration, TargetMetric::DailyActive => Msg::TargetDailyActive, TargetMetric::FeatureUsage => Msg::TargetFeatureUsage, TargetMetric::PassRate => Msg::TargetPassRate });
                    view! {
                        <li class="flex flex-wrap items-center gap-2 text-sm">
                            <span class="w-28 font-medium">{name}" ≥"</span>
                            <input type="number" min="1" max="100" class=SMALL_INPUT aria-label=format!("{name} {}", t(Msg::AdminTargetPercent))
                                prop:value=move || plan.with(|p| p.targets[i].percent.to_string())
                                on:input=move |ev| { let v = number(&ev).clamp(0, 1000) as u32; plan.update(|p| p.targets[i].percent = v); }/>
                            "%"
                            {date_input(format!("{name} {}", t(Msg::AdminTargetDue)), Box::new(move |p| p.targets[i].due_on), Box::new(move |p, d| p.targets[i].due_on = d))}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || bad_date.get().then(|| view! { <ErrorNotice text=t(Msg::ErrDate)/> })}
            {move || saved.outcome("campaign", save.value().get())}
            <button type="button" class=format!("{PRIMARY_BUTTON} mt-3") on:click=move |_| { save.dispatch((id.clone(), plan.get_untracked())); }>{t(Msg::Save)}</button>
        </Card>
    }
}
