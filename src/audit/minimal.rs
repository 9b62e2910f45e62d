//! `rbaclint audit --suggest`: per subject of the log, the minimal roles and
//! bindings that allow exactly the requests it attempted (allowed or
//! denied), as YAML. Requests in a namespace become a Role and RoleBinding
//! there; requests without one (cluster-scoped resources, lists across all
//! namespaces, non-resource URLs) a ClusterRole and ClusterRoleBinding.
//! Within a role, resources of one API group that need the same verbs share a
//! rule; no resourceNames are written (a name seen once is no promise that
//! the next request names the same object).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::audit::events::service_account;
use crate::audit::tally::Tally;
use crate::authz::matching::combined_resource;
use crate::authz::Target;

/// What one role must allow: per (group, resource) the verbs, and the
/// non-resource URLs with theirs.
#[derive(Default)]
struct Needs {
    resources: BTreeMap<(String, String), BTreeSet<String>>,
    urls: BTreeMap<String, BTreeSet<String>>,
}

/// The YAML documents of the suggested roles and bindings.
pub fn suggest(tally: &Tally) -> String {
    // user → namespace (None: cluster) → needs
    let mut needs: BTreeMap<&str, BTreeMap<Option<&str>, Needs>> = BTreeMap::new();
    for decision in tally.decisions.keys() {
        let role = needs
            .entry(decision.user.as_str())
            .or_default()
            .entry(decision.namespace.as_deref())
            .or_default();
        let verb = decision.request.verb.clone();
        match &decision.request.target {
            Target::Resource {
                group,
                resource,
                subresource,
                ..
            } => {
                let combined = combined_resource(resource, subresource.as_deref());
                role.resources
                    .entry((group.clone(), combined))
                    .or_default()
                    .insert(verb);
            }
            Target::NonResource { path } => {
                role.urls.entry(path.clone()).or_default().insert(verb);
            }
        }
    }
    let mut out = String::new();
    for (user, namespaces) in &needs {
        let name = format!("rbaclint:suggested:{}", short_name(user));
        for (namespace, need) in namespaces {
            write_role(&mut out, &name, *namespace, need);
            write_binding(&mut out, &name, *namespace, user);
        }
    }
    out
}

/// The name a role is suggested under: a ServiceAccount's `NS:NAME`, else
/// the user name.
fn short_name(user: &str) -> String {
    match service_account(user) {
        Some((ns, name)) => format!("{ns}:{name}"),
        None => user.to_string(),
    }
}

fn write_role(out: &mut String, name: &str, namespace: Option<&str>, need: &Needs) {
    let kind = if namespace.is_some() {
        "Role"
    } else {
        "ClusterRole"
    };
    let _ = writeln!(
        out,
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}"
    );
    write_metadata(out, name, namespace);
    out.push_str("rules:\n");
    // group → verbs → resources
    let mut rules: BTreeMap<&str, BTreeMap<&BTreeSet<String>, Vec<&str>>> = BTreeMap::new();
    for ((group, resource), verbs) in &need.resources {
        rules
            .entry(group)
            .or_default()
            .entry(verbs)
            .or_default()
            .push(resource);
    }
    for (group, by_verbs) in &rules {
        for (verbs, resources) in by_verbs {
            let _ = writeln!(
                out,
                "- apiGroups: [{}]\n  resources: [{}]\n  verbs: [{}]",
                quote(group),
                list(resources.iter().copied()),
                list(verbs.iter().map(String::as_str))
            );
        }
    }
    let mut urls: BTreeMap<&BTreeSet<String>, Vec<&str>> = BTreeMap::new();
    for (url, verbs) in &need.urls {
        urls.entry(verbs).or_default().push(url);
    }
    for (verbs, paths) in urls {
        let _ = writeln!(
            out,
            "- nonResourceURLs: [{}]\n  verbs: [{}]",
            list(paths.into_iter()),
            list(verbs.iter().map(String::as_str))
        );
    }
}

fn write_binding(out: &mut String, name: &str, namespace: Option<&str>, user: &str) {
    let (kind, role_kind) = match namespace {
        Some(_) => ("RoleBinding", "Role"),
        None => ("ClusterRoleBinding", "ClusterRole"),
    };
    let _ = writeln!(
        out,
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}"
    );
    write_metadata(out, name, namespace);
    out.push_str("subjects:\n");
    match service_account(user) {
        Some((ns, sa)) => {
            let _ = writeln!(
                out,
                "- kind: ServiceAccount\n  name: {}\n  namespace: {}",
                quote(sa),
                quote(ns)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: {}",
                quote(user)
            );
        }
    }
    let _ = writeln!(
        out,
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: {}",
        quote(name)
    );
}

fn write_metadata(out: &mut String, name: &str, namespace: Option<&str>) {
    let _ = writeln!(out, "metadata:\n  name: {}", quote(name));
    if let Some(ns) = namespace {
        let _ = writeln!(out, "  namespace: {}", quote(ns));
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(quote).collect::<Vec<_>>().join(", ")
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quote(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}
