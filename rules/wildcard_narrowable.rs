//! # wildcard-narrowable
//!
//! ## What it does
//! Under `rbaclint audit`: flags a used `*` and the values the requests needed.
//! Each `*` in the `verbs`, `resources` or `apiGroups` of a rule entry that the
//! audit log shows in use is flagged, with the concrete values the requests
//! needed ("`*` in verbs was used for get, list, watch"). Only in roles whose
//! bound subjects all appear in the log.
//!
//! ## Why is this bad?
//! `wildcard-verbs` and `wildcard-resources` say a `*` is too broad; the log
//! says what to write instead. Every value listed is one a request of the
//! window was authorized with through that `*`; the rest of what `*` grants
//! (every other verb, every resource of every group, future ones too) was
//! never used.
//!
//! ## Example
//! A controller whose log shows `get`, `list`, `watch` on pods:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["*"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Replace the `*` with the values listed. A `*` verb on roles, clusterroles
//! or signers also grants `bind`, `escalate` or `approve`, which no audit log
//! shows: the message says so; keep them only if the workload needs them.
//!
//! ## Fix
//! Unsafe (applied by `rbaclint audit --fix --unsafe-fixes`): the `*` is
//! replaced by the values the log used through it, in its quoting and the
//! list's style (one per line in a block list); when the list already
//! holds them all, the `*` is removed. Unsafe because a log is a window,
//! and because `bind`, `escalate` or `approve` granted by a `*` verb go too.
//!
//! ## Severity
//! Warning: the evidence is only as complete as the window.
//!
//! ## Fixtures
//! `fixtures/wildcard-narrowable/audit.log` is the log the fixtures are
//! judged against.
//!
//! ## References
//! - Controller security guide (this project's seed): "Minimize verbs",
//!   "Determining Required RBAC".

use std::collections::BTreeSet;

use crate::audit_log::usage::{list, thousands, unobservable_note, Usage};
use crate::finding::{Finding, Reporter};
use crate::fix::{remove_from_entry, replace_in_entry, Applicability, Edit, Fix};
use crate::model::RbacObject;
use crate::path;

pub fn findings(usage: &Usage, report: Reporter) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entry in usage.judged_rules() {
        let (object, i, rule, used) = (entry.object, entry.index, entry.rule, &entry.used);
        let fields = [
            ("verbs", rule.verbs.as_slice(), &used.verbs),
            ("resources", list(&rule.resources), &used.resources),
            ("apiGroups", list(&rule.api_groups), &used.api_groups),
        ];
        for (field, elements, uses) in fields {
            for (j, element) in elements.iter().enumerate() {
                let Some(values) = uses.get(j).filter(|v| !v.is_empty()) else {
                    continue;
                };
                if element != "*" {
                    continue;
                }
                let needed = values;
                let values = shown(needed.iter().map(String::as_str));
                let note = if field == "verbs" {
                    unobservable_note(rule)
                } else {
                    String::new()
                };
                findings.push(report.finding(
                    object,
                    path!("rules", i, field, j),
                    format!("used only for {}", values.join(", ")),
                    format!(
                        "{}: `*` in rules[{i}].{field} was used only for {}: rules[{i}] allowed {} of {}{note}",
                        object.id,
                        values.join(", "),
                        thousands(used.allowed),
                        usage.evidence(entry.judged)
                    ),
                    format!("replace `*` with [{}]", values.join(", ")),
                ).with_fix(narrowing(usage, object, (i, field, j), elements, needed)));
            }
        }
    }
    findings
}

/// The unsafe fix of the `*` at `rules[i].field[j]`: the values the log
/// used in its place, less those the list already holds (none left: the
/// `*` goes).
fn narrowing(
    usage: &Usage,
    object: &RbacObject,
    (i, field, j): (usize, &str, usize),
    elements: &[String],
    used: &BTreeSet<String>,
) -> Option<Fix> {
    let values: Vec<&str> = used
        .iter()
        .map(String::as_str)
        .filter(|v| !elements.iter().any(|e| e == v))
        .collect();
    // Only names a YAML scalar holds as written, in the `*`'s quotes.
    let plain = |v: &&str| {
        v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
    };
    if !values.iter().all(plain) {
        return None;
    }
    let (title, edits): (String, Option<Vec<Edit>>) = if values.is_empty() {
        (
            format!("remove `*` from rules[{i}].{field}"),
            remove_from_entry(object, usage.files, usage.trees, i, field, &[j]),
        )
    } else {
        (
            format!(
                "replace `*` in rules[{i}].{field} with {}",
                shown(values.iter().copied()).join(", ")
            ),
            replace_in_entry(object, usage.files, usage.trees, (i, field, j), &values),
        )
    };
    Fix::new(title, Applicability::Unsafe, edits?)
}

/// Values as a message lists them: the core group `""` quoted.
fn shown<'v>(values: impl Iterator<Item = &'v str>) -> Vec<String> {
    values
        .map(|v| match v {
            "" => "\"\"".to_string(),
            v => v.to_string(),
        })
        .collect()
}
