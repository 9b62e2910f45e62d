//! # status-not-separated
//!
//! ## What it does
//! Flags a rule that writes both a resource `R` and its status `R/status`. A
//! write verb is create, update, patch, delete, deletecollection or `*`. One
//! finding per rule: on its first `R/status` element, with a label on every
//! other such pair (one edit fixes them all). Read-only rules (get, list,
//! watch) are fine.
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
//! Move every `R/status` to a rule of its own with only the verbs status
//! updates need (`get`, `update` and/or `patch`), and trim the verbs left on
//! `R` to what the controller does to the resource itself (often `get`,
//! `list`, `watch`, maybe `patch` for metadata).
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
        // (index of `R/status`, index of `R`) for each pair.
        let pairs: Vec<(usize, usize)> = resources
            .iter()
            .enumerate()
            .filter_map(|(j, resource)| {
                // `*` with `*/status` is the wildcard's matter (wildcard-resources).
                let parent = resource.strip_suffix("/status").filter(|p| *p != "*")?;
                Some((j, resources.iter().position(|r| r == parent)?))
            })
            .collect();
        let Some(&(first_status, first_parent)) = pairs.first() else {
            continue;
        };
        let write: Vec<&str> = rule
            .verbs
            .iter()
            .filter(|v| crate::vocab::is_write_verb(v))
            .map(String::as_str)
            .collect();
        let parents: Vec<&str> = pairs.iter().map(|&(_, k)| resources[k].as_str()).collect();
        let what = match parents.as_slice() {
            [parent] => format!("both {parent} and {parent}/status"),
            _ => format!(
                "{} resources and their status: {}",
                parents.len(),
                parents.join(", ")
            ),
        };
        let mut finding = Finding::new(
            object,
            path!("rules", i, "resources", first_status),
            "status shares this rule's write verbs",
            format!("{}: one rule grants {} on {what}", object.id, write.join(", ")),
            format!(
                "move {} to {} own rule with only the verbs status updates need (get, update, patch), and trim the verbs left on {} to what the controller does to {} (often get, list, watch)",
                plural_status(&parents),
                if parents.len() == 1 { "its" } else { "their" },
                parents.join(", "),
                if parents.len() == 1 { "it" } else { "them" },
            ),
        )
        .with_label(
            object,
            path!("rules", i, "resources", first_parent),
            "main resource in the same rule",
        );
        for &(j, k) in &pairs[1..] {
            finding = finding.with_label(
                object,
                path!("rules", i, "resources", j),
                format!("{} too", resources[k]),
            );
        }
        findings.push(finding);
    }
    findings
}

/// `documents/status`, or `the status subresources` for several.
fn plural_status(parents: &[&str]) -> String {
    match parents {
        [parent] => format!("{parent}/status"),
        _ => "the status subresources".into(),
    }
}
