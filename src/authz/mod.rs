//! The RBAC evaluator: what the manifests grant, decided exactly as the
//! Kubernetes RBAC authorizer decides it.
//!
//! - [`matching`]: does one PolicyRule allow one request (`RuleAllows`).
//! - [`aggregation`]: aggregated ClusterRoles resolved to a fixed point, each
//!   rule remembering where it is written.
//! - [`subject`]: identities (users, groups, ServiceAccounts) and which
//!   binding subjects name them.
//! - [`reach`]: what a Role or RoleBinding can grant at all (namespaced
//!   requests only; never cluster-scoped resources or non-resource URLs).
//! - [`policy`]: the input as an authorizer — roles, bindings and their
//!   scopes — for the cross-object rules and the `who-can`/`access` views.
//! - [`workload`]: the identity a workload's pods run as, for the
//!   cross-object rules.

pub mod aggregation;
pub mod matching;
pub mod policy;
pub mod reach;
pub mod subject;
pub mod workload;

pub use aggregation::Origin;
pub use matching::{rule_allows, Request, Target};
pub use policy::{Grant, Policy, Scope};
pub use subject::Identity;
