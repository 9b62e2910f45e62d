//! A Kubernetes audit log as evidence of what subjects really did: what
//! `rbaclint audit` ([`crate::audit`]) and the audit rules judge roles by.
//!
//! - [`events`]: audit events read as the API server authorized them.
//! - [`tally`]: one decision per request, filtered and counted.
//! - [`usage`]: which rule entries and elements the allowed requests used.
//! - [`time`]: RFC 3339 instants for the window.

pub mod events;
pub mod tally;
pub mod time;
pub mod usage;
