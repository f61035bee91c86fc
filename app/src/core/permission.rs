//! Who may do what: the roles a person holds and the one table of the capabilities
//! each role grants.
//!
//! Every check asks this table: server functions (their first line,
//! `crate::auth::require(Capability::…)` or `user.check(Capability::…)`), the JSON API,
//! the pages (`crate::auth::gated` answers 403 without controls) and the frame
//! (which links and tiles to show). Adding a role or a capability, or answering "who
//! can see approval figures?", is a change to this file alone.
//!
//! Object-level access (a folder's grants, a document's security level, "my own
//! submission") is decided by functions of the module that owns the object, beside
//! this table: they take the object's grants and start from [`may`] for the
//! organisation-wide capability (for example an administrator of the whole library).

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// What someone is. Department head is derived from `departments.head_id`; employee is
/// everyone; the others are granted and stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    DeptHead,
    TrainingCoordinator,
    /// Designs forms and sees their submissions (a module administrator).
    FormAdmin,
    /// The rollout team (general office / IT): sees every adoption figure and runs the board.
    Rollout,
    Employee,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::DeptHead,
        Role::TrainingCoordinator,
        Role::FormAdmin,
        Role::Rollout,
        Role::Employee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::DeptHead => "dept_head",
            Role::TrainingCoordinator => "training_coordinator",
            Role::FormAdmin => "form_admin",
            Role::Rollout => "rollout",
            Role::Employee => "employee",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::RoleAdmin,
            Role::DeptHead => Msg::RoleDeptHead,
            Role::TrainingCoordinator => Msg::RoleCoordinator,
            Role::FormAdmin => Msg::RoleFormAdmin,
            Role::Rollout => Msg::RoleRollout,
            Role::Employee => Msg::RoleEmployee,
        }
    }
}

/// Something only some people may do. What every signed-in person may do (fill a
/// form, take an assigned exam, read the leaderboard) needs no capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// Departments, people, invitations and the HR import.
    ManageOrganisation,
    /// Personal API tokens for integrations.
    ManageApiTokens,
    /// Design forms and their approval flows; read every submission and approval.
    ManageForms,
    /// Approval-time figures per flow and node.
    SeeApprovalFigures,
    /// Exams, papers, the question bank, grading and every attempt's result.
    RunTraining,
    /// The adoption dashboard (department heads: their own departments).
    SeeAdoptionDashboard,
    /// Every department's adoption figures, not only one's own.
    SeeAllAdoption,
    /// The adoption board's settings: points rules, targets, rewards.
    RunAdoption,
}

impl Capability {
    pub const ALL: [Capability; 8] = [
        Capability::ManageOrganisation,
        Capability::ManageApiTokens,
        Capability::ManageForms,
        Capability::SeeApprovalFigures,
        Capability::RunTraining,
        Capability::SeeAdoptionDashboard,
        Capability::SeeAllAdoption,
        Capability::RunAdoption,
    ];

    /// Whether it administers a module (the frame's 管理 section lists these).
    pub fn administers(self) -> bool {
        !matches!(
            self,
            Capability::SeeApprovalFigures
                | Capability::SeeAdoptionDashboard
                | Capability::SeeAllAdoption
        )
    }
}

/// The table: whether holding `role` grants `capability`.
pub const fn grants(role: Role, capability: Capability) -> bool {
    use Capability::*;
    match role {
        Role::Admin => true,
        Role::FormAdmin => matches!(capability, ManageForms | SeeApprovalFigures),
        Role::DeptHead => matches!(capability, SeeApprovalFigures | SeeAdoptionDashboard),
        Role::TrainingCoordinator => matches!(capability, RunTraining),
        Role::Rollout => matches!(
            capability,
            SeeAdoptionDashboard | SeeAllAdoption | RunAdoption
        ),
        Role::Employee => false,
    }
}

/// Whether someone holding `roles` may do `capability`.
pub fn may(roles: &[Role], capability: Capability) -> bool {
    roles.iter().any(|role| grants(*role, capability))
}

/// Whether someone holding `roles` administers any module (sees the 管理 section).
pub fn administers_anything(roles: &[Role]) -> bool {
    Capability::ALL
        .into_iter()
        .any(|c| c.administers() && may(roles, c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    /// The whole table, written out: a change to who may do what changes this test.
    #[test]
    fn each_role_grants_exactly_its_capabilities() {
        let expected: [(Role, &[Capability]); 6] = [
            (Role::Admin, &Capability::ALL),
            (Role::FormAdmin, &[ManageForms, SeeApprovalFigures]),
            (Role::DeptHead, &[SeeApprovalFigures, SeeAdoptionDashboard]),
            (Role::TrainingCoordinator, &[RunTraining]),
            (
                Role::Rollout,
                &[SeeAdoptionDashboard, SeeAllAdoption, RunAdoption],
            ),
            (Role::Employee, &[]),
        ];
        for (role, granted) in expected {
            for capability in Capability::ALL {
                assert_eq!(
                    grants(role, capability),
                    granted.contains(&capability),
                    "{role:?} × {capability:?}"
                );
            }
        }
    }

    #[test]
    fn several_roles_grant_the_union_and_none_grants_nothing() {
        let roles = [Role::TrainingCoordinator, Role::DeptHead];
        assert!(may(&roles, RunTraining));
        assert!(may(&roles, SeeAdoptionDashboard));
        assert!(!may(&roles, SeeAllAdoption));
        assert!(!may(&roles, ManageForms));
        assert!(Capability::ALL.into_iter().all(|c| !may(&[], c)));
    }

    #[test]
    fn only_module_administrators_get_the_admin_section() {
        assert!(administers_anything(&[Role::Admin]));
        assert!(administers_anything(&[Role::FormAdmin]));
        assert!(administers_anything(&[Role::TrainingCoordinator]));
        assert!(administers_anything(&[Role::Rollout]));
        assert!(!administers_anything(&[Role::DeptHead]));
        assert!(!administers_anything(&[Role::Employee]));
    }

    #[test]
    fn roles_are_stored_by_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
