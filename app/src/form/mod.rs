//! Forms: typed definitions, the one validator shared by browser and server, versions
//! (publishing a changed draft makes a new version; submissions keep theirs), drafts
//! saved as people type, submissions and their exports, and the built-in templates.

pub mod dates;
pub mod display;
pub mod export;
pub mod files;
pub mod format;
pub mod formula;
mod messages;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
pub mod schema;
pub mod server;
pub mod templates;
#[cfg(all(test, feature = "ssr"))]
mod tests;
