//! Form pages: the list of forms to fill in, filling in, my submissions, a submission
//! and its print view; for administrators the form list, the designer and a form's
//! submissions with exports.

mod admin;
mod designer;
mod fill;
mod pickers;
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
