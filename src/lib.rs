//! rbaclint: a span-exact least-privilege linter for Kubernetes RBAC manifests.
//!
//! The engine lives in `src/`: discovery → loading (typed objects plus the
//! YAML nodes that locate every element) → rules (in `rules/`, one file each)
//! → reports. See the README's design notes.
//!
//! Layers, lowest first: a module uses modules of its own line or of lines
//! above it, never one below, and no two modules use each other
//! (`tests/it/module_graph.rs` checks that the module graph has no cycle).
//!
//! 1. Input: `source` (files, spans, lines), `discover`, `output`,
//!    `vocab`, `subresources`, `suggest`, `not_manifest`.
//! 2. YAML and the model: `yaml`, `comments`, `node_de`, `model`, `kustomize`,
//!    `repository`.
//! 3. Kubernetes knowledge: `catalogue`, `bootstrap`, `validation`.
//! 4. Loading: `load`, `exempt`.
//! 5. Findings: `fix` (what a fix is, edits on a text), `finding`,
//!    `rule_id` (the rule enum, from the registry's list).
//! 6. The evaluator and what is loaded: `authz`, `workspace`.
//! 7. Rules: `audit_log` (the evidence audit rules judge), `rule`,
//!    `capability` (the escalation risks rules share), `rules`.
//! 8. Running the rules: `settings`, `engine`, `suppress`, `baseline`,
//!    `invariants`, `rule_list`.
//! 9. Results: `report`, `config`, `rewrite` (`--fix`, `--add-ignore`).
//! 10. Commands: `args`, `exit_status`, `check`, `views`, `audit`, `cli`.

pub mod args;
pub mod audit;
pub mod audit_log;
pub mod authz;
pub mod baseline;
pub mod bootstrap;
pub mod capability;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod comments;
pub mod config;
pub mod discover;
pub mod engine;
pub mod exempt;
pub mod exit_status;
pub mod finding;
pub mod fix;
pub mod invariants;
pub mod kustomize;
pub mod load;
pub mod model;
pub mod node_de;
pub mod not_manifest;
pub mod output;
pub mod report;
pub mod repository;
pub mod rewrite;
pub mod rule;
pub mod rule_id;
pub mod rule_list;
pub mod settings;
pub mod source;
pub mod subresources;
pub mod suggest;
pub mod suppress;
pub mod validation;
pub mod views;
pub mod vocab;
pub mod workspace;
pub mod yaml;

#[path = "../rules/mod.rs"]
pub mod rules;
