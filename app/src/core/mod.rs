//! Cross-cutting pieces every feature module may use and that use no feature module:
//! who may do what ([`permission`]), the organisation's clock ([`clock`]), when a
//! page tries the server again ([`retry`]) and long lists a page at a time ([`paging`]).

pub mod clock;
pub mod paging;
pub mod permission;
pub mod retry;
