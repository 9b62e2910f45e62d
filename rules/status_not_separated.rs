//! # status-not-separated
//!
//! ## What it does
//! Flags a rule that writes both a resource `R` and its status `R/status`.
//! It writes the status when it grants `update`, `patch` or `*`, the verbs
//! a status subresource serves for writing. One finding per rule: on its
//! first `R/status` element, with a label on every other such pair (one
//! edit fixes them all). Read-only rules (get, list, watch) are fine, and
//! so is a rule whose only writes are create, delete or deletecollection:
//! no status subresource serves those, so the rule writes no status. A
//! pair whose `R/status` none of the rule's groups serves
//! (`configmaps/status`: the catalogue or the input's CRD says there is no
//! status subresource) is left to `unknown-resource`; a CRD the input does
//! not hold may have one, so it counts.
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
//! ## Fix
//! Safe: each `R/status` leaves the rule entry and goes to a new entry right
//! after it — a copy of the entry (same apiGroups, resourceNames, key order,
//! quoting and flow or block style; its comments left out) with only the
//! status elements and only the status verbs the entry granted: `update`,
//! `patch`, and `get`, each when granted by name or by `*`. The original
//! entry keeps `R` and all its verbs. The only requests the role loses are
//! the other verbs on the status subresource (create, delete, ...), which
//! no controller needs. No fix is offered when the entry uses an anchor, an
//! alias or a merge key. Trim the verbs left on `R` by hand: what the
//! controller does to the resource itself is a decision.
//!
//! ## Severity
//! Warning.
//!
//! ## References
//! - Controller security guide (this project's seed): "Separate status".

use crate::finding::Finding;
use crate::fix::{yaml_edit, Edit, Fix};
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{api_groups, resources};
use crate::yaml::Node;

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        // The verbs that write both halves; the message names only these.
        let shared_writes: Vec<&str> = rule
            .verbs
            .iter()
            .map(String::as_str)
            .filter(|verb| STATUS_WRITES.contains(verb))
            .collect();
        if shared_writes.is_empty() {
            continue;
        }
        let resources = resources(rule);
        let groups = api_groups(rule);
        // (index of `R/status`, index of `R`) for each pair.
        let pairs: Vec<(usize, usize)> = resources
            .iter()
            .enumerate()
            .filter_map(|(j, resource)| {
                // `*` with `*/status` is the wildcard's matter (wildcard-resources).
                let parent = resource.strip_suffix("/status").filter(|p| *p != "*")?;
                // A status no group of the rule serves (`configmaps/status`)
                // is `unknown-resource`'s matter: there is nothing to separate.
                let may_exist = groups.iter().any(|group| {
                    group == "*" || !cx.catalogue.lacks_subresource(group, parent, "status")
                });
                if !may_exist {
                    return None;
                }
                Some((j, resources.iter().position(|r| r == parent)?))
            })
            .collect();
        let Some(&(first_status, first_parent)) = pairs.first() else {
            continue;
        };
        let parents: Vec<&str> = pairs.iter().map(|&(_, k)| resources[k].as_str()).collect();
        let what = match parents.as_slice() {
            [parent] => format!("both {parent} and {parent}/status"),
            _ => format!(
                "{} resources and their status: {}",
                parents.len(),
                parents.join(", ")
            ),
        };
        let mut finding = cx.finding(
            &object,
            path!("rules", i, "resources", first_status),
            "status shares this rule's write verbs",
            format!(
                "{}: one rule grants {} on {what}",
                object.id,
                shared_writes.join(", ")
            ),
            format!(
                "move {} to {} own rule with only the verbs status updates need (get, update, patch), and trim the verbs left on {} to what the controller does to {} (often get, list, watch)",
                plural_status(&parents),
                if parents.len() == 1 { "its" } else { "their" },
                parents.join(", "),
                if parents.len() == 1 { "it" } else { "them" },
            ),
        )
        .with_label(
            &object,
            path!("rules", i, "resources", first_parent),
            "main resource in the same rule",
        );
        for &(j, k) in &pairs[1..] {
            finding = finding.with_label(
                &object,
                path!("rules", i, "resources", j),
                format!("{} too", resources[k]),
            );
        }
        let mut status: Vec<usize> = pairs.iter().map(|&(j, _)| j).collect();
        status.sort_unstable();
        status.dedup();
        findings.push(finding.with_fix(separate_status(object, cx, i, &status)));
    }
    findings
}

/// The verbs that write a status subresource (it serves get, update and
/// patch; `*` includes the last two).
const STATUS_WRITES: [&str; 3] = ["update", "patch", "*"];

/// The verbs a separate status rule keeps: update and patch (the status
/// writes), and get, each when the rule granted it (by name or `*`).
const STATUS_VERBS: [&str; 3] = ["get", "update", "patch"];

/// The fix: rule entry `i` without its `R/status` elements (indices
/// `status`), and right after it a copy of the entry (comments left out)
/// with only those elements and only the [`STATUS_VERBS`] it granted.
fn separate_status(object: Object, cx: &Context, i: usize, status: &[usize]) -> Option<Fix> {
    let rule = object.rules().get(i)?;
    let granted = |verb: &str| rule.verbs.iter().any(|v| v == verb || v == "*");
    // Never empty: the rule is only flagged when it grants update, patch or `*`.
    let keep: Vec<&str> = STATUS_VERBS.into_iter().filter(|v| granted(v)).collect();
    let (text, entry) = crate::rule::rule_entry(object, cx, i)?;
    let resources = entry.get("resources")?;
    let verbs = entry.get("verbs")?;
    let rules = cx.tree(object)?.get("rules")?;
    let mut edits = yaml_edit::remove_items(text, resources, status)?;

    let mut in_copy = yaml_edit::comment_deletions(text, entry);
    let others: Vec<usize> = (0..resources.items().len())
        .filter(|j| !status.contains(j))
        .collect();
    in_copy.extend(yaml_edit::remove_items(text, resources, &others)?);
    in_copy.extend(status_verbs(text, verbs, &rule.verbs, &keep)?);
    let copy = yaml_edit::edited_copy(text, entry, in_copy)?;
    edits.push(yaml_edit::insert_item_after(text, rules, entry, &copy)?);

    let moved: Vec<&str> = status
        .iter()
        .map(|&j| rule.resources.as_deref().unwrap_or_default()[j].as_str())
        .collect();
    Fix::safe(
        format!(
            "move {} to a rule of its own with verbs {}",
            moved.join(", "),
            keep.join(", ")
        ),
        edits,
    )
}

/// Edits of the `verbs` node (inside the copy) that leave exactly `keep`:
/// the other elements removed, or, when `keep` comes from a `*`, the `*`
/// written out as `keep` in its own quoting and the rest removed.
fn status_verbs(text: &str, node: &Node, verbs: &[String], keep: &[&str]) -> Option<Vec<Edit>> {
    let items = node.items();
    let Some(star) = verbs.iter().position(|v| v == "*") else {
        let others: Vec<usize> = (0..items.len())
            .filter(|&j| !keep.contains(&verbs[j].as_str()))
            .collect();
        return match others.is_empty() {
            true => Some(Vec::new()),
            false => yaml_edit::remove_items(text, node, &others),
        };
    };
    let others: Vec<usize> = (0..items.len()).filter(|&j| j != star).collect();
    let mut edits = if others.is_empty() {
        Vec::new()
    } else {
        yaml_edit::remove_items(text, node, &others)?
    };
    edits.push(yaml_edit::replace_item(text, node, star, keep)?);
    Some(edits)
}

/// `documents/status`, or `the status subresources` for several.
fn plural_status(parents: &[&str]) -> String {
    match parents {
        [parent] => format!("{parent}/status"),
        _ => "the status subresources".into(),
    }
}
