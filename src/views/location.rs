//! How views name and locate objects, subjects and rules.

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::Serialize;
use serde_json::{json, Value};

use crate::authz::subject::service_account_namespace;
use crate::authz::{Grant, Origin, Policy};
use crate::model::{Path, RbacObject};
use crate::path;
use crate::workspace::Workspace;

/// Where an element is written: `file:line:column`, or in a built-in role
/// of Kubernetes' default policy, which no file holds (JSON: the string
/// `"built-in ClusterRole cluster-admin"` instead of an object).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(untagged)]
pub enum Place {
    File {
        file: String,
        line: usize,
        column: usize,
    },
    BuiltIn(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Place::BuiltIn(text) => f.write_str(text),
        }
    }
}

pub fn place(workspace: &Workspace, object: &RbacObject, path: &Path) -> Place {
    if object.is_builtin() {
        return Place::BuiltIn(format!("built-in {} {}", object.id.kind, object.id.name));
    }
    let file = &workspace.files[object.file];
    let at = file.position(object.span(path).start);
    Place::File {
        file: file.name.clone(),
        line: at.line,
        column: at.column,
    }
}

/// `User alice`, `Group devs`, `ServiceAccount ns/name` (namespace defaulted
/// from the RoleBinding; `?` when neither says it).
pub fn subject_text(subject: &Subject, binding_namespace: Option<&str>) -> String {
    match subject.kind.as_str() {
        "ServiceAccount" => format!(
            "ServiceAccount {}/{}",
            service_account_namespace(subject, binding_namespace).unwrap_or("?"),
            subject.name
        ),
        kind => format!("{kind} {}", subject.name),
    }
}

/// A compact rule: `get,list on "" pods,services [names: a]`.
pub fn rule_text(rule: &PolicyRule) -> String {
    let list = |v: &Option<Vec<String>>| v.as_deref().unwrap_or(&[]).join(",");
    let mut text = rule.verbs.join(",");
    if let Some(urls) = rule.non_resource_urls.as_ref().filter(|u| !u.is_empty()) {
        text.push_str(&format!(" on {}", urls.join(",")));
    } else {
        let groups: Vec<String> = rule
            .api_groups
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|g| {
                if g.is_empty() {
                    "\"\"".into()
                } else {
                    g.clone()
                }
            })
            .collect();
        text.push_str(&format!(
            " on {} in {}",
            list(&rule.resources),
            groups.join(",")
        ));
    }
    if let Some(names) = rule.resource_names.as_ref().filter(|n| !n.is_empty()) {
        text.push_str(&format!(" [names: {}]", names.join(",")));
    }
    text
}

/// Everything a view says about one grant, for JSON.
pub fn grant_json(workspace: &Workspace, policy: &Policy, grant: &Grant) -> Value {
    let binding = policy.object(grant.binding);
    let role = policy.object(grant.role);
    let (_, subjects) = binding.binding().expect("a grant's binding is a binding");
    let subject = &subjects[grant.subject];
    let rule = policy.rule(grant.rule);
    let mut value = json!({
        "subject": {
            "kind": subject.kind,
            "name": subject.name,
            "namespace": match subject.kind.as_str() {
                "ServiceAccount" => service_account_namespace(subject, policy.binding_namespace(grant.binding)),
                _ => None,
            },
            "at": place(workspace, binding, &path!("subjects", grant.subject, "name")),
        },
        "scope": policy.scope(grant.binding).to_string(),
        "binding": object_json(workspace, binding, &path!("roleRef", "name")),
        "role": object_json(workspace, role, &Path::default()),
        "rule": rule_json(workspace, policy, grant.rule, rule),
    });
    let out_of_reach = policy.out_of_reach(grant);
    if !out_of_reach.is_empty() {
        // Cluster-scoped resources a RoleBinding cannot grant.
        value["notGrantedHere"] = json!(out_of_reach);
    }
    let namespace_verbs = policy.namespace_verbs_out_of_reach(grant);
    if !namespace_verbs.is_empty() {
        // Verbs on namespaces that reach no Namespace object from a RoleBinding.
        value["namespaceVerbsNotGrantedHere"] = json!(namespace_verbs);
    }
    value
}

fn object_json(workspace: &Workspace, object: &RbacObject, at: &Path) -> Value {
    json!({
        "kind": object.id.kind,
        "namespace": object.id.namespace,
        "name": object.id.name,
        "at": place(workspace, object, at),
    })
}

fn rule_json(workspace: &Workspace, policy: &Policy, origin: Origin, rule: &PolicyRule) -> Value {
    let object = policy.object(origin.object);
    json!({
        "in": object.id.to_string(),
        "element": format!("rules[{}]", origin.rule),
        "at": place(workspace, object, &path!("rules", origin.rule)),
        "verbs": rule.verbs,
        "apiGroups": rule.api_groups,
        "resources": rule.resources,
        "resourceNames": rule.resource_names,
        "nonResourceURLs": rule.non_resource_urls,
    })
}
