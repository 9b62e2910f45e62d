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

use crate::audit_log::events::service_account;
use crate::audit_log::tally::Tally;
use crate::authz::matching::combined_resource;
use crate::authz::Target;
use k8s_openapi::api::rbac::v1::PolicyRule;

/// What one role must allow: per (group, resource) the verbs, and the
/// non-resource URLs with theirs.
#[derive(Default)]
struct Needs {
    resources: BTreeMap<(String, String), BTreeSet<String>>,
    urls: BTreeMap<String, BTreeSet<String>>,
}

/// A role as YAML shows it: kind, name, namespace and rules in order.
pub struct RoleDocument {
    /// `Role` or `ClusterRole`.
    pub kind: &'static str,
    pub name: String,
    pub namespace: Option<String>,
    pub rules: Vec<PolicyRule>,
}

/// The YAML documents of the suggested roles and bindings.
pub fn suggest(tally: &Tally) -> String {
    let mut out = String::new();
    for (user, roles) in suggested_roles(tally) {
        for role in &roles {
            write_role(&mut out, role);
            write_binding(&mut out, role, &user);
        }
    }
    out
}

/// Per subject of the log (by user name), the minimal roles its requests
/// need: a ClusterRole for requests without a namespace, then one Role per
/// namespace.
pub fn suggested_roles(tally: &Tally) -> BTreeMap<String, Vec<RoleDocument>> {
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
    needs
        .into_iter()
        .map(|(user, namespaces)| {
            let name = format!("rbaclint:suggested:{}", short_name(user));
            let roles = namespaces
                .into_iter()
                .map(|(namespace, need)| RoleDocument {
                    kind: if namespace.is_some() {
                        "Role"
                    } else {
                        "ClusterRole"
                    },
                    name: name.clone(),
                    namespace: namespace.map(str::to_string),
                    rules: need.rules(),
                })
                .collect();
            (user.to_string(), roles)
        })
        .collect()
}

impl Needs {
    /// The rule entries: resources of one group that need the same verbs
    /// share one, as do URLs that need the same verbs.
    fn rules(&self) -> Vec<PolicyRule> {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // group → verbs → resources
        let mut by_group: BTreeMap<&str, BTreeMap<&BTreeSet<String>, Vec<&str>>> = BTreeMap::new();
        for ((group, resource), verbs) in &self.resources {
            by_group
                .entry(group)
                .or_default()
                .entry(verbs)
                .or_default()
                .push(resource);
        }
        let mut rules = Vec::new();
        for (group, by_verbs) in by_group {
            for (verbs, resources) in by_verbs {
                rules.push(PolicyRule {
                    api_groups: Some(vec![group.to_string()]),
                    resources: Some(strings(&resources)),
                    verbs: verbs.iter().cloned().collect(),
                    ..PolicyRule::default()
                });
            }
        }
        let mut urls: BTreeMap<&BTreeSet<String>, Vec<&str>> = BTreeMap::new();
        for (url, verbs) in &self.urls {
            urls.entry(verbs).or_default().push(url);
        }
        for (verbs, paths) in urls {
            rules.push(PolicyRule {
                non_resource_urls: Some(strings(&paths)),
                verbs: verbs.iter().cloned().collect(),
                ..PolicyRule::default()
            });
        }
        rules
    }
}

/// The name a role is suggested under: a ServiceAccount's `NS:NAME`, else
/// the user name.
fn short_name(user: &str) -> String {
    match service_account(user) {
        Some((ns, name)) => format!("{ns}:{name}"),
        None => user.to_string(),
    }
}

/// Writes a role as one YAML document, its lists in flow style, fields in
/// the order `kubectl` users read them.
pub fn write_role(out: &mut String, role: &RoleDocument) {
    let _ = writeln!(
        out,
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: {}",
        role.kind
    );
    write_metadata(out, &role.name, role.namespace.as_deref());
    out.push_str("rules:\n");
    for rule in &role.rules {
        let fields = [
            ("apiGroups", rule.api_groups.as_deref()),
            ("resources", rule.resources.as_deref()),
            ("resourceNames", rule.resource_names.as_deref()),
            ("nonResourceURLs", rule.non_resource_urls.as_deref()),
            ("verbs", Some(rule.verbs.as_slice())),
        ];
        let mut first = true;
        for (field, values) in fields {
            let Some(values) = values else { continue };
            let lead = if std::mem::take(&mut first) {
                "- "
            } else {
                "  "
            };
            let _ = writeln!(
                out,
                "{lead}{field}: [{}]",
                list(values.iter().map(String::as_str))
            );
        }
    }
}

fn write_binding(out: &mut String, role: &RoleDocument, user: &str) {
    let (name, namespace) = (role.name.as_str(), role.namespace.as_deref());
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
