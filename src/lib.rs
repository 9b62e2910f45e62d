//! rbaclint: a span-exact least-privilege linter for Kubernetes RBAC manifests.
//!
//! The engine lives in `src/`: discovery → loading (typed objects plus the
//! YAML nodes that locate every element) → rules (in `rules/`, one file each)
//! → reports. See the README's design notes.

pub mod audit;
pub mod audit_log;
pub mod authz;
pub mod baseline;
pub mod bootstrap;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod comments;
pub mod config;
pub mod discover;
pub mod engine;
pub mod exempt;
pub mod finding;
pub mod fix;
pub mod invariants;
pub mod kustomize;
pub mod load;
pub mod model;
pub mod node_de;
pub mod output;
pub mod report;
pub mod rewrite;
pub mod rule;
pub mod rule_list;
pub mod source;
pub mod subresources;
pub mod suggest;
pub mod suppress;
pub mod validation;
pub mod views;
pub mod vocab;
pub mod yaml;

#[path = "../rules/mod.rs"]
pub mod rules;
