//! Organisation administration: the department tree, the employee list with search and
//! filters, the employee editor (disable, invite), the HR import and API tokens.

mod departments;
mod employee_edit;
mod employees;
mod import;
mod tokens;

pub use departments::DepartmentsPage;
pub use employee_edit::EmployeeEditPage;
pub use employees::EmployeesPage;
pub use import::ImportPage;
pub use tokens::TokensPage;

use super::model::*;
use super::rules::flatten_tree;
use super::server::*;
use crate::error::AppError;
use crate::i18n::{Msg, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn error_view(err: &AppError) -> impl IntoView + use<> {
    view! { <ErrorNotice text=err.describe(use_locale())/> }
}

fn status_badge(status: EmployeeStatus) -> impl IntoView {
    let class = match status {
        EmployeeStatus::Active => "bg-emerald-50 text-emerald-700",
        EmployeeStatus::Invited => "bg-amber-50 text-amber-700",
        EmployeeStatus::Disabled => "bg-slate-100 text-slate-500",
    };
    view! { <span class=format!("shrink-0 rounded-full px-2 py-0.5 text-xs {class}")>{t(status.label())}</span> }
}

/// `<option>`s of the department tree, indented by depth.
fn department_options(departments: &[Department], selected: Option<&str>) -> impl IntoView + use<> {
    flatten_tree(departments)
        .into_iter()
        .map(|entry| {
            let d = entry.department;
            let label = format!("{}{}", "\u{3000}".repeat(entry.depth), d.name);
            let is_selected = selected == Some(d.id.as_str());
            view! { <option value=d.id.clone() selected=is_selected>{label}</option> }
        })
        .collect_view()
}
