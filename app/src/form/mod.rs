//! Forms: typed definitions, the one validator shared by browser and server, versions
//! (publishing a changed draft makes a new version; submissions keep theirs), drafts
//! saved as people type, submissions and their exports, and the built-in templates.

pub mod formula;
pub mod model;
pub mod rules;
pub mod templates;
