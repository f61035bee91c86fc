//! Approvals: flow definitions attached to forms, the planner that resolves a
//! request's path for its initiator, the pure engine (`rules`: decide / apply), the
//! checks a flow passes before it is published, the built-in flows, and `service`,
//! the one write path every change to a request takes.
//!
//! Invariants: a running instance keeps the plan it was submitted with (a new flow
//! version never changes it); every change to an instance is an event applied by
//! `rules::apply`, written with the new state in one transaction guarded by the
//! instance's version.

pub mod bpmn;
pub mod check;
pub mod edit;
pub mod figures;
pub mod model;
pub mod pages;
pub mod plan;
#[cfg(test)]
mod plan_tests;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(test)]
mod rules_tests;
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;
pub mod templates;
#[cfg(all(test, feature = "ssr"))]
mod tests;
