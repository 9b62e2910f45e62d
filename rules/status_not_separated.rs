//! # status-not-separated
//!
//! ## What it does
//! Flags a rule that grants a write verb (create, update, patch, delete,
//! deletecollection or `*`) and lists both a resource `R` and its status
//! subresource `R/status`. One finding per such pair, on the `R/status`
//! element. Read-only rules (get, list, watch) are fine.
//!
//! ## Why is this bad?
//! The status subresource is where a controller reports what it observed;
//! the main resource is what users declared. A controller usually needs to
//! write status but only read (or patch metadata of) the main resource.
//! Granting the same write verbs on both in one rule gives the controller
//! power to rewrite the spec as well, and makes it impossible to tighten one
//! without the other.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["example.com"]
//!   resources: ["documents", "documents/status"]
//!   verbs: ["get", "list", "watch", "update", "patch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["example.com"]
//!   resources: ["documents"]
//!   verbs: ["get", "list", "watch", "patch"]
//! - apiGroups: ["example.com"]
//!   resources: ["documents/status"]
//!   verbs: ["patch"]
//! ```
//!
//! ## How to fix
//! Move `R/status` to a rule of its own with only the verbs status updates
//! need (`update` and/or `patch`, plus `get`), and trim the verbs of `R`.
//!
//! ## Severity
//! Warning.
//!
//! ## References
//! - Controller security guide (this project's seed): "Separate status".

use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::rule::Context;
use crate::vocab::{grants_write, resources};

pub fn check(object: &RbacObject, _cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        if !grants_write(rule) {
            continue;
        }
        let resources = resources(rule);
        for (j, resource) in resources.iter().enumerate() {
            let Some(parent) = resource.strip_suffix("/status") else {
                continue;
            };
            let Some(k) = resources.iter().position(|r| r == parent) else {
                continue;
            };
            let write: Vec<&str> = rule
                .verbs
                .iter()
                .filter(|v| crate::vocab::is_write_verb(v))
                .map(String::as_str)
                .collect();
            findings.push(
                Finding::new(
                    object,
                    path!("rules", i, "resources", j),
                    "status shares this rule's write verbs",
                    format!(
                        "{}: one rule grants {} on both {parent} and {resource}",
                        object.id,
                        write.join(", ")
                    ),
                    format!("move {resource} to its own rule with only the verbs status updates need (update, patch)"),
                )
                .with_label(object, path!("rules", i, "resources", k), "main resource in the same rule"),
            );
        }
    }
    findings
}
