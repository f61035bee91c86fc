//! The signed-in person as every page and server function sees them.

use crate::core::permission::{self, Capability, Role};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub department_id: String,
    pub department_name: String,
    pub position: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    /// Whether the person may do `capability` (see [`crate::core::permission`]).
    pub fn may(&self, capability: Capability) -> bool {
        permission::may(&self.roles, capability)
    }

    /// `Forbidden` unless the person may do `capability`.
    pub fn check(&self, capability: Capability) -> Result<(), AppError> {
        if self.may(capability) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether the person administers any module (the frame's 管理 section).
    pub fn administers_anything(&self) -> bool {
        permission::administers_anything(&self.roles)
    }
}

/// A personal API token as an administrator sees it (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub owner_name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}
