//! One typed error for every server function and repository call.
//!
//! Internal causes (database, IO) are logged with a correlation id and reach the
//! browser only as that id; validation messages are keys the page renders in the
//! reader's language.

use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A field that failed validation and the message key that explains why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum AppError {
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("conflict")]
    Conflict(Msg),
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: i64 },
    /// Something failed inside the server; the id finds the log line.
    #[error("internal error {0}")]
    Internal(String),
    /// The request never reached the function (network, decoding).
    #[error("transport error")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, msg: Msg) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_string(),
            msg,
        }])
    }

    /// The message for a person, in their language.
    pub fn describe(&self, locale: Locale) -> String {
        match self {
            AppError::Unauthenticated => Msg::ErrUnauthenticated.text(locale).to_string(),
            AppError::Forbidden => Msg::ErrForbidden.text(locale).to_string(),
            AppError::NotFound => Msg::ErrNotFound.text(locale).to_string(),
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| e.msg.text(locale))
                .collect::<Vec<_>>()
                .join(locale.list_separator()),
            AppError::Conflict(msg) => msg.text(locale).to_string(),
            AppError::TooManyAttempts { retry_after_secs } => {
                locale.format_retry_after(*retry_after_secs)
            }
            AppError::Internal(id) => format!("{} ({id})", Msg::ErrInternal.text(locale)),
            AppError::Transport(_) => Msg::ErrNetwork.text(locale).to_string(),
        }
    }

    /// The message for one field, if the error names it.
    pub fn field_message(&self, field: &str) -> Option<Msg> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.msg),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an internal failure under a fresh correlation id and returns the id only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let id = uuid::Uuid::now_v7().simple().to_string()[20..].to_string();
        tracing::error!(error_id = %id, "internal error: {cause}");
        AppError::Internal(id)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = err {
            return AppError::NotFound;
        }
        AppError::internal(err)
    }
}

pub type AppResult<T> = Result<T, AppError>;
