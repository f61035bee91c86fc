//! Adoption analytics (推广看板): registration, daily and weekly activity and
//! core-feature use per department, computed from the activity events through
//! per-person rollups; department and people leaderboards with a documented composite
//! score; points awarded once per act into a ledger, a reward catalogue with
//! redemptions that never overdraw; and the rollout campaign's progress against targets.
//!
//! `rules` holds every definition (pure); `repo` the rollups, ledger and queries;
//! `server` who may see what; `pages` the dashboard, leaderboard, points and report.

pub mod model;
pub mod pages;
pub mod rules;
pub mod server;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(all(test, feature = "ssr"))]
mod tests;
