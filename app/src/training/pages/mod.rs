//! Training pages. For everyone: the learning tab (my exams), the answer page and the
//! result page. For the coordinator: the exams with live counts, one exam's standing
//! (by department, by person, by question, first attempt against after retest) with
//! the one-action retest, the grading queue of short answers, the question bank (list,
//! filter, add and edit a question of any kind; import and export live beside it) and
//! the exam builder (a paper of chosen and drawn questions with its total shown as it
//! grows, the window and rules, and who takes it).
//!
//! The answer page is a plain server-rendered form first: every question, the map,
//! previous/next and hand-in post to the server and work without WASM. Once the WASM
//! is live, each answer is saved as it is given: it goes into a queue kept on the
//! device (so a reload or a dropped connection loses nothing), which is sent to the
//! server and emptied as the server confirms. The timer shown follows the server's.

mod attempt;
mod bank;
mod bank_import;
mod exam_builder;
mod exam_status;
mod exams;
mod grading;
mod learn;
mod question_edit;
mod result;

pub use attempt::AttemptPage;
pub use bank::BankPage;
pub use bank_import::BankImportPage;
pub use exam_builder::ExamBuilderPage;
pub use exam_status::ExamStatusPage;
pub use exams::TrainingAdminPage;
pub use grading::GradingPage;
pub use learn::LearnPage;
pub use question_edit::QuestionEditPage;
pub use result::AttemptResultPage;

use super::manage::*;
use super::model::*;
use super::results::{PersonState, Tally};
use super::rules::MyExamState;
use super::server::*;
use crate::core::clock::{
    DAY_MS, format_local_input as local_input, parse_local_input as parse_local,
};
use crate::error::AppError;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::org::model::Role;
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Points without a needless `.0`.
pub fn points_text(p: f64) -> String {
    let p = round2(p);
    if p.fract() == 0.0 {
        format!("{}", p as i64)
    } else {
        format!("{p}")
    }
}

/// `mm:ss` (or `h:mm:ss`) of a number of seconds.
pub fn clock_text(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

fn option_letter(position: usize) -> char {
    (b'A' + (position as u8).min(25)) as char
}

fn result_badge(passed: Option<bool>) -> impl IntoView {
    let (class, msg) = match passed {
        Some(true) => ("bg-green-50 text-green-700", Msg::ExamPassed),
        Some(false) => ("bg-red-50 text-red-700", Msg::ExamFailed),
        None => ("bg-amber-50 text-amber-700", Msg::ExamBeingGraded),
    };
    view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {class}")>{t(msg)}</span> }
}

fn now_ms() -> i64 {
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::js_sys::Date::now() as i64
    }
    #[cfg(feature = "ssr")]
    {
        crate::db::now_ms()
    }
}

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{}%", points_text(r)))
        .unwrap_or_else(|| "—".into())
}

/// The counts of a tally as small labelled figures.
fn tally_figures(tally: &Tally) -> impl IntoView + use<> {
    let figures = [
        (Msg::ExamAssigned, tally.assigned.to_string()),
        (Msg::ExamStarted, tally.started.to_string()),
        (Msg::ExamHandedIn, tally.handed_in.to_string()),
        (Msg::ExamPassed, tally.passed.to_string()),
        (Msg::ExamFailed, tally.failed.to_string()),
        (Msg::ExamStateAbsent, tally.absent.to_string()),
    ];
    view! {
        <dl class="grid grid-cols-3 gap-2 text-center sm:grid-cols-6">
            {figures.into_iter().map(|(label, value)| view! {
                <div class="rounded-xl bg-slate-50 p-2">
                    <dt class="text-xs text-slate-500">{t(label)}</dt>
                    <dd class="text-lg font-semibold tabular-nums">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}
