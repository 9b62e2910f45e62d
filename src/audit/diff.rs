//! `rbaclint audit --suggest --diff`: per subject of the log, a unified diff
//! from the roles the manifests bind to it now to the minimal roles its
//! requests need ([`crate::audit::minimal`]), both written as YAML documents
//! in the same form so that the diff shows rules, not formatting.
//!
//! A subject's current roles are those bound to it by name (a `User` or
//! `ServiceAccount` subject of a RoleBinding or ClusterRoleBinding), built-in
//! ones included, with their effective rules (aggregation resolved), sorted
//! by kind, namespace and name. Roles it holds only through a group are left
//! out: they are shared with the group's other members, so replacing them is
//! not this subject's change to make.

use std::collections::BTreeSet;

use crate::audit::minimal::{suggested_roles, write_role, RoleDocument};
use crate::audit_log::tally::Tally;
use crate::authz::subject::subject_applies;
use crate::authz::{Identity, Policy};
use crate::model::Rbac;

/// The diffs of every subject of the log, one after the other (a subject
/// whose current roles are exactly the suggested ones has none), and a note
/// per binding of a subject whose role the manifests do not hold.
pub fn diff(tally: &Tally, policy: &Policy) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut notes = Vec::new();
    for (user, suggested) in suggested_roles(tally) {
        let (roles, missing) = current_roles(policy, &user);
        notes.extend(missing.into_iter().map(|binding| {
            let (role_ref, _) = policy.objects()[binding].binding().expect("a binding");
            format!(
                "{}: roleRef {}/{} is not in the manifests; the diff of {user} leaves it out",
                policy.objects()[binding].id,
                role_ref.kind,
                role_ref.name
            )
        }));
        let mut current = String::new();
        for role in roles {
            write_role(&mut current, &role);
        }
        let mut minimal = String::new();
        for role in &suggested {
            write_role(&mut minimal, role);
        }
        let text = similar::TextDiff::from_lines(&current, &minimal);
        let unified = text
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("current roles of {user}"),
                &format!("suggested roles of {user}"),
            )
            .to_string();
        out.push_str(&unified);
    }
    (out, notes)
}

/// The roles bound to `user` by name, as documents, and the bindings to it
/// whose role the manifests do not hold.
fn current_roles(policy: &Policy, user: &str) -> (Vec<RoleDocument>, Vec<usize>) {
    let identity = Identity {
        user: user.to_string(),
        groups: Vec::new(),
    };
    let objects = policy.objects();
    let bindings: Vec<usize> = (0..objects.len())
        .filter(|&binding| {
            objects[binding].binding().is_some_and(|(_, subjects)| {
                let namespace = policy.binding_namespace(binding);
                subjects
                    .iter()
                    .any(|s| s.kind != "Group" && subject_applies(s, namespace, &identity))
            })
        })
        .collect();
    let missing = bindings
        .iter()
        .copied()
        .filter(|&b| policy.role_ref_targets(b).is_empty())
        .collect();
    let roles: BTreeSet<usize> = bindings
        .iter()
        .flat_map(|&binding| policy.role_ref_targets(binding).iter().copied())
        .collect();
    let mut documents: Vec<RoleDocument> = roles
        .into_iter()
        .map(|role| {
            let object = policy.object(role);
            let (kind, namespace) = match object.rbac {
                Rbac::Role(_) => ("Role", object.id.namespace.clone()),
                _ => ("ClusterRole", None),
            };
            RoleDocument {
                kind,
                name: object.id.name.clone(),
                namespace,
                rules: policy
                    .effective_rules(role)
                    .iter()
                    .map(|&origin| policy.rule(origin).clone())
                    .collect(),
            }
        })
        .collect();
    documents.sort_by(|a, b| (a.kind, &a.namespace, &a.name).cmp(&(b.kind, &b.namespace, &b.name)));
    (documents, missing)
}
