//! Cross-cutting pieces every feature module may use and that use no feature module:
//! who may do what ([`permission`]) and the organisation's clock ([`clock`]).

pub mod clock;
pub mod permission;
