//! The API server's validation of RBAC objects, as facts: Kubernetes'
//! `pkg/apis/rbac/validation` (ValidateRole, ValidateClusterRole,
//! ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding,
//! ValidateRoleBindingSubject) and the object-meta rules they call, applied
//! after the v1 defaults fill an empty `roleRef.apiGroup` and an empty
//! `apiGroup` of a User or Group subject. An object that breaks one is refused
//! on create, so it grants nothing: the loader reports it as `invalid-object`
//! and keeps it from every other rule.
//!
//! Two checks the API server makes are left to the manifest's context, since
//! the applied object usually has what the file leaves out:
//! - a Role or RoleBinding without `metadata.namespace` takes the namespace of
//!   the request (`kubectl apply -n`, the kubeconfig context, kustomize's
//!   `namespace:`), and a cluster-scoped object's `metadata.namespace` is
//!   dropped by the API server before validation;
//! - a ServiceAccount subject of a ClusterRoleBinding without `namespace` is
//!   reported by `subject-namespace-missing`, which knows when a build fills
//!   it in.
//!
//! Messages use the API server's wording (`field: Required value: ...`).

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1::{AggregationRule, PolicyRule, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::model::{Rbac, RBAC_GROUP};

/// One reason the API server refuses an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field as the API server names it: `rules[0].verbs`.
    pub field: String,
    pub error: ErrorType,
    /// The element to underline, from the object's root.
    pub at: Vec<Step>,
}

/// A step from a node to one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The value of a mapping key.
    Key(String),
    /// A sequence item.
    Index(usize),
    /// A mapping key itself (a bad label name), not its value.
    KeyOf(String),
}

/// The API server's error types (apimachinery `field.ErrorType`), each with
/// what its message shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorType {
    Required(&'static str),
    Invalid {
        value: String,
        detail: String,
    },
    NotSupported {
        value: String,
        supported: &'static [&'static str],
    },
    Forbidden(&'static str),
    TooLong(usize),
}

impl Violation {
    /// The API server's message: `roleRef.kind: Unsupported value: "Role":
    /// supported values: "ClusterRole"`.
    pub fn message(&self) -> String {
        let body = match &self.error {
            ErrorType::Required("") => "Required value".to_string(),
            ErrorType::Required(detail) => format!("Required value: {detail}"),
            ErrorType::Invalid { value, detail } => format!("Invalid value: {value}: {detail}"),
            ErrorType::NotSupported { value, supported } => format!(
                "Unsupported value: {}: supported values: {}",
                quoted(value),
                supported
                    .iter()
                    .map(|s| quoted(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ErrorType::Forbidden(detail) => format!("Forbidden: {detail}"),
            ErrorType::TooLong(limit) => format!("Too long: may not be more than {limit} bytes"),
        };
        format!("{}: {body}", self.field)
    }
}

/// A string as the API server quotes it.
fn quoted(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

fn list(values: &[String]) -> String {
    serde_json::Value::from(values).to_string()
}

/// Every reason the API server would refuse `rbac` on create, in its order.
pub fn validate(rbac: &Rbac) -> Vec<Violation> {
    let mut out = Violations::default();
    match rbac {
        Rbac::Role(role) => {
            out.object_meta(&role.metadata, true);
            out.rules(role.rules.as_deref(), true);
        }
        Rbac::ClusterRole(role) => {
            out.object_meta(&role.metadata, false);
            out.rules(role.rules.as_deref(), false);
            if let Some(aggregation) = &role.aggregation_rule {
                out.aggregation_rule(aggregation);
            }
        }
        Rbac::RoleBinding(binding) => {
            out.object_meta(&binding.metadata, true);
            out.role_ref(&binding.role_ref, &["Role", "ClusterRole"]);
            out.subjects(binding.subjects.as_deref());
        }
        Rbac::ClusterRoleBinding(binding) => {
            out.object_meta(&binding.metadata, false);
            out.role_ref(&binding.role_ref, &["ClusterRole"]);
            out.subjects(binding.subjects.as_deref());
        }
    }
    out.0
}

/// A field path being built: the API server's text and the steps to it.
#[derive(Clone)]
struct Field {
    text: String,
    steps: Vec<Step>,
}

impl Field {
    fn root(key: &str) -> Self {
        Field {
            text: key.to_string(),
            steps: vec![Step::Key(key.to_string())],
        }
    }

    fn child(&self, key: &str) -> Self {
        let mut steps = self.steps.clone();
        steps.push(Step::Key(key.to_string()));
        Field {
            text: format!("{}.{key}", self.text),
            steps,
        }
    }

    fn index(&self, i: usize) -> Self {
        let mut steps = self.steps.clone();
        steps.push(Step::Index(i));
        Field {
            text: format!("{}[{i}]", self.text),
            steps,
        }
    }

    /// The same field, underlining a map entry under it (its key or value).
    fn pointing_at(&self, step: Step) -> Self {
        let mut steps = self.steps.clone();
        steps.push(step);
        Field {
            text: self.text.clone(),
            steps,
        }
    }
}

#[derive(Default)]
struct Violations(Vec<Violation>);

impl Violations {
    fn push(&mut self, field: &Field, error: ErrorType) {
        self.0.push(Violation {
            field: field.text.clone(),
            error,
            at: field.steps.clone(),
        });
    }

    fn invalid(&mut self, field: &Field, value: String, details: Vec<String>) {
        for detail in details {
            let value = value.clone();
            self.push(field, ErrorType::Invalid { value, detail });
        }
    }

    /// ObjectMeta on create: a name (or generateName) that is a valid path
    /// segment, a namespace that is a DNS-1123 label, valid labels and
    /// annotation keys.
    fn object_meta(&mut self, meta: &ObjectMeta, namespaced: bool) {
        let metadata = Field::root("metadata");
        let generate_name = meta.generate_name.as_deref().unwrap_or("");
        if !generate_name.is_empty() {
            let field = metadata.child("generateName");
            self.invalid(
                &field,
                quoted(generate_name),
                path_segment_name(generate_name),
            );
        }
        match meta.name.as_deref().unwrap_or("") {
            // The API server generates the name from generateName first.
            "" if !generate_name.is_empty() => {}
            "" => self.push(
                &metadata.child("name"),
                ErrorType::Required("name or generateName is required"),
            ),
            name => self.invalid(
                &metadata.child("name"),
                quoted(name),
                path_segment_name(name),
            ),
        }
        if namespaced {
            if let Some(namespace) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
                let field = metadata.child("namespace");
                self.invalid(&field, quoted(namespace), dns1123_label(namespace));
            }
        }
        if let Some(labels) = &meta.labels {
            self.labels(&metadata.child("labels"), labels);
        }
        if let Some(annotations) = &meta.annotations {
            let field = metadata.child("annotations");
            for key in annotations.keys() {
                // Annotation keys are qualified names, case aside.
                let details = qualified_name(&key.to_lowercase());
                let at = field.pointing_at(Step::KeyOf(key.clone()));
                self.invalid(&at, quoted(key), details);
            }
            let size: usize = annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
            if size > TOTAL_ANNOTATION_SIZE_LIMIT {
                self.push(&field, ErrorType::TooLong(TOTAL_ANNOTATION_SIZE_LIMIT));
            }
        }
    }

    /// Label names are qualified names; values are label values.
    fn labels(&mut self, field: &Field, labels: &BTreeMap<String, String>) {
        for (key, value) in labels {
            let at = field.pointing_at(Step::KeyOf(key.clone()));
            self.invalid(&at, quoted(key), qualified_name(key));
            let at = field.pointing_at(Step::Key(key.clone()));
            self.invalid(&at, quoted(value), label_value(value));
        }
    }

    fn rules(&mut self, rules: Option<&[PolicyRule]>, namespaced: bool) {
        let field = Field::root("rules");
        for (i, rule) in rules.unwrap_or(&[]).iter().enumerate() {
            self.policy_rule(rule, namespaced, &field.index(i));
        }
    }

    /// ValidatePolicyRule: verbs always; a non-resource rule names nothing
    /// else and only in a ClusterRole; a resource rule names groups and resources.
    fn policy_rule(&mut self, rule: &PolicyRule, namespaced: bool, field: &Field) {
        let len = |v: &Option<Vec<String>>| v.as_ref().map_or(0, Vec::len);
        if rule.verbs.is_empty() {
            self.push(
                &field.child("verbs"),
                ErrorType::Required("verbs must contain at least one value"),
            );
        }
        if let Some(urls) = rule.non_resource_urls.as_ref().filter(|u| !u.is_empty()) {
            let at = field.child("nonResourceURLs");
            if namespaced {
                self.push(
                    &at,
                    ErrorType::Invalid {
                        value: list(urls),
                        detail: "namespaced rules cannot apply to non-resource URLs".into(),
                    },
                );
            }
            if len(&rule.api_groups) > 0
                || len(&rule.resources) > 0
                || len(&rule.resource_names) > 0
            {
                self.push(
                    &at,
                    ErrorType::Invalid {
                        value: list(urls),
                        detail:
                            "rules cannot apply to both regular resources and non-resource URLs"
                                .into(),
                    },
                );
            }
            return;
        }
        if len(&rule.api_groups) == 0 {
            self.push(
                &field.child("apiGroups"),
                ErrorType::Required("resource rules must supply at least one api group"),
            );
        }
        if len(&rule.resources) == 0 {
            self.push(
                &field.child("resources"),
                ErrorType::Required("resource rules must supply at least one resource"),
            );
        }
    }

    /// A present aggregationRule needs at least one valid label selector.
    fn aggregation_rule(&mut self, rule: &AggregationRule) {
        let field = Field::root("aggregationRule").child("clusterRoleSelectors");
        let selectors = rule.cluster_role_selectors.as_deref().unwrap_or(&[]);
        if selectors.is_empty() {
            self.push(
                &field,
                ErrorType::Required(
                    "at least one clusterRoleSelector required if aggregationRule is non-nil",
                ),
            );
        }
        for (i, selector) in selectors.iter().enumerate() {
            self.label_selector(selector, &field.index(i));
        }
    }

    /// ValidateLabelSelector: valid matchLabels; each matchExpression a known
    /// operator with values exactly when it needs them, on a valid label name.
    fn label_selector(&mut self, selector: &LabelSelector, field: &Field) {
        if let Some(labels) = &selector.match_labels {
            self.labels(&field.child("matchLabels"), labels);
        }
        let expressions = field.child("matchExpressions");
        for (i, requirement) in selector
            .match_expressions
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let field = expressions.index(i);
            let values = requirement.values.as_ref().map_or(0, Vec::len);
            match requirement.operator.as_str() {
                "In" | "NotIn" if values == 0 => self.push(
                    &field.child("values"),
                    ErrorType::Required("must be specified when `operator` is 'In' or 'NotIn'"),
                ),
                "Exists" | "DoesNotExist" if values > 0 => self.push(
                    &field.child("values"),
                    ErrorType::Forbidden(
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ),
                ),
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                other => self.push(
                    &field.child("operator"),
                    ErrorType::Invalid {
                        value: quoted(other),
                        detail: "not a valid selector operator".into(),
                    },
                ),
            }
            let key = field.child("key");
            self.invalid(
                &key,
                quoted(&requirement.key),
                qualified_name(&requirement.key),
            );
        }
    }

    /// roleRef: the RBAC group (empty is defaulted to it), a kind the binding
    /// may reference, and a name that is a valid path segment.
    fn role_ref(&mut self, role_ref: &RoleRef, kinds: &'static [&'static str]) {
        let field = Field::root("roleRef");
        let api_group = role_ref.api_group.as_deref().unwrap_or("");
        if !api_group.is_empty() && api_group != RBAC_GROUP {
            self.push(
                &field.child("apiGroup"),
                ErrorType::NotSupported {
                    value: api_group.to_string(),
                    supported: &[RBAC_GROUP],
                },
            );
        }
        if !kinds.contains(&role_ref.kind.as_str()) {
            self.push(
                &field.child("kind"),
                ErrorType::NotSupported {
                    value: role_ref.kind.clone(),
                    supported: kinds,
                },
            );
        }
        let name = field.child("name");
        if role_ref.name.is_empty() {
            self.push(&name, ErrorType::Required(""));
        } else {
            self.invalid(
                &name,
                quoted(&role_ref.name),
                path_segment_name(&role_ref.name),
            );
        }
    }

    fn subjects(&mut self, subjects: Option<&[Subject]>) {
        let field = Field::root("subjects");
        for (i, subject) in subjects.unwrap_or(&[]).iter().enumerate() {
            self.subject(subject, &field.index(i));
        }
    }

    /// ValidateRoleBindingSubject: a name; a ServiceAccount's is a DNS-1123
    /// subdomain in the core group; a User or Group is in the RBAC group
    /// (empty is defaulted to it); no other kind.
    fn subject(&mut self, subject: &Subject, field: &Field) {
        let name = field.child("name");
        if subject.name.is_empty() {
            self.push(&name, ErrorType::Required(""));
        }
        let api_group = subject.api_group.as_deref().unwrap_or("");
        match subject.kind.as_str() {
            "ServiceAccount" => {
                if !subject.name.is_empty() {
                    self.invalid(
                        &name,
                        quoted(&subject.name),
                        dns1123_subdomain(&subject.name),
                    );
                }
                if !api_group.is_empty() {
                    self.push(
                        &field.child("apiGroup"),
                        ErrorType::NotSupported {
                            value: api_group.to_string(),
                            supported: &[""],
                        },
                    );
                }
                // A missing namespace in a ClusterRoleBinding is
                // `subject-namespace-missing`'s (see the module doc).
            }
            "User" | "Group" => {
                if !api_group.is_empty() && api_group != RBAC_GROUP {
                    self.push(
                        &field.child("apiGroup"),
                        ErrorType::NotSupported {
                            value: api_group.to_string(),
                            supported: &[RBAC_GROUP],
                        },
                    );
                }
            }
            other => self.push(
                &field.child("kind"),
                ErrorType::NotSupported {
                    value: other.to_string(),
                    supported: &["ServiceAccount", "User", "Group"],
                },
            ),
        }
    }
}

/// The most annotations may hold, keys and values together (256 KiB).
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// RBAC object names are path segments (ValidateRBACName).
fn path_segment_name(name: &str) -> Vec<String> {
    if name == "." || name == ".." {
        return vec![format!("may not be '{name}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|bad| name.contains(*bad))
        .map(|bad| format!("may not contain '{bad}'"))
        .collect()
}

const DNS1123_LABEL_MAX: usize = 63;
const DNS1123_SUBDOMAIN_MAX: usize = 253;
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')";

fn max_len(limit: usize) -> String {
    format!("must be no more than {limit} characters")
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn is_dns1123_label_text(s: &str) -> bool {
    is_bracketed(
        s,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit(),
        |c| c == '-',
    )
}

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`
fn is_qualified_name_text(s: &str) -> bool {
    is_bracketed(
        s,
        |c| c.is_ascii_alphanumeric(),
        |c| matches!(c, '-' | '_' | '.'),
    )
}

/// Non-empty, `edge` characters at both ends, `edge` or `inner` between.
fn is_bracketed(s: &str, edge: impl Fn(char) -> bool, inner: impl Fn(char) -> bool) -> bool {
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().last()) else {
        return false;
    };
    edge(first) && edge(last) && s.chars().all(|c| edge(c) || inner(c))
}

/// Namespaces are DNS-1123 labels (IsDNS1123Label).
fn dns1123_label(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > DNS1123_LABEL_MAX {
        errors.push(max_len(DNS1123_LABEL_MAX));
    }
    if !is_dns1123_label_text(s) {
        if is_dns1123_subdomain_text(s) {
            errors.push("must not contain dots".into());
        } else {
            errors.push(DNS1123_LABEL_MSG.into());
        }
    }
    errors
}

/// Dot-separated DNS-1123 labels.
fn is_dns1123_subdomain_text(s: &str) -> bool {
    s.split('.').all(is_dns1123_label_text)
}

/// ServiceAccount names, label-name prefixes (IsDNS1123Subdomain).
fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > DNS1123_SUBDOMAIN_MAX {
        errors.push(max_len(DNS1123_SUBDOMAIN_MAX));
    }
    if !is_dns1123_subdomain_text(s) {
        errors.push(DNS1123_SUBDOMAIN_MSG.into());
    }
    errors
}

/// Label and annotation names: `[prefix/]name` (IsQualifiedName).
fn qualified_name(s: &str) -> Vec<String> {
    let parts: Vec<&str> = s.split('/').collect();
    let mut errors = Vec::new();
    let name = match parts.as_slice() {
        [name] => name,
        [prefix, name] => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_string());
            } else {
                errors.extend(
                    dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|e| format!("prefix part {e}")),
                );
            }
            name
        }
        _ => {
            return vec![format!(
                "a qualified name {QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".into());
    } else if name.len() > DNS1123_LABEL_MAX {
        errors.push(format!("name part {}", max_len(DNS1123_LABEL_MAX)));
    }
    if !is_qualified_name_text(name) {
        errors.push(format!("name part {QUALIFIED_NAME_MSG}"));
    }
    errors
}

/// Label values: empty, or a qualified name's characters (IsValidLabelValue).
fn label_value(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > DNS1123_LABEL_MAX {
        errors.push(max_len(DNS1123_LABEL_MAX));
    }
    if !s.is_empty() && !is_qualified_name_text(s) {
        errors.push(LABEL_VALUE_MSG.into());
    }
    errors
}

#[cfg(test)]
mod tests {
    //! Facts from Kubernetes' own validation tests
    //! (pkg/apis/rbac/validation/validation_test.go), each case restated as
    //! a manifest, plus the v1 defaults and the object-meta name rules.

    use super::*;
    use crate::model::RbacKind;
    use crate::node_de::from_node;
    use crate::yaml::parse_stream;

    /// The error type and field of each violation of one manifest.
    fn errors(kind: RbacKind, body: &str) -> Vec<(&'static str, String)> {
        let text = format!("kind: {}\n{body}", kind.as_str());
        let node = parse_stream(&text, 0).documents.remove(0).root.unwrap();
        let rbac = match kind {
            RbacKind::Role => Rbac::Role(from_node(&node, "").unwrap()),
            RbacKind::ClusterRole => Rbac::ClusterRole(from_node(&node, "").unwrap()),
            RbacKind::RoleBinding => Rbac::RoleBinding(from_node(&node, "").unwrap()),
            RbacKind::ClusterRoleBinding => Rbac::ClusterRoleBinding(from_node(&node, "").unwrap()),
        };
        validate(&rbac)
            .into_iter()
            .map(|v| {
                let kind = match v.error {
                    ErrorType::Required(_) => "Required",
                    ErrorType::Invalid { .. } => "Invalid",
                    ErrorType::NotSupported { .. } => "NotSupported",
                    ErrorType::Forbidden(_) => "Forbidden",
                    ErrorType::TooLong(_) => "TooLong",
                };
                (kind, v.field)
            })
            .collect()
    }

    /// `(case, manifest body, expected errors)`; `[]` means accepted.
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    fn check(kind: RbacKind, cases: &[Case]) {
        for (name, body, expected) in cases {
            let got = errors(kind, body);
            let expected: Vec<(&str, String)> =
                expected.iter().map(|(t, f)| (*t, f.to_string())).collect();
            assert_eq!(got, expected, "{} case {name:?}", kind.as_str());
        }
    }

    #[test]
    fn cluster_role_binding() {
        check(
            RbacKind::ClusterRoleBinding,
            &[
                (
                    "valid",
                    "metadata: {name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\nsubjects:\n- {name: validsaname, namespace: foo, kind: ServiceAccount}\n- {name: valid@username, kind: User}\n- {name: valid@groupname, kind: Group}\n",
                    &[],
                ),
                (
                    "bad group",
                    "metadata: {name: default}\nroleRef: {apiGroup: rbac.GroupName, kind: ClusterRole, name: valid}\n",
                    &[("NotSupported", "roleRef.apiGroup")],
                ),
                (
                    "bad kind",
                    "metadata: {name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Type, name: valid}\n",
                    &[("NotSupported", "roleRef.kind")],
                ),
                (
                    "reference role",
                    "metadata: {name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\n",
                    &[("NotSupported", "roleRef.kind")],
                ),
                (
                    "zero-length name",
                    "metadata: {}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\n",
                    &[("Required", "metadata.name")],
                ),
                (
                    "bad role",
                    "metadata: {name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole}\n",
                    &[("Required", "roleRef.name")],
                ),
                (
                    "bad subject kind",
                    "metadata: {name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\nsubjects: [{name: subject}]\n",
                    &[("NotSupported", "subjects[0].kind")],
                ),
                (
                    "bad subject name",
                    "metadata: {name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\nsubjects: [{namespace: foo, name: 'subject:bad', kind: ServiceAccount}]\n",
                    &[("Invalid", "subjects[0].name")],
                ),
                // Upstream: Required subjects[0].namespace. Left to
                // `subject-namespace-missing` (see the module doc).
                (
                    "missing SA namespace",
                    "metadata: {name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\nsubjects: [{name: good, kind: ServiceAccount}]\n",
                    &[],
                ),
                (
                    "missing subject name",
                    "metadata: {name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: valid}\nsubjects: [{namespace: foo, kind: ServiceAccount}]\n",
                    &[("Required", "subjects[0].name")],
                ),
            ],
        );
    }

    #[test]
    fn role_binding() {
        check(
            RbacKind::RoleBinding,
            &[
                (
                    "valid",
                    "metadata: {namespace: default, name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\nsubjects:\n- {name: validsaname, kind: ServiceAccount}\n- {name: valid@username, kind: User}\n- {name: valid@groupname, kind: Group}\n",
                    &[],
                ),
                (
                    "bad group",
                    "metadata: {namespace: default, name: default}\nroleRef: {apiGroup: rbac.GroupName, kind: ClusterRole, name: valid}\n",
                    &[("NotSupported", "roleRef.apiGroup")],
                ),
                (
                    "bad kind",
                    "metadata: {namespace: default, name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Type, name: valid}\n",
                    &[("NotSupported", "roleRef.kind")],
                ),
                // Upstream: Required metadata.namespace, which the request
                // supplies when the manifest does not (see the module doc).
                (
                    "zero-length namespace",
                    "metadata: {name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\n",
                    &[],
                ),
                (
                    "zero-length name",
                    "metadata: {namespace: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\n",
                    &[("Required", "metadata.name")],
                ),
                (
                    "bad role",
                    "metadata: {namespace: default, name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role}\n",
                    &[("Required", "roleRef.name")],
                ),
                (
                    "bad subject kind",
                    "metadata: {namespace: default, name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\nsubjects: [{name: subject}]\n",
                    &[("NotSupported", "subjects[0].kind")],
                ),
                (
                    "bad subject name",
                    "metadata: {namespace: default, name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\nsubjects: [{name: 'subject:bad', kind: ServiceAccount}]\n",
                    &[("Invalid", "subjects[0].name")],
                ),
                (
                    "missing subject name",
                    "metadata: {namespace: default, name: master}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: valid}\nsubjects: [{kind: ServiceAccount}]\n",
                    &[("Required", "subjects[0].name")],
                ),
            ],
        );
    }

    #[test]
    fn role_and_cluster_role_rules() {
        check(
            RbacKind::Role,
            &[
                (
                    "zero-length name",
                    "metadata: {namespace: default}\n",
                    &[("Required", "metadata.name")],
                ),
                ("valid role", "metadata: {namespace: default, name: default}\n", &[]),
                (
                    "namespaced non-resource URL",
                    "metadata: {namespace: default, name: default}\nrules: [{verbs: [get], nonResourceURLs: ['/*']}]\n",
                    &[("Invalid", "rules[0].nonResourceURLs")],
                ),
                (
                    "mixed non-resource and resource",
                    "metadata: {namespace: default, name: default}\nrules: [{verbs: [get], nonResourceURLs: ['/*'], apiGroups: [v1], resources: [pods]}]\n",
                    &[
                        ("Invalid", "rules[0].nonResourceURLs"),
                        ("Invalid", "rules[0].nonResourceURLs"),
                    ],
                ),
                (
                    "valid resource",
                    "metadata: {namespace: default, name: default}\nrules: [{verbs: [get], apiGroups: [v1], resources: [pods]}]\n",
                    &[],
                ),
                (
                    "no api group",
                    "metadata: {namespace: default, name: default}\nrules: [{verbs: [get], resources: [pods]}]\n",
                    &[("Required", "rules[0].apiGroups")],
                ),
                (
                    "no resources",
                    "metadata: {namespace: default, name: default}\nrules: [{verbs: [get], apiGroups: [v1]}]\n",
                    &[("Required", "rules[0].resources")],
                ),
            ],
        );
        check(
            RbacKind::ClusterRole,
            &[
                ("valid, no namespace", "metadata: {name: default}\n", &[]),
                (
                    "non-resource URL",
                    "metadata: {name: default}\nrules: [{verbs: [get], nonResourceURLs: ['/*']}]\n",
                    &[],
                ),
                (
                    "non-resource URL, no verbs",
                    "metadata: {name: default}\nrules: [{verbs: [], nonResourceURLs: ['/*']}]\n",
                    &[("Required", "rules[0].verbs")],
                ),
                (
                    "mixed, resourceNames only",
                    "metadata: {name: default}\nrules: [{verbs: [get], nonResourceURLs: ['/healthz'], resourceNames: [x]}]\n",
                    &[("Invalid", "rules[0].nonResourceURLs")],
                ),
                // Absent, null and empty verbs are all "no verbs".
                (
                    "verbs absent",
                    "metadata: {name: default}\nrules: [{apiGroups: [''], resources: [pods]}]\n",
                    &[("Required", "rules[0].verbs")],
                ),
                (
                    "verbs null",
                    "metadata: {name: default}\nrules: [{apiGroups: [''], resources: [pods], verbs: null}]\n",
                    &[("Required", "rules[0].verbs")],
                ),
                (
                    "verbs empty",
                    "metadata: {name: default}\nrules: [{apiGroups: [''], resources: [pods], verbs: []}]\n",
                    &[("Required", "rules[0].verbs")],
                ),
                (
                    "empty rule",
                    "metadata: {name: default}\nrules: [{}]\n",
                    &[
                        ("Required", "rules[0].verbs"),
                        ("Required", "rules[0].apiGroups"),
                        ("Required", "rules[0].resources"),
                    ],
                ),
                (
                    "aggregation rule without selectors",
                    "metadata: {name: default}\naggregationRule: {}\n",
                    &[("Required", "aggregationRule.clusterRoleSelectors")],
                ),
                (
                    "aggregation rule, no rules yet",
                    "metadata: {name: default}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-view: 'true'}}]}\n",
                    &[],
                ),
                (
                    "aggregation selector with a bad expression",
                    "metadata: {name: default}\naggregationRule:\n  clusterRoleSelectors:\n  - matchExpressions:\n    - {key: a, operator: In}\n    - {key: b, operator: Exists, values: [x]}\n    - {key: c, operator: Equals, values: [x]}\n",
                    &[
                        ("Required", "aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values"),
                        ("Forbidden", "aggregationRule.clusterRoleSelectors[0].matchExpressions[1].values"),
                        ("Invalid", "aggregationRule.clusterRoleSelectors[0].matchExpressions[2].operator"),
                    ],
                ),
            ],
        );
    }

    /// The v1 defaults run before validation: an empty `roleRef.apiGroup`
    /// and a User's or Group's empty `apiGroup` become the RBAC group; a
    /// ServiceAccount's stays empty and must be.
    #[test]
    fn defaults_then_subject_groups() {
        check(
            RbacKind::ClusterRoleBinding,
            &[
                (
                    "defaulted groups",
                    "metadata: {name: x}\nroleRef: {kind: ClusterRole, name: view}\nsubjects:\n- {kind: User, name: alice}\n- {kind: Group, name: devs, apiGroup: ''}\n- {kind: ServiceAccount, name: app, namespace: ns}\n",
                    &[],
                ),
                (
                    "service account in the RBAC group",
                    "metadata: {name: x}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: app, namespace: ns, apiGroup: rbac.authorization.k8s.io}]\n",
                    &[("NotSupported", "subjects[0].apiGroup")],
                ),
                (
                    "user in the core group by another name",
                    "metadata: {name: x}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: alice, apiGroup: v1}]\n",
                    &[("NotSupported", "subjects[0].apiGroup")],
                ),
                (
                    "kinds are case-sensitive",
                    "metadata: {name: x}\nroleRef: {kind: clusterrole, name: view}\nsubjects: [{kind: serviceaccount, name: app, namespace: ns}]\n",
                    &[
                        ("NotSupported", "roleRef.kind"),
                        ("NotSupported", "subjects[0].kind"),
                    ],
                ),
            ],
        );
    }

    /// RBAC names are path segments; namespaces DNS-1123 labels; label and
    /// annotation names qualified names.
    #[test]
    fn names_and_metadata() {
        check(
            RbacKind::Role,
            &[
                (
                    "colons and capitals are fine in RBAC names",
                    "metadata: {name: 'system:controller:Foo_1', namespace: kube-system}\n",
                    &[],
                ),
                (
                    "slash and percent",
                    "metadata: {name: 'a/b%c', namespace: ns}\n",
                    &[("Invalid", "metadata.name"), ("Invalid", "metadata.name")],
                ),
                (
                    "dot-dot",
                    "metadata: {name: '..', namespace: ns}\n",
                    &[("Invalid", "metadata.name")],
                ),
                ("generateName only", "metadata: {generateName: 'reader-', namespace: ns}\n", &[]),
                (
                    "bad namespace",
                    "metadata: {name: r, namespace: Team_A}\n",
                    &[("Invalid", "metadata.namespace")],
                ),
                (
                    "namespace with dots",
                    "metadata: {name: r, namespace: a.b}\n",
                    &[("Invalid", "metadata.namespace")],
                ),
                (
                    "labels",
                    "metadata:\n  name: r\n  namespace: ns\n  labels: {app.kubernetes.io/name: x, 'bad key!': v, ok: 'not ok', empty: ''}\n",
                    &[("Invalid", "metadata.labels"), ("Invalid", "metadata.labels")],
                ),
                (
                    "annotation keys, case aside",
                    "metadata:\n  name: r\n  namespace: ns\n  annotations: {Example.com/Note: 'any value: at all', 'a/b/c': x}\n",
                    &[("Invalid", "metadata.annotations")],
                ),
            ],
        );
        check(
            RbacKind::RoleBinding,
            &[(
                "role ref name is a path segment",
                "metadata: {name: b, namespace: ns}\nroleRef: {kind: Role, name: 'a/b'}\n",
                &[("Invalid", "roleRef.name")],
            )],
        );
        check(
            RbacKind::ClusterRole,
            &[(
                "a cluster-scoped object's namespace is dropped, not validated",
                "metadata: {name: r, namespace: Not_A_Label}\n",
                &[],
            )],
        );
    }

    #[test]
    fn messages_use_the_api_servers_words() {
        let v = |error| Violation {
            field: "roleRef.kind".into(),
            error,
            at: Vec::new(),
        };
        assert_eq!(
            v(ErrorType::NotSupported {
                value: "Role".into(),
                supported: &["ClusterRole"]
            })
            .message(),
            r#"roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole""#
        );
        assert_eq!(
            v(ErrorType::Required("")).message(),
            "roleRef.kind: Required value"
        );
        assert_eq!(
            path_segment_name("a/b"),
            ["may not contain '/'".to_string()]
        );
        assert_eq!(dns1123_label("a.b"), ["must not contain dots".to_string()]);
        assert_eq!(
            qualified_name(&"x".repeat(64)),
            ["name part must be no more than 63 characters".to_string()]
        );
    }
}
