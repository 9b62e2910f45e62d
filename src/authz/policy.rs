//! The whole input as an authorizer: roles (with aggregation resolved) and
//! the bindings that hand them to subjects, answering "is this allowed?",
//! "who may do this?" and "what may this identity do?".
//!
//! As in pkg/registry/rbac/validation/rule.go: ClusterRoleBindings apply
//! everywhere; a RoleBinding applies only to requests in its own namespace;
//! its roleRef kind `Role` resolves in the binding's namespace and kind
//! `ClusterRole` to the cluster role, whose rules then count only inside that
//! namespace. Offline, a binding or role without `metadata.namespace` is
//! matched with others that lack it too (they are applied to the same
//! default namespace).

use std::collections::HashMap;

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};

use crate::authz::aggregation::{effective_rules, Origin};
use crate::authz::matching::{rule_allows, Request};
use crate::authz::subject::{service_account_namespace, subject_applies, Identity};
use crate::model::{Rbac, RbacObject};

/// Where a grant applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Through a ClusterRoleBinding: every namespace and cluster-scoped resources.
    Cluster,
    /// Through a RoleBinding: only its namespace (`None` when the manifest sets none).
    Namespace(Option<String>),
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Cluster => f.write_str("cluster-wide"),
            Scope::Namespace(Some(ns)) => write!(f, "namespace {ns}"),
            Scope::Namespace(None) => f.write_str("the binding's namespace (unset)"),
        }
    }
}

/// One way a subject gets a rule: binding → subject → role → rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grant {
    /// Index of the binding object.
    pub binding: usize,
    /// Index into the binding's subjects.
    pub subject: usize,
    /// Index of the role object the roleRef resolves to.
    pub role: usize,
    /// Where the granting rule is written (another ClusterRole when aggregated).
    pub rule: Origin,
}

/// The input's RBAC objects, indexed for authorization questions.
pub struct Policy<'a> {
    objects: &'a [RbacObject],
    effective: Vec<Vec<Origin>>,
    roles: HashMap<(Option<&'a str>, &'a str), Vec<usize>>,
    cluster_roles: HashMap<&'a str, Vec<usize>>,
    bindings: Vec<usize>,
}

impl<'a> Policy<'a> {
    pub fn new(objects: &'a [RbacObject]) -> Self {
        let mut roles: HashMap<_, Vec<usize>> = HashMap::new();
        let mut cluster_roles: HashMap<_, Vec<usize>> = HashMap::new();
        let mut bindings = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            let name = object.id.name.as_str();
            match object.rbac {
                Rbac::Role(_) => roles
                    .entry((object.id.namespace.as_deref(), name))
                    .or_default()
                    .push(i),
                Rbac::ClusterRole(_) => cluster_roles.entry(name).or_default().push(i),
                _ => bindings.push(i),
            }
        }
        Policy {
            objects,
            effective: effective_rules(objects),
            roles,
            cluster_roles,
            bindings,
        }
    }

    pub fn objects(&self) -> &'a [RbacObject] {
        self.objects
    }

    /// The index of an object of this policy's slice (rules get a reference).
    pub fn index_of(&self, object: &RbacObject) -> Option<usize> {
        let size = std::mem::size_of::<RbacObject>();
        let start = self.objects.as_ptr() as usize;
        let offset = (object as *const RbacObject as usize).checked_sub(start)?;
        let index = offset / size;
        (offset % size == 0 && index < self.objects.len()).then_some(index)
    }

    /// The rules a role really has (aggregation resolved), with their origin.
    pub fn effective_rules(&self, role: usize) -> &[Origin] {
        &self.effective[role]
    }

    /// The rule written at `origin`.
    pub fn rule(&self, origin: Origin) -> &'a PolicyRule {
        &self.objects[origin.object].rules()[origin.rule]
    }

    /// The roles a binding's roleRef resolves to (none when absent from the
    /// input or of an unknown kind; several only when the input repeats a name).
    pub fn role_ref_targets(&self, binding: usize) -> &[usize] {
        let object = &self.objects[binding];
        let Some((role_ref, _)) = object.binding() else {
            return &[];
        };
        let found = match (role_ref.kind.as_str(), &object.rbac) {
            ("ClusterRole", _) => self.cluster_roles.get(role_ref.name.as_str()),
            ("Role", Rbac::RoleBinding(_)) => self
                .roles
                .get(&(object.id.namespace.as_deref(), role_ref.name.as_str())),
            _ => None,
        };
        found.map(Vec::as_slice).unwrap_or(&[])
    }

    /// The rules of `role` that allow `request`.
    pub fn role_allows<'s>(
        &'s self,
        role: usize,
        request: &'s Request,
    ) -> impl Iterator<Item = Origin> + 's {
        self.effective[role]
            .iter()
            .copied()
            .filter(move |o| rule_allows(self.rule(*o), request))
    }

    /// Where a binding applies.
    pub fn scope(&self, binding: usize) -> Scope {
        let object = &self.objects[binding];
        match object.rbac {
            Rbac::ClusterRoleBinding(_) => Scope::Cluster,
            _ => Scope::Namespace(object.id.namespace.clone()),
        }
    }

    /// The binding's namespace for defaulting ServiceAccount subjects.
    pub fn binding_namespace(&self, binding: usize) -> Option<&'a str> {
        match self.objects[binding].rbac {
            Rbac::RoleBinding(_) => self.objects[binding].id.namespace.as_deref(),
            _ => None,
        }
    }

    /// The bindings that count for a request in `namespace` (`None`: a
    /// cluster-scoped request, only ClusterRoleBindings; `Some(ns)`: those
    /// plus the RoleBindings of `ns`).
    fn bindings_for(&self, namespace: Option<&'a str>) -> impl Iterator<Item = usize> + '_ {
        self.bindings
            .iter()
            .copied()
            .filter(move |&b| match self.scope(b) {
                Scope::Cluster => true,
                Scope::Namespace(ns) => namespace.is_some() && ns.as_deref() == namespace,
            })
    }

    /// The authorizer's decision: every grant that allows `identity` to make
    /// `request` in `namespace` (empty: denied).
    pub fn grants(
        &self,
        identity: &Identity,
        request: &Request,
        namespace: Option<&'a str>,
    ) -> Vec<Grant> {
        let mut grants = Vec::new();
        for binding in self.bindings_for(namespace) {
            let Some(subject) = self.subject_for(binding, identity) else {
                continue;
            };
            for &role in self.role_ref_targets(binding) {
                grants.extend(self.role_allows(role, request).map(|rule| Grant {
                    binding,
                    subject,
                    role,
                    rule,
                }));
            }
        }
        grants
    }

    /// Whether `identity` may make `request` in `namespace`.
    pub fn allows(
        &self,
        identity: &Identity,
        request: &Request,
        namespace: Option<&'a str>,
    ) -> bool {
        !self.grants(identity, request, namespace).is_empty()
    }

    /// Every grant of `request`, to any subject: through every
    /// ClusterRoleBinding, and through the RoleBindings of `namespace` (of
    /// every namespace when `None`; the grant's scope says which).
    pub fn who_can(&self, request: &Request, namespace: Option<&str>) -> Vec<Grant> {
        let mut grants = Vec::new();
        for &binding in &self.bindings {
            if let (Some(ns), Scope::Namespace(b)) = (namespace, self.scope(binding)) {
                if b.as_deref() != Some(ns) {
                    continue;
                }
            }
            let Some((_, subjects)) = self.objects[binding].binding() else {
                continue;
            };
            for &role in self.role_ref_targets(binding) {
                let Some(rule) = self.role_allows(role, request).next() else {
                    continue;
                };
                for (subject, s) in subjects.iter().enumerate() {
                    if self.subject_can_match(s, binding) {
                        grants.push(Grant {
                            binding,
                            subject,
                            role,
                            rule,
                        });
                    }
                }
            }
        }
        grants
    }

    /// Every Role and ClusterRole whose effective rules allow `request`, with
    /// the first allowing rule — bound or not.
    pub fn roles_allowing(&self, request: &Request) -> Vec<(usize, Origin)> {
        (0..self.objects.len())
            .filter(|&i| self.objects[i].is_role())
            .filter_map(|role| self.role_allows(role, request).next().map(|o| (role, o)))
            .collect()
    }

    /// The bindings whose roleRef resolves to `role`.
    pub fn bindings_of(&self, role: usize) -> Vec<usize> {
        self.bindings
            .iter()
            .copied()
            .filter(|&b| self.role_ref_targets(b).contains(&role))
            .collect()
    }

    /// Every rule `identity` holds, per binding, whatever the namespace.
    pub fn access(&self, identity: &Identity) -> Vec<Grant> {
        let mut grants = Vec::new();
        for &binding in &self.bindings {
            let Some(subject) = self.subject_for(binding, identity) else {
                continue;
            };
            for &role in self.role_ref_targets(binding) {
                grants.extend(self.effective[role].iter().map(|&rule| Grant {
                    binding,
                    subject,
                    role,
                    rule,
                }));
            }
        }
        grants
    }

    /// The first subject of `binding` that names `identity`.
    fn subject_for(&self, binding: usize, identity: &Identity) -> Option<usize> {
        let (_, subjects) = self.objects[binding].binding()?;
        let namespace = self.binding_namespace(binding);
        subjects
            .iter()
            .position(|s| subject_applies(s, namespace, identity))
    }

    /// Whether a subject can name anyone: a ServiceAccount needs a namespace
    /// (its own or its RoleBinding's); unknown kinds never match.
    fn subject_can_match(&self, subject: &Subject, binding: usize) -> bool {
        match subject.kind.as_str() {
            "User" | "Group" => true,
            "ServiceAccount" => {
                matches!(self.objects[binding].rbac, Rbac::RoleBinding(_))
                    || service_account_namespace(subject, None).is_some()
            }
            _ => false,
        }
    }
}
