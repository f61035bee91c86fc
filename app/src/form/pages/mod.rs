//! Form pages: the list of forms to fill in, filling in, my submissions, a submission
//! and its print view; for administrators the form list, the designer and a form's
//! submissions with exports.

mod admin;
mod designer;
mod fill;
pub mod pickers;
mod submissions;
mod upload;

pub use admin::{FormSubmissionsPage, FormsAdminPage};
pub use designer::DesignerPage;
pub use fill::FillPage;
pub use submissions::{FormsPage, MySubmissionsPage, PrintPage, SubmissionPage, detail_body};

use super::rules;
use crate::i18n::Locale;
use leptos::prelude::*;

pub use super::format::number_text;

/// An amount in Chinese capitals (shown in both languages: it is what cheques carry).
pub fn amount_view(fen: i64, _locale: Locale) -> impl IntoView + use<> {
    view! { <p class="text-sm text-slate-600" data-testid="amount-capitals">{rules::amount_in_capitals(fen)}</p> }
}

/// The steps a request will take, as planned for the values entered so far.
pub fn path_preview_view(
    planned: Result<Vec<crate::approval::model::PlannedStep>, crate::approval::plan::PlanError>,
    names: &crate::approval::model::Names,
    locale: Locale,
) -> impl IntoView + use<> {
    use crate::approval::model::StepKind;
    use crate::approval::plan::PlanError;
    use crate::i18n::Msg;
    let body = match planned {
        Err(PlanError::NotAllowed) => view! { <p class="text-sm text-red-600">{Msg::ErrApprovalNotAllowed.text(locale)}</p> }.into_any(),
        Err(_) => view! { <p class="text-sm text-amber-700">{Msg::ErrApprovalChooseApprovers.text(locale)}</p> }.into_any(),
        Ok(steps) if steps.is_empty() => view! { <p class="text-sm text-slate-500">{Msg::PathNone.text(locale)}</p> }.into_any(),
        Ok(steps) => view! {
            <ol class="space-y-2">
                {steps.into_iter().map(|step| {
                    let people: Vec<String> = step.assignees.iter().map(|a| names.get(a).cloned().unwrap_or_else(|| a.clone())).collect();
                    let who = if people.is_empty() { Msg::PathPassesItself.text(locale).to_string() } else { people.join(locale.enumeration_separator()) };
                    let what = match step.kind {
                        StepKind::Approve => Msg::PathApprove,
                        StepKind::Handle => Msg::PathHandle,
                        StepKind::Cc => Msg::PathCc,
                    };
                    view! {
                        <li class="flex items-baseline gap-2 text-sm" data-testid="path-step">
                            <span class="shrink-0 rounded bg-slate-100 px-1.5 text-xs text-slate-600">{what.text(locale)}</span>
                            <span class="font-medium">{step.name.get(locale).to_string()}</span>
                            <span class="min-w-0 text-slate-600">{who}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any(),
    };
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-4" aria-label=Msg::PathTitle.text(locale)>
            <h2 class="mb-2 text-sm font-medium text-slate-700">{Msg::PathTitle.text(locale)}</h2>
            {body}
        </section>
    }
}
