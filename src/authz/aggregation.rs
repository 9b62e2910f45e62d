//! Aggregated ClusterRoles, resolved offline as the cluster-role-aggregation
//! controller (pkg/controller/clusterroleaggregation) resolves them in a
//! cluster: for each selector of `aggregationRule.clusterRoleSelectors`
//! (selectors ORed; matchLabels and matchExpressions ANDed; `{}` matches
//! every ClusterRole), take the matching ClusterRoles sorted by name, skip the
//! role itself, and append each of their rules unless an equal rule is
//! already there. The result *replaces* the role's own `rules`.
//!
//! The controller re-queues until chains settle; here the same happens in a
//! loop until nothing changes, starting every aggregated role from no rules
//! (the least fixed point, so a cycle cannot keep stale rules alive). Each
//! resulting rule remembers which object and rule it came from, so findings
//! and views point at the contributing ClusterRole's element.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::{Rbac, RbacObject};

/// Where a rule is written: `objects[object].rules()[rule]`, indexed as
/// [`crate::authz::Policy::object`] indexes (input objects, then built-in roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub object: usize,
    pub rule: usize,
}

/// The effective rules of every object (by index): own rules for Roles and
/// plain ClusterRoles, aggregated rules for aggregated ClusterRoles, nothing
/// for bindings.
pub fn effective_rules(objects: &[&RbacObject]) -> Vec<Vec<Origin>> {
    let mut effective: Vec<Vec<Origin>> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| match o.aggregation_rule() {
            Some(_) => Vec::new(),
            None => (0..o.rules().len())
                .map(|rule| Origin { object: i, rule })
                .collect(),
        })
        .collect();
    let aggregated: Vec<(usize, Vec<usize>)> = objects
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let selectors = o.aggregation_rule()?.cluster_role_selectors.as_deref()?;
            Some((i, selected_roles(objects, i, selectors)))
        })
        .collect();
    // Each pass only adds rules, so this ends; the bound is a safety net.
    let limit = objects.len() + 2;
    for _ in 0..limit {
        let mut changed = false;
        for (role, sources) in &aggregated {
            let mut rules: Vec<Origin> = Vec::new();
            for &source in sources {
                for &origin in &effective[source] {
                    let rule = &objects[origin.object].rules()[origin.rule];
                    if !rules
                        .iter()
                        .any(|o| &objects[o.object].rules()[o.rule] == rule)
                    {
                        rules.push(origin);
                    }
                }
            }
            if rules != effective[*role] {
                effective[*role] = rules;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    effective
}

/// The ClusterRoles `role`'s selectors pick, per selector in order, each
/// selector's matches sorted by name, without `role` itself.
fn selected_roles(objects: &[&RbacObject], role: usize, selectors: &[LabelSelector]) -> Vec<usize> {
    let own_name = &objects[role].id.name;
    let mut picked = Vec::new();
    for selector in selectors {
        let mut matches: Vec<usize> = objects
            .iter()
            .enumerate()
            .filter(|(_, o)| &o.id.name != own_name)
            .filter_map(|(i, o)| match &o.rbac {
                Rbac::ClusterRole(cr) => {
                    selector_matches(selector, labels(&cr.metadata)).then_some(i)
                }
                _ => None,
            })
            .collect();
        matches.sort_by(|a, b| objects[*a].id.name.cmp(&objects[*b].id.name));
        picked.extend(matches);
    }
    picked
}

fn labels(
    metadata: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> &BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    metadata.labels.as_ref().unwrap_or(&EMPTY)
}

/// `metav1.LabelSelectorAsSelector(...).Matches(labels)`: every matchLabels
/// pair and every matchExpression must hold; an empty selector matches all;
/// an unknown operator makes the selector invalid, which matches nothing.
pub fn selector_matches(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let pairs_hold = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(key, value)| labels.get(key) == Some(value));
    let expressions_hold = selector.match_expressions.iter().flatten().all(|req| {
        let values = req.values.as_deref().unwrap_or(&[]);
        let value = labels.get(&req.key);
        match req.operator.as_str() {
            "In" => value.is_some_and(|v| values.contains(v)),
            "NotIn" => value.is_none_or(|v| !values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    pairs_hold && expressions_hold
}
