//! # unused-grant
//!
//! ## What it does
//! Under `rbaclint audit`: flags a grant that no allowed request of the log
//! used. Each element of a rule entry (a verb, a resource, an apiGroup, a
//! resourceName, a nonResourceURL) through which no allowed request of the
//! audit log was authorized is flagged, in a role whose bound subjects all
//! appear in the log. When nothing in an entry was used, one finding on the
//! entry instead of one per element.
//!
//! ## Why is this bad?
//! Least privilege is what the workload does, not what it might do. A grant
//! no request uses is pure exposure: whoever steals the ServiceAccount token
//! gets it, the workload never needed it. The audit log is the evidence of
//! what was needed; every request in it is authorized again here with the
//! same evaluator `check` uses (scope, built-in roles and aggregation
//! included), so "unused" means that no request in the window matched the
//! element.
//!
//! ## Example
//! A controller whose log over a day shows only `get`, `list`, `watch` on
//! configmaps:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps", "secrets"]
//!   verbs: ["get", "list", "watch", "delete"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get", "list", "watch"]
//! ```
//!
//! ## How to fix
//! Remove the element (or the whole entry). Judge over a window long enough
//! to see rare paths (startup, leader failover, upgrades, error handling):
//! `--since`/`--until` say which window, and the message repeats it.
//!
//! Grants the API server checks during other requests never appear in a log
//! (`bind`, `escalate`, `approve`, `sign`, `attest`, `use`): they are never
//! reported unused, and an entry holding them keeps its resources; the
//! message says so. A role is judged only when every subject of every
//! binding to it appears in the log (a Group only when `--group` names it:
//! the log cannot list its members); a note names the others.
//!
//! ## Fix
//! Unsafe (applied by `rbaclint audit --fix --unsafe-fixes`): the unused
//! element is removed from its list; an entry nothing used is removed whole,
//! and a role none of whose entries was used is left with `rules: []` (an
//! entry without verbs or resources would be invalid). Unsafe because a log
//! is a window: what it never shows may still be needed.
//!
//! ## Severity
//! Warning: the evidence is only as complete as the window.
//!
//! ## Fixtures
//! `fixtures/unused-grant/audit.log` is the log the fixtures are judged
//! against (as for every audit rule).
//!
//! ## References
//! - Controller security guide (this project's seed): "Determining Required
//!   RBAC": turn on audit logging to see which APIs the controller calls.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::audit_log::usage::{
    list, thousands, unobservable, unobservable_note, JudgedRole, RuleUse, Usage,
};
use crate::finding::{Finding, Reporter};
use crate::fix::{remove_from_entry, remove_rule_entry, Applicability, Fix};
use crate::path;

pub fn findings(usage: &Usage, report: Reporter) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entry in usage.judged_rules() {
        let (object, i, rule) = (entry.object, entry.index, entry.rule);
        let hidden = unobservable(rule);
        let observable = rule.verbs.iter().any(|v| !hidden.contains(&v.as_str()));
        if !observable && rule.non_resource_urls.is_none() {
            continue; // nothing in it could show up in a log
        }
        if entry.used.allowed == 0 {
            findings.push(
                report.finding(
                    object,
                    path!("rules", i),
                    "no request used this rule entry",
                    format!(
                        "{}: no request used rules[{i}]: none of {} matched it{}",
                        object.id,
                        usage.evidence(entry.judged),
                        unobservable_note(rule)
                    ),
                    "remove the rule entry, or judge over a longer window",
                )
                .with_fix(
                    remove_rule_entry(object, usage.files, usage.trees, i).and_then(|edits| {
                        Fix::new(format!("remove rules[{i}]"), Applicability::Unsafe, edits)
                    }),
                ),
            );
            continue;
        }
        findings.extend(unused_elements(
            usage,
            report,
            entry.judged,
            i,
            rule,
            &entry.used,
        ));
    }
    findings
}

/// One finding per element of a used entry that no request matched.
fn unused_elements(
    usage: &Usage,
    report: Reporter,
    judged: &JudgedRole,
    i: usize,
    rule: &PolicyRule,
    used: &RuleUse,
) -> Vec<Finding> {
    let object = usage.policy.object(judged.role);
    let hidden = unobservable(rule);
    let keeps_targets = !hidden.is_empty();
    let mut findings = Vec::new();
    let mut report = |field: &'static str,
                      elements: &[String],
                      uses: &[std::collections::BTreeSet<String>]| {
        for (j, element) in elements.iter().enumerate() {
            if uses.get(j).is_some_and(|u| !u.is_empty()) {
                continue;
            }
            findings.push(report.finding(
                object,
                path!("rules", i, field, j),
                format!("no request used `{element}`"),
                format!(
                    "{}: `{element}` in rules[{i}].{field} was not used: rules[{i}] allowed {} of {}, none through it{}",
                    object.id,
                    thousands(used.allowed),
                    usage.evidence(judged),
                    unobservable_note(rule)
                ),
                format!("remove `{element}` from {field}"),
            ).with_fix(
                remove_from_entry(object, usage.files, usage.trees, i, field, &[j]).and_then(|edits| {
                    Fix::new(format!("remove `{element}` from rules[{i}].{field}"), Applicability::Unsafe, edits)
                }),
            ));
        }
    };
    // An unobservable verb counts as used: the log cannot say otherwise.
    let mut verb_uses = used.verbs.clone();
    verb_uses.resize_with(rule.verbs.len(), Default::default);
    for (j, verb) in rule.verbs.iter().enumerate() {
        if hidden.contains(&verb.as_str()) {
            verb_uses[j].insert(verb.clone());
        }
    }
    report("verbs", &rule.verbs, &verb_uses);
    if !keeps_targets {
        report("apiGroups", list(&rule.api_groups), &used.api_groups);
        report("resources", list(&rule.resources), &used.resources);
        report(
            "resourceNames",
            list(&rule.resource_names),
            &used.resource_names,
        );
    }
    report(
        "nonResourceURLs",
        list(&rule.non_resource_urls),
        &used.non_resource_urls,
    );
    findings
}
