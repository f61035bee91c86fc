//! Training and quizzes: the question bank (with every version kept), papers (fixed or
//! drawn), exams assigned to people, attempts taken on phones (every answer saved as
//! given, the server's clock, hand-in when time is up), grading, results and retests.
//!
//! Invariants: an attempt is graded against the question versions it showed; one
//! attempt per person per exam is in progress at a time; a saved answer is replaced
//! only by a newer save of the same slot; a handed-in attempt takes no more saves.

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod formats;
pub mod grading;
pub mod manage;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod results;
pub mod rules;
pub mod server;
#[cfg(all(test, feature = "ssr"))]
mod tests;
#[cfg(feature = "ssr")]
pub mod transfer;
#[cfg(feature = "ssr")]
pub mod writer;
