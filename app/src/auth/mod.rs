//! Who is asking: sign-in, sessions, activation by invite code, passwords, sign-in
//! throttling and personal API tokens. Invariants: passwords are stored only as
//! Argon2id hashes, session and invite secrets only as SHA-256 hashes; a session id is
//! new at every sign-in and dead after sign-out; failed sign-ins slow down one account,
//! never a whole office.

mod gate;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod secret;
pub mod server;
#[cfg(all(test, feature = "ssr"))]
mod tests;

pub use gate::gated;
pub use model::CurrentUser;
#[cfg(feature = "ssr")]
pub use server::{require, require_user};
