//! Activity events: the one record every module writes when someone signs in or uses
//! it. The adoption figures (registration, daily active, core-feature usage) are
//! computed from these rows alone, so each module calls [`record`] at the moment of
//! use. One indexed insert, cheap enough for every request that needs it.

use serde::{Deserialize, Serialize};

/// The module an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Module {
    Account,
    Org,
    Forms,
    Approval,
    Documents,
    News,
    Training,
    Analytics,
}

impl Module {
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Account => "account",
            Module::Org => "org",
            Module::Forms => "forms",
            Module::Approval => "approval",
            Module::Documents => "documents",
            Module::News => "news",
            Module::Training => "training",
            Module::Analytics => "analytics",
        }
    }
}

/// What happened. Kept as short stable codes in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    SignIn,
    Activate,
    ChangePassword,
    View,
    Edit,
    Import,
    Create,
    Submit,
    /// Acted on an approval task (approved, rejected, handled, transferred…).
    Act,
    Export,
    /// Started an exam attempt.
    Start,
    /// Handed in an exam attempt (or the server did, when time was up).
    HandIn,
    /// Passed an exam (a core-feature use).
    Pass,
    /// Opened Luodi on a new day with a session kept from before (the first request
    /// of the day), so a phone that stays signed in still counts as active.
    Visit,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::Activate => "activate",
            Action::ChangePassword => "change_password",
            Action::View => "view",
            Action::Edit => "edit",
            Action::Import => "import",
            Action::Create => "create",
            Action::Submit => "submit",
            Action::Act => "act",
            Action::Export => "export",
            Action::Start => "start",
            Action::HandIn => "hand_in",
            Action::Pass => "pass",
            Action::Visit => "visit",
        }
    }
}

#[cfg(feature = "ssr")]
pub use repo::*;

#[cfg(feature = "ssr")]
mod repo {
    use super::{Action, Module};
    use sqlx::AnyConnection;

    /// Records that `employee_id` (of `department_id`) did `action` in `module` at `at`.
    /// Pass the transaction of the act itself, so the event exists exactly when the act does.
    pub async fn record(
        conn: &mut AnyConnection,
        employee_id: &str,
        department_id: &str,
        module: Module,
        action: Action,
        at: i64,
    ) -> sqlx::Result<()> {
        record_about(conn, employee_id, department_id, module, action, None, at).await
    }

    /// [`record`] naming what the act was about (the exam passed…), so the points
    /// rules recognise the same act recorded twice.
    pub async fn record_about(
        conn: &mut AnyConnection,
        employee_id: &str,
        department_id: &str,
        module: Module,
        action: Action,
        subject: Option<&str>,
        at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO activity_events (employee_id, department_id, module, action, subject, occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(employee_id)
        .bind(department_id)
        .bind(module.as_str())
        .bind(action.as_str())
        .bind(subject)
        .bind(at)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Writes a line to the audit log of sensitive actions.
    pub async fn audit(
        conn: &mut AnyConnection,
        actor_id: Option<&str>,
        action: &str,
        target: &str,
        detail: &str,
        at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO audit_log (actor_id, action, target, detail, occurred_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(actor_id)
            .bind(action)
            .bind(target)
            .bind(detail)
            .bind(at)
            .execute(conn)
            .await?;
        Ok(())
    }
}
