//! The signed-in person as every page and server function sees them.

use crate::org::model::Role;
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
    pub fn has(&self, role: Role) -> bool {
        role == Role::Employee || self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }

    /// Designs forms and reads all their submissions: administrators and form administrators.
    pub fn can_manage_forms(&self) -> bool {
        self.is_admin() || self.has(Role::FormAdmin)
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
