//! The shell's own pages: the workbench, the placeholder of a module not yet open,
//! "me" and the password change.

mod change_password;
mod me;
mod module_pending;
mod workbench;

pub use change_password::ChangePasswordPage;
pub use me::MePage;
pub use module_pending::ModulePendingPage;
pub use workbench::WorkbenchPage;

use super::*;
