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
//!
//! Scope: a RoleBinding authorizes only requests that carry its namespace,
//! so never a cluster-scoped resource or a non-resource URL, whatever role it
//! references (one Namespace object excepted, see [`crate::authz::reach`]).
//! `grants`, `who_can` and `access` all apply this.
//!
//! Built-in roles: Kubernetes' default roles ([`crate::bootstrap`]) follow
//! the input's objects, so a roleRef to `cluster-admin` resolves whether or
//! not the input defines it; an input object of the same name replaces the
//! built-in one. [`Policy::object`] reaches both; [`Policy::objects`] is the
//! input alone.

use std::collections::HashMap;

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};

use crate::authz::aggregation::{effective_rules, Origin};
use crate::authz::matching::{rule_allows, Request};
use crate::authz::reach::{
    cluster_only_resources, namespace_verbs_out_of_reach, request_in_reach, rule_in_reach,
};
use crate::authz::subject::{service_account_namespace, subject_applies, Identity};
use crate::bootstrap;
use crate::catalogue::Catalogue;
use crate::model::{Rbac, RbacObject};
use crate::vocab::resources;

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

/// One way a subject gets a rule: binding → subject → role → rule. Indices
/// are [`Policy::object`]'s: the role and the rule may be built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grant {
    /// Index of the binding object (always an input object).
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
    /// The input's objects, then the built-in roles the input does not redefine.
    all: Vec<&'a RbacObject>,
    catalogue: &'a Catalogue,
    effective: Vec<Vec<Origin>>,
    roles: HashMap<(Option<&'a str>, &'a str), Vec<usize>>,
    cluster_roles: HashMap<&'a str, Vec<usize>>,
    bindings: Vec<usize>,
    /// For a binding whose roleRef names a role the input defines several
    /// times, the definitions in the binding's own file, when there are any.
    same_file_role_refs: HashMap<usize, Vec<usize>>,
}

impl<'a> Policy<'a> {
    /// The policy of `objects`; `catalogue` tells each resource's scope.
    pub fn new(objects: &'a [RbacObject], catalogue: &'a Catalogue) -> Self {
        let mut roles: HashMap<_, Vec<usize>> = HashMap::new();
        let mut cluster_roles: HashMap<_, Vec<usize>> = HashMap::new();
        let mut bindings = Vec::new();
        let mut all: Vec<&'a RbacObject> = Vec::new();
        for object in objects.iter().chain(bootstrap::objects()) {
            let index = all.len();
            let name = object.id.name.as_str();
            let same_name = match object.rbac {
                Rbac::Role(_) => roles
                    .entry((object.id.namespace.as_deref(), name))
                    .or_default(),
                Rbac::ClusterRole(_) => cluster_roles.entry(name).or_default(),
                _ => &mut bindings,
            };
            // Bindings are never built-in; a built-in role yields to the input's.
            if object.is_builtin() && !same_name.is_empty() {
                continue; // the input redefines it
            }
            same_name.push(index);
            all.push(object);
        }
        let mut policy = Policy {
            objects,
            effective: effective_rules(&all),
            all,
            catalogue,
            roles,
            cluster_roles,
            bindings,
            same_file_role_refs: HashMap::new(),
        };
        policy.same_file_role_refs = policy.role_refs_in_own_file();
        policy
    }

    /// Alternative installs of one project (`calico.yaml`, `calico-etcd.yaml`)
    /// define the same ClusterRole differently; a cluster holds one of them,
    /// and a binding is applied with the role in its own file, so that one
    /// is the role it grants. Only a name defined in several files and not
    /// in the binding's own stays ambiguous (every definition counts).
    fn role_refs_in_own_file(&self) -> HashMap<usize, Vec<usize>> {
        let mut narrowed = HashMap::new();
        for &binding in &self.bindings {
            let candidates = self.role_ref_candidates(binding);
            if candidates.len() < 2 {
                continue;
            }
            let file = self.all[binding].file;
            let own: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&role| self.all[role].file == file)
                .collect();
            if !own.is_empty() && own.len() < candidates.len() {
                narrowed.insert(binding, own);
            }
        }
        narrowed
    }

    /// The input's objects (without the built-in roles).
    pub fn objects(&self) -> &'a [RbacObject] {
        self.objects
    }

    /// The object at `index`: an input object, or past the input's end a
    /// built-in role ([`RbacObject::is_builtin`]), which has no file.
    pub fn object(&self, index: usize) -> &'a RbacObject {
        self.all[index]
    }

    /// The catalogue the policy decides resource scopes with.
    pub fn catalogue(&self) -> &'a Catalogue {
        self.catalogue
    }

    /// The rules a role really has (aggregation resolved), with their origin.
    pub fn effective_rules(&self, role: usize) -> &[Origin] {
        &self.effective[role]
    }

    /// The rule written at `origin`.
    pub fn rule(&self, origin: Origin) -> &'a PolicyRule {
        &self.all[origin.object].rules()[origin.rule]
    }

    /// The roles a binding's roleRef resolves to (none when absent from the
    /// input or of an unknown kind; several only when the input repeats a name).
    pub fn role_ref_targets(&self, binding: usize) -> &[usize] {
        match self.same_file_role_refs.get(&binding) {
            Some(own) => own,
            None => self.role_ref_candidates(binding),
        }
    }

    /// Every role of the input (or built in) that a binding's roleRef names.
    fn role_ref_candidates(&self, binding: usize) -> &[usize] {
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

    /// Whether `binding` can authorize `request` at all in `namespace`
    /// (`None`: whichever namespace the binding has): a ClusterRoleBinding
    /// always; a RoleBinding only in its own namespace, and only for a
    /// request that carries it.
    pub fn binding_reaches(
        &self,
        binding: usize,
        request: &Request,
        namespace: Option<&str>,
    ) -> bool {
        match self.scope(binding) {
            Scope::Cluster => true,
            Scope::Namespace(own) => {
                namespace.is_none_or(|ns| own.as_deref() == Some(ns))
                    && request_in_reach(self.catalogue, request, own.as_deref())
            }
        }
    }

    /// The resources of a grant's rule that take no effect because the
    /// grant comes through a RoleBinding and they are cluster-scoped
    /// (empty for ClusterRoleBindings).
    pub fn out_of_reach(&self, grant: &Grant) -> Vec<&'a str> {
        if self.scope(grant.binding) == Scope::Cluster {
            return Vec::new();
        }
        let rule = self.rule(grant.rule);
        let names = resources(rule);
        cluster_only_resources(self.catalogue, rule)
            .into_iter()
            .map(|i| names[i].as_str())
            .collect()
    }

    /// The verbs of a grant's rule on `namespaces` that take no effect
    /// because the grant comes through a RoleBinding, which reaches only its
    /// own Namespace object, and only with get/update/patch/delete.
    pub fn namespace_verbs_out_of_reach(&self, grant: &Grant) -> Vec<&'a str> {
        if self.scope(grant.binding) == Scope::Cluster {
            return Vec::new();
        }
        namespace_verbs_out_of_reach(self.catalogue, self.rule(grant.rule))
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
    /// `request` in `namespace` (empty: denied). `None` is a request that
    /// carries no namespace (a cluster-scoped resource, a list across all
    /// namespaces, a URL): only ClusterRoleBindings count; and a RoleBinding
    /// never authorizes a request its namespace cannot hold.
    pub fn grants(
        &self,
        identity: &Identity,
        request: &Request,
        namespace: Option<&'a str>,
    ) -> Vec<Grant> {
        let mut grants = Vec::new();
        for binding in self.bindings_for(namespace) {
            if !self.binding_reaches(binding, request, namespace) {
                continue;
            }
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
    /// every namespace when `None`; the grant's scope says which) when the
    /// request carries their namespace.
    pub fn who_can(&self, request: &Request, namespace: Option<&str>) -> Vec<Grant> {
        let mut grants = Vec::new();
        for &binding in &self.bindings {
            if !self.binding_reaches(binding, request, namespace) {
                continue;
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
    /// the first allowing rule: the input's, bound or not, and the built-in
    /// roles some binding of the input references. A Role counts only for
    /// requests its namespace can hold.
    pub fn roles_allowing(&self, request: &Request) -> Vec<(usize, Origin)> {
        (0..self.all.len())
            .filter(|&i| match self.all[i].rbac {
                Rbac::Role(_) => {
                    request_in_reach(self.catalogue, request, self.all[i].id.namespace.as_deref())
                }
                Rbac::ClusterRole(_) => true,
                _ => false,
            })
            .filter(|&i| i < self.objects.len() || !self.bindings_of(i).is_empty())
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

    /// Every rule `identity` holds, per binding, whatever the namespace,
    /// that can take effect: a rule held through a RoleBinding counts only
    /// if part of it is namespaced ([`Policy::out_of_reach`] names the rest).
    pub fn access(&self, identity: &Identity) -> Vec<Grant> {
        self.held(identity, true)
    }

    /// The rules `identity` holds through RoleBindings that take no effect:
    /// only cluster-scoped resources or non-resource URLs.
    pub fn access_without_effect(&self, identity: &Identity) -> Vec<Grant> {
        self.held(identity, false)
    }

    /// The rules `identity` holds, those that can take effect or the others.
    fn held(&self, identity: &Identity, effective: bool) -> Vec<Grant> {
        let mut grants = Vec::new();
        for &binding in &self.bindings {
            let Some(subject) = self.subject_for(binding, identity) else {
                continue;
            };
            let cluster = self.scope(binding) == Scope::Cluster;
            for &role in self.role_ref_targets(binding) {
                grants.extend(
                    self.effective[role]
                        .iter()
                        .filter(|&&rule| {
                            effective == (cluster || rule_in_reach(self.catalogue, self.rule(rule)))
                        })
                        .map(|&rule| Grant {
                            binding,
                            subject,
                            role,
                            rule,
                        }),
                );
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
