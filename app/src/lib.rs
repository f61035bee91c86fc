//! Luodi (落地): the office-automation platform whose rollout is a first-class feature.
//!
//! One crate compiled twice: with `ssr` for the server (server functions, SQL) and
//! with `hydrate` for the browser (WASM). Each domain module is a vertical slice:
//! `model` (DTOs on both sides of the wire), `rules` (pure logic), `server`
//! (server functions), `repo` (SQL, server only) and `pages`.

#![recursion_limit = "256"]

pub mod activity;
pub mod analytics;
pub mod app;
pub mod approval;
pub mod auth;
pub mod core;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod error;
pub mod form;
pub mod home;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod org;
pub mod training;
pub mod ui;

pub use app::{App, PAGES_OUTSIDE_FRAME, shell};
