//! Organisation and accounts: the department tree, employees, roles, invitations and
//! the HR import. Invariants: employee numbers, phones and emails are unique; a
//! department never sits under its own descendant; supervisor chains never loop; an
//! import writes every row or none.

pub mod model;
pub mod rules;
pub mod import;
pub mod pages;
pub mod server;
#[cfg(all(test, feature = "ssr"))]
mod tests;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod import_file;
