//! Approval pages: the to-do tab (to do / done / started by me / CC to me, with
//! counts and batch approval of simple requests) and one approval with its form, its
//! timeline and only the actions the engine allows the viewer.

mod figures;
mod flow_designer;
mod notifications;
mod request;
mod todo;

pub use figures::FiguresPage;
pub use flow_designer::FlowDesignerPage;
pub use notifications::NotificationsPage;
pub use request::ApprovalPage;
pub use todo::TodoPage;

use super::model::*;
use super::server::*;
use crate::form::pages::detail_body;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn status_label(status: InstanceStatus) -> Msg {
    match status {
        InstanceStatus::New | InstanceStatus::Running => Msg::StatusRunning,
        InstanceStatus::Returned => Msg::StatusReturned,
        InstanceStatus::Approved => Msg::StatusApproved,
        InstanceStatus::Rejected => Msg::StatusRejected,
        InstanceStatus::Withdrawn => Msg::StatusWithdrawn,
    }
}

fn status_class(status: InstanceStatus) -> &'static str {
    match status {
        InstanceStatus::Approved => "bg-green-50 text-green-700",
        InstanceStatus::Rejected => "bg-red-50 text-red-700",
        InstanceStatus::Returned => "bg-amber-50 text-amber-700",
        InstanceStatus::Withdrawn => "bg-slate-100 text-slate-600",
        _ => "bg-blue-50 text-blue-700",
    }
}

/// A wait in hours and minutes, for the timeline.
pub fn waited_text(ms: i64, locale: Locale) -> String {
    let minutes = (ms / 60_000).max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        phrases::waited_days(locale, days, hours)
    } else if hours > 0 {
        phrases::waited_hours(locale, hours, mins)
    } else {
        phrases::waited_minutes(locale, mins)
    }
}
