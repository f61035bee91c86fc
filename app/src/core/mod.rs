//! Cross-cutting pieces every feature module may use and that use no feature module:
//! who may do what ([`permission`]), the organisation's clock ([`clock`]) and when a
//! page tries the server again ([`retry`]).

pub mod clock;
pub mod permission;
pub mod retry;
