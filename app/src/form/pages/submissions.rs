//! Forms to fill in, my submissions, one submission and its A4 print view.

use super::super::model::*;
use super::super::rules;
use super::super::server::*;
use super::number_text;
use crate::form::display::value_text;
use crate::i18n::{Locale, Msg, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_json::Value;

fn category_label(category: &str) -> Msg {
    match category {
        "hr" => Msg::FormCategoryHr,
        "admin" => Msg::FormCategoryAdmin,
        "finance" => Msg::FormCategoryFinance,
        "quality" => Msg::FormCategoryQuality,
        "survey" => Msg::FormCategorySurvey,
        _ => Msg::FormCategoryOther,
    }
}

pub fn category_name(category: &str) -> &'static str {
    t(category_label(category))
}

/// The forms an employee can fill in, by category.
#[component]
pub fn FormsPage() -> impl IntoView {
    let forms = Resource::new(|| (), |_| list_forms());
    let locale = use_locale();
    view! {
        <Title text=t(Msg::ModuleForms)/>
        <PageTitle title=Msg::ModuleForms>
            <a href="/forms/mine" class=SECONDARY_BUTTON>{t(Msg::FormMySubmissions)}</a>
        </PageTitle>
        <Loaded resource=forms let:list>
                {{
                        let mut categories: Vec<String> = list.iter().map(|f| f.category.clone()).collect();
                        categories.dedup();
                        categories.into_iter().map(|category| {
                            let items = list.iter().filter(|f| f.category == category).map(|f| {
                                let href = format!("/forms/{}", f.id);
                                view! {
                                    <li>
                                        <a href=href class="flex min-h-14 flex-col justify-center px-4 py-2 hover:bg-slate-50">
                                            <span class="font-medium">{f.name.get(locale).to_string()}</span>
                                            <span class="line-clamp-1 text-xs text-slate-500">{f.description.get(locale).to_string()}</span>
                                        </a>
                                    </li>
                                }
                            }).collect_view();
                            view! {
                                <h2 class="mb-2 mt-4 text-sm font-medium text-slate-500">{category_name(&category)}</h2>
                                <Card class="p-0"><ul class="divide-y divide-slate-100">{items}</ul></Card>
                            }
                        }).collect_view().into_any()
                    }}
        </Loaded>
    }
}

pub fn submission_rows(
    list: Vec<SubmissionSummary>,
    locale: Locale,
    show_person: bool,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="py-6 text-center text-sm text-slate-500">{Msg::FormNoSubmissions.text(locale)}</p> }.into_any();
    }
    view! {
        <Card class="p-0">
            <ul class="divide-y divide-slate-100">
                {list.into_iter().map(|s| {
                    let href = format!("/submissions/{}", s.id);
                    let who = if show_person { format!(" · {} · {}", s.submitter_name, s.department_name) } else { String::new() };
                    view! {
                        <li>
                            <a href=href class="flex min-h-14 items-center justify-between gap-3 px-4 py-2 hover:bg-slate-50">
                                <span class="min-w-0">
                                    <span class="block truncate font-medium">{s.form_name.get(locale).to_string()}</span>
                                    <span class="block text-xs text-slate-500">{format!("{} · {}{}", s.serial, format_time(s.created_at), who)}</span>
                                </span>
                                <span class="shrink-0 rounded-full bg-blue-50 px-2 py-0.5 text-xs text-blue-700">{s.status.label().text(locale)}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Card>
    }
    .into_any()
}

#[component]
pub fn MySubmissionsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_my_submissions());
    let locale = use_locale();
    view! {
        <Title text=t(Msg::FormMySubmissions)/>
        <PageTitle title=Msg::FormMySubmissions>
            <a href="/forms" class=SECONDARY_BUTTON>{t(Msg::ModuleForms)}</a>
        </PageTitle>
        <Loaded resource=list let:list>
                {submission_rows(list, locale, false).into_any()}
        </Loaded>
    }
}

/// One field of a submission, read-only.
pub fn value_view(
    field: &Field,
    values: &serde_json::Map<String, Value>,
    names: &[(String, String)],
    locale: Locale,
) -> AnyView {
    let label = field.label.get(locale).to_string();
    let value = values.get(&field.key).cloned().unwrap_or(Value::Null);
    let body = match &field.kind {
        FieldKind::Description { .. } => return ().into_any(),
        FieldKind::Score { item, rule, .. } => {
            let text = value_text(field, &value, names, locale);
            view! {
                <p class="text-sm">{item.get(locale).to_string()}</p>
                <p class="text-xs text-slate-500">{rule.get(locale).to_string()}</p>
                <p class="font-medium">{text}</p>
            }
            .into_any()
        }
        FieldKind::Attachment { .. } | FieldKind::Image { .. } => {
            let files: Vec<FileRef> = serde_json::from_value(value).unwrap_or_default();
            view! {
                <ul class="space-y-1">
                    {files.into_iter().map(|f| {
                        let href = format!("/api/v1/uploads/{}", f.id);
                        view! { <li><a href=href target="_blank" class="text-blue-700 underline">{f.name}</a></li> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
        FieldKind::Table { columns, .. } => {
            let rows: Vec<serde_json::Map<String, Value>> = value
                .as_array()
                .map(|a| a.iter().filter_map(|r| r.as_object().cloned()).collect())
                .unwrap_or_default();
            let totals = columns
                .iter()
                .filter(|c| {
                    matches!(
                        c.kind,
                        FieldKind::Amount { .. }
                            | FieldKind::Number { .. }
                            | FieldKind::Computed { .. }
                    )
                })
                .map(|c| {
                    let total = rules::column_total(
                        c,
                        &rows.iter().cloned().map(Value::Object).collect::<Vec<_>>(),
                    );
                    let text = if matches!(
                        c.kind,
                        FieldKind::Amount { .. } | FieldKind::Computed { amount: true, .. }
                    ) {
                        format!("¥{}", rules::format_fen((total * 100.0).round() as i64))
                    } else {
                        number_text(total)
                    };
                    format!(
                        "{} {}：{}",
                        Msg::FormColumnTotal.text(locale),
                        c.label.get(locale),
                        text
                    )
                })
                .collect::<Vec<_>>();
            let head = columns.iter().map(|c| view! { <th class="whitespace-nowrap border border-slate-300 px-2 py-1 text-left font-medium">{c.label.get(locale).to_string()}</th> }).collect_view();
            let body = rows
                .iter()
                .map(|row| {
                    let cells = columns
                        .iter()
                        .map(|c| {
                            let v = row.get(&c.key).cloned().unwrap_or(Value::Null);
                            view! { <td class="min-w-[4.5rem] border border-slate-300 px-2 py-1 align-top">{value_text(c, &v, names, locale)}</td> }
                        })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="overflow-x-auto">
                    <table class="w-full border-collapse text-sm"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
                </div>
                {totals.into_iter().map(|t| view! { <p class="text-sm font-medium">{t}</p> }).collect_view()}
            }
            .into_any()
        }
        _ => {
            let text = value_text(field, &value, names, locale);
            view! { <p class="whitespace-pre-line">{if text.trim().is_empty() { "—".to_string() } else { text }}</p> }.into_any()
        }
    };
    view! {
        <div class="break-inside-avoid py-2" data-field=field.key.clone()>
            <p class="text-xs text-slate-500">{label}</p>
            {body}
        </div>
    }
    .into_any()
}

pub fn detail_body(detail: &SubmissionDetail, locale: Locale) -> impl IntoView + use<> {
    let visible = rules::visible_keys(&detail.definition, &detail.values);
    let fields = detail
        .definition
        .fields
        .iter()
        .filter(|f| visible.contains(&f.key))
        .map(|f| value_view(f, &detail.values, &detail.names, locale))
        .collect_view();
    let score = rules::score_total(&detail.definition, &detail.values).map(|total| {
        view! {
            <p class="mt-2 border-t border-slate-200 pt-2 text-lg font-semibold">
                {format!("{} {} / {}（{} {}）", Msg::FormScoreTotal.text(locale), number_text(total.score), number_text(total.full), Msg::FormDeducted.text(locale), number_text(total.deducted))}
            </p>
        }
    });
    view! { {fields}{score} }
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let just_submitted = move || query.read().get("submitted").is_some();
    let detail = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_submission,
    );
    let locale = use_locale();
    view! {
        <Loaded resource=detail let:detail>
                {{
                        let s = detail.summary.clone();
                        let title = s.form_name.get(locale).to_string();
                        let print = format!("/submissions/{}/print", s.id);
                        view! {
                            <Title text=title.clone()/>
                            <div class="mx-auto max-w-2xl space-y-3">
                                {just_submitted().then(|| view! { <SuccessNotice text=t(Msg::FormSubmittedNotice)/> })}
                                <div class="flex items-start justify-between gap-2">
                                    <div>
                                        <h1 class="text-xl font-semibold">{title}</h1>
                                        <p class="text-sm text-slate-500">{format!("{} {} · {} · {} · v{}", Msg::FormSerial.text(locale), s.serial, s.submitter_name, format_time(s.created_at), s.version)}</p>
                                    </div>
                                    <div class="flex shrink-0 flex-col gap-2">
                                        <a href=print class=format!("{SECONDARY_BUTTON} shrink-0 whitespace-nowrap") rel="external">{t(Msg::FormPrint)}</a>
                                        {(s.status != SubmissionStatus::Submitted).then(|| view! {
                                            <a href=format!("/approvals/{}", s.id) class=format!("{SECONDARY_BUTTON} shrink-0 whitespace-nowrap")>{t(Msg::ApprovalProgress)}</a>
                                        })}
                                    </div>
                                </div>
                                <Card class="divide-y divide-slate-100">{detail_body(&detail, locale)}</Card>
                            </div>
                        }.into_any()
                    }}
        </Loaded>
    }
}

/// The submission laid out like the paper form, for printing on A4.
#[component]
pub fn PrintPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_submission,
    );
    let locale = use_locale();
    view! {
        <Loaded resource=detail let:detail>
                {{
                        let s = detail.summary.clone();
                        let title = s.form_name.get(locale).to_string();
                        view! {
                            <Title text=title.clone()/>
                            <article class="print-sheet mx-auto max-w-[210mm] bg-white p-[15mm] text-[11pt] text-black">
                                <h1 class="text-center text-2xl font-bold tracking-widest">{title}</h1>
                                <p class="mt-2 flex justify-between text-sm">
                                    <span>{format!("{} {}", Msg::FormSerial.text(locale), s.serial)}</span>
                                    <span>{format!("{} · {}", s.department_name, s.submitter_name)}</span>
                                    <span>{format_time(s.created_at)}</span>
                                </p>
                                <div class="mt-4 grid grid-cols-1 border border-black px-3">{detail_body(&detail, locale)}</div>
                                <button type="button" class="no-print mt-6 rounded-lg border px-4 py-2" on:click=|_| { let _ = window().print(); }>{t(Msg::FormPrint)}</button>
                            </article>
                        }.into_any()
                    }}
        </Loaded>
    }
}
