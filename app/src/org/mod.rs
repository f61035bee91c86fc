//! Organisation and accounts: the department tree, employees, roles, invitations and
//! the HR import. Invariants: employee numbers, phones and emails are unique; a
//! department never sits under its own descendant; supervisor chains never loop; an
//! import writes every row or none.

pub mod import;
#[cfg(feature = "ssr")]
pub mod import_file;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod server;
#[cfg(all(test, feature = "ssr"))]
mod tests;
