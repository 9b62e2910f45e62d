//! The API catalogue: which API group serves which resource.
//!
//! Built-in resources come from k8s-openapi's `Resource` impls (group and
//! plural name of every top-level type of the newest Kubernetes it supports);
//! CustomResourceDefinitions found in the input add their own. Each resource
//! also has a scope (namespaced or cluster-wide), which decides whether a
//! Role or a RoleBinding can ever grant it.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope, Resource, SubResourceScope};

use crate::subresources;

/// Where a resource lives: inside a namespace, or once for the cluster.
///
/// Requests on cluster-scoped resources carry no namespace, so only
/// ClusterRoleBindings authorize them: a Role or a RoleBinding never does
/// (the exception, one Namespace object, is [`Catalogue::grantable_in_namespace`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceScope {
    Namespaced,
    Cluster,
}

/// A CustomResourceDefinition in the input: what group and resource it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdInfo {
    pub group: String,
    pub plural: String,
    /// `spec.scope`; `None` when absent or not one of the two values.
    pub scope: Option<ResourceScope>,
    /// The subresources (`status`, `scale`) some version declares; `None`
    /// when the manifest lists no versions, so it cannot tell.
    pub subresources: Option<Vec<String>>,
}

/// The scope of a k8s-openapi scope type; `None` for subresource types
/// such as `TokenRequest`, which are served under their parent.
trait ScopeOf {
    const SCOPE: Option<ResourceScope>;
}
impl ScopeOf for ClusterResourceScope {
    const SCOPE: Option<ResourceScope> = Some(ResourceScope::Cluster);
}
impl ScopeOf for NamespaceResourceScope {
    const SCOPE: Option<ResourceScope> = Some(ResourceScope::Namespaced);
}
impl ScopeOf for SubResourceScope {
    const SCOPE: Option<ResourceScope> = None;
}

type BuiltinEntry = (&'static str, &'static str, ResourceScope);

fn entry<T>() -> Option<BuiltinEntry>
where
    T: Resource,
    T::Scope: ScopeOf,
{
    <T::Scope as ScopeOf>::SCOPE.map(|scope| (T::GROUP, T::URL_PATH_SEGMENT, scope))
}

macro_rules! builtin {
    ($($ty:path),* $(,)?) => {
        /// `(group, resource, scope)` of every top-level built-in type.
        fn builtin_resources() -> Vec<BuiltinEntry> {
            [$(entry::<$ty>()),*].into_iter().flatten().collect()
        }
    };
}

// Every type with a `Resource` impl in k8s-openapi (feature `latest`),
// listed with: grep -rn "impl crate::Resource for" src/v1_37
builtin! {
    k8s_openapi::api::admissionregistration::v1::MutatingAdmissionPolicy,
    k8s_openapi::api::admissionregistration::v1::MutatingAdmissionPolicyBinding,
    k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration,
    k8s_openapi::api::admissionregistration::v1::ValidatingAdmissionPolicy,
    k8s_openapi::api::admissionregistration::v1::ValidatingAdmissionPolicyBinding,
    k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration,
    k8s_openapi::api::admissionregistration::v1alpha1::MutatingAdmissionPolicy,
    k8s_openapi::api::admissionregistration::v1alpha1::MutatingAdmissionPolicyBinding,
    k8s_openapi::api::admissionregistration::v1beta1::MutatingAdmissionPolicy,
    k8s_openapi::api::admissionregistration::v1beta1::MutatingAdmissionPolicyBinding,
    k8s_openapi::api::apiserverinternal::v1alpha1::StorageVersion,
    k8s_openapi::api::apps::v1::ControllerRevision,
    k8s_openapi::api::apps::v1::DaemonSet,
    k8s_openapi::api::apps::v1::Deployment,
    k8s_openapi::api::apps::v1::ReplicaSet,
    k8s_openapi::api::apps::v1::StatefulSet,
    k8s_openapi::api::authentication::v1::SelfSubjectReview,
    k8s_openapi::api::authentication::v1::TokenRequest,
    k8s_openapi::api::authentication::v1::TokenReview,
    k8s_openapi::api::authorization::v1::LocalSubjectAccessReview,
    k8s_openapi::api::authorization::v1::SelfSubjectAccessReview,
    k8s_openapi::api::authorization::v1::SelfSubjectRulesReview,
    k8s_openapi::api::authorization::v1::SubjectAccessReview,
    k8s_openapi::api::autoscaling::v1::HorizontalPodAutoscaler,
    k8s_openapi::api::autoscaling::v1::Scale,
    k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler,
    k8s_openapi::api::batch::v1::CronJob,
    k8s_openapi::api::batch::v1::Job,
    k8s_openapi::api::certificates::v1::CertificateSigningRequest,
    k8s_openapi::api::certificates::v1::ClusterTrustBundle,
    k8s_openapi::api::certificates::v1::PodCertificateRequest,
    k8s_openapi::api::certificates::v1beta1::ClusterTrustBundle,
    k8s_openapi::api::certificates::v1beta1::PodCertificateRequest,
    k8s_openapi::api::coordination::v1::Lease,
    k8s_openapi::api::coordination::v1alpha2::LeaseCandidate,
    k8s_openapi::api::coordination::v1beta1::LeaseCandidate,
    k8s_openapi::api::core::v1::Binding,
    k8s_openapi::api::core::v1::ComponentStatus,
    k8s_openapi::api::core::v1::ConfigMap,
    k8s_openapi::api::core::v1::Endpoints,
    k8s_openapi::api::core::v1::Event,
    k8s_openapi::api::core::v1::LimitRange,
    k8s_openapi::api::core::v1::Namespace,
    k8s_openapi::api::core::v1::Node,
    k8s_openapi::api::core::v1::PersistentVolume,
    k8s_openapi::api::core::v1::PersistentVolumeClaim,
    k8s_openapi::api::core::v1::Pod,
    k8s_openapi::api::core::v1::PodTemplate,
    k8s_openapi::api::core::v1::ReplicationController,
    k8s_openapi::api::core::v1::ResourceQuota,
    k8s_openapi::api::core::v1::Secret,
    k8s_openapi::api::core::v1::Service,
    k8s_openapi::api::core::v1::ServiceAccount,
    k8s_openapi::api::discovery::v1::EndpointSlice,
    k8s_openapi::api::events::v1::Event,
    k8s_openapi::api::flowcontrol::v1::FlowSchema,
    k8s_openapi::api::flowcontrol::v1::PriorityLevelConfiguration,
    k8s_openapi::api::lifecycle::v1alpha1::Eviction,
    k8s_openapi::api::lifecycle::v1alpha1::EvictionRequest,
    k8s_openapi::api::networking::v1::IPAddress,
    k8s_openapi::api::networking::v1::Ingress,
    k8s_openapi::api::networking::v1::IngressClass,
    k8s_openapi::api::networking::v1::NetworkPolicy,
    k8s_openapi::api::networking::v1::ServiceCIDR,
    k8s_openapi::api::node::v1::RuntimeClass,
    k8s_openapi::api::policy::v1::Eviction,
    k8s_openapi::api::policy::v1::PodDisruptionBudget,
    k8s_openapi::api::rbac::v1::ClusterRole,
    k8s_openapi::api::rbac::v1::ClusterRoleBinding,
    k8s_openapi::api::rbac::v1::Role,
    k8s_openapi::api::rbac::v1::RoleBinding,
    k8s_openapi::api::resource::v1::DeviceClass,
    k8s_openapi::api::resource::v1::DeviceTaintRule,
    k8s_openapi::api::resource::v1::ResourceClaim,
    k8s_openapi::api::resource::v1::ResourceClaimTemplate,
    k8s_openapi::api::resource::v1::ResourceSlice,
    k8s_openapi::api::resource::v1alpha3::DeviceTaintRule,
    k8s_openapi::api::resource::v1alpha3::ResourcePoolStatusRequest,
    k8s_openapi::api::resource::v1beta1::DeviceClass,
    k8s_openapi::api::resource::v1beta1::ResourceClaim,
    k8s_openapi::api::resource::v1beta1::ResourceClaimTemplate,
    k8s_openapi::api::resource::v1beta1::ResourceSlice,
    k8s_openapi::api::resource::v1beta2::DeviceClass,
    k8s_openapi::api::resource::v1beta2::DeviceTaintRule,
    k8s_openapi::api::resource::v1beta2::ResourceClaim,
    k8s_openapi::api::resource::v1beta2::ResourceClaimTemplate,
    k8s_openapi::api::resource::v1beta2::ResourceSlice,
    k8s_openapi::api::scheduling::v1::PriorityClass,
    k8s_openapi::api::scheduling::v1alpha3::CompositePodGroup,
    k8s_openapi::api::scheduling::v1alpha3::PodGroup,
    k8s_openapi::api::scheduling::v1alpha3::Workload,
    k8s_openapi::api::scheduling::v1beta1::PodGroup,
    k8s_openapi::api::scheduling::v1beta1::Workload,
    k8s_openapi::api::storage::v1::CSIDriver,
    k8s_openapi::api::storage::v1::CSINode,
    k8s_openapi::api::storage::v1::CSIStorageCapacity,
    k8s_openapi::api::storage::v1::StorageClass,
    k8s_openapi::api::storage::v1::VolumeAttachment,
    k8s_openapi::api::storage::v1::VolumeAttributesClass,
    k8s_openapi::api::storagemigration::v1::StorageVersionMigration,
    k8s_openapi::api::storagemigration::v1beta1::StorageVersionMigration,
    k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
    k8s_openapi::apimachinery::pkg::apis::meta::v1::APIGroup,
    k8s_openapi::apimachinery::pkg::apis::meta::v1::APIGroupList,
    k8s_openapi::apimachinery::pkg::apis::meta::v1::APIResourceList,
    k8s_openapi::apimachinery::pkg::apis::meta::v1::APIVersions,
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Status,
    k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1::APIService,
}

use ResourceScope::{Cluster, Namespaced};

/// Resources RBAC authorizes though no endpoint lists them: the targets of
/// `impersonate` and of `approve`/`sign` on signers. The authorizer checks
/// them with no namespace (impersonating a ServiceAccount is the exception:
/// `serviceaccounts` is an ordinary namespaced resource).
const VIRTUAL: &[BuiltinEntry] = &[
    ("", "users", Cluster),
    ("", "groups", Cluster),
    ("authentication.k8s.io", "userextras", Cluster),
    ("authentication.k8s.io", "uids", Cluster),
    ("certificates.k8s.io", "signers", Cluster),
];

/// Resources that Kubernetes served once and removed; roles still name them
/// for older clusters, and their groups are not wrong for them.
const REMOVED: &[BuiltinEntry] = &[
    ("policy", "podsecuritypolicies", Cluster),
    ("extensions", "podsecuritypolicies", Cluster),
    ("extensions", "deployments", Namespaced),
    ("extensions", "daemonsets", Namespaced),
    ("extensions", "replicasets", Namespaced),
    ("extensions", "ingresses", Namespaced),
    ("extensions", "networkpolicies", Namespaced),
    ("extensions", "replicationcontrollers", Namespaced),
];

/// APIs that Kubernetes SIGs define and clusters install as CRDs (Gateway
/// API, VolumeSnapshot, COSI): resource, scope and the subresources their
/// CRD manifests declare, so roles for them are judged though the CRDs are
/// not in the input. Their groups stay partly known (channels add kinds), so
/// only near misses of these names are unknown; an input CRD adds to them.
#[rustfmt::skip]
const SIG_CRD_APIS: &[(&str, &str, ResourceScope, &[&str])] = &[
    ("gateway.networking.k8s.io", "gatewayclasses", Cluster, &["status"]),
    ("gateway.networking.k8s.io", "gateways", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "httproutes", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "grpcroutes", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "tlsroutes", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "tcproutes", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "udproutes", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "backendtlspolicies", Namespaced, &["status"]),
    ("gateway.networking.k8s.io", "referencegrants", Namespaced, &[]),
    ("snapshot.storage.k8s.io", "volumesnapshots", Namespaced, &["status"]),
    ("snapshot.storage.k8s.io", "volumesnapshotcontents", Cluster, &["status"]),
    ("snapshot.storage.k8s.io", "volumesnapshotclasses", Cluster, &[]),
    ("objectstorage.k8s.io", "buckets", Cluster, &["status"]),
    ("objectstorage.k8s.io", "bucketclaims", Namespaced, &["status"]),
    ("objectstorage.k8s.io", "bucketaccesses", Namespaced, &["status"]),
    ("objectstorage.k8s.io", "bucketclasses", Cluster, &[]),
    ("objectstorage.k8s.io", "bucketaccessclasses", Cluster, &[]),
];

/// Groups and the resources they serve.
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    by_group: BTreeMap<String, BTreeSet<String>>,
    /// Known subresources per `(group, resource)`; a resource absent here
    /// has subresources nobody listed, which are not judged.
    subresources: BTreeMap<(String, String), BTreeSet<String>>,
    /// Groups whose resources come only from the input (its CRDs, or the
    /// config's extra APIs): the input may hold just some of them, so what
    /// they do not serve is uncertain.
    crd_only: BTreeSet<String>,
    /// The scope of each known `(group, resource)`.
    scopes: BTreeMap<(String, String), ResourceScope>,
}

impl Catalogue {
    /// The built-in Kubernetes API, the SIGs' CRD APIs, and the CRDs of the input.
    pub fn new(crds: &[CrdInfo]) -> Self {
        let mut catalogue = Catalogue::default();
        for (group, resource, scope) in builtin_resources()
            .into_iter()
            .chain(VIRTUAL.iter().copied())
            .chain(REMOVED.iter().copied())
        {
            catalogue.add(group, resource);
            catalogue.set_scope(group, resource, scope);
        }
        for &(group, resource, subs) in subresources::BUILTIN_SUBRESOURCES {
            catalogue.add_subresources(group, resource, subs);
        }
        for &(group, plural, scope, subs) in SIG_CRD_APIS {
            catalogue.add_crd(group, plural, Some(scope), subs);
        }
        for crd in crds {
            let subs: Vec<&str> = match &crd.subresources {
                Some(declared) => declared.iter().map(String::as_str).collect(),
                None => subresources::CRD_SUBRESOURCES.to_vec(),
            };
            catalogue.add_crd(&crd.group, &crd.plural, crd.scope, &subs);
        }
        catalogue
    }

    /// Adds the resource a CRD defines, with its scope when known and the
    /// subresources it may serve.
    fn add_crd(&mut self, group: &str, plural: &str, scope: Option<ResourceScope>, subs: &[&str]) {
        self.add_api(group, plural);
        if let Some(scope) = scope {
            self.set_scope(group, plural, scope);
        }
        self.add_subresources(group, plural, subs);
    }

    /// Adds an API the built-in catalogue lacks (a CRD, or the config's
    /// `extra-apis`): `resource` may be `R/sub`, which also makes `sub` a
    /// known subresource. A group new to the catalogue counts as partly known.
    pub fn add_api(&mut self, group: &str, resource: &str) {
        if !self.by_group.contains_key(group) {
            self.crd_only.insert(group.to_string());
        }
        match resource.split_once('/') {
            Some((base, sub)) => {
                self.add(group, base);
                self.add_subresources(group, base, &[sub]);
            }
            None => self.add(group, resource),
        }
    }

    fn add_subresources(&mut self, group: &str, resource: &str, subs: &[&str]) {
        self.subresources
            .entry((group.to_string(), resource.to_string()))
            .or_default()
            .extend(subs.iter().map(|s| s.to_string()));
    }

    /// Whether `group` serves subresource `sub` of `resource`: `None` when
    /// the catalogue cannot tell (no list of that resource's subresources).
    /// `finalizers` of any resource is authorized (OwnerReferencesPermissionEnforcement
    /// checks `update` on it) though never served.
    pub fn serves_subresource(&self, group: &str, resource: &str, sub: &str) -> Option<bool> {
        if group == "authentication.k8s.io" && resource == "userextras" {
            return Some(!sub.is_empty());
        }
        if sub == subresources::FINALIZERS {
            return Some(true);
        }
        self.subresources
            .get(&(group.to_string(), resource.to_string()))
            .map(|subs| subs.contains(sub))
    }

    /// Whether `group` certainly has no subresource `sub` of `resource`:
    /// its subresources are listed without it, or, for `status`, it is a
    /// built-in resource (every built-in status is listed, so none listed
    /// means none). Removed resources, `extensions` deployments, are not
    /// judged.
    pub fn lacks_subresource(&self, group: &str, resource: &str, sub: &str) -> bool {
        match self.serves_subresource(group, resource, sub) {
            Some(served) => !served,
            None => {
                sub == "status" && self.knows_all_of(group) && !self.is_removed(group, resource)
            }
        }
    }

    /// Every resource of `group` (for did-you-mean).
    pub fn resources_of(&self, group: &str) -> impl Iterator<Item = &str> {
        self.by_group
            .get(group)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Every known group (for did-you-mean).
    pub fn groups(&self) -> impl Iterator<Item = &str> {
        self.by_group.keys().map(String::as_str)
    }

    /// Every resource of every group, once each (for did-you-mean).
    pub fn all_resources(&self) -> impl Iterator<Item = &str> {
        let names: BTreeSet<&str> = self
            .by_group
            .values()
            .flatten()
            .map(String::as_str)
            .collect();
        names.into_iter()
    }

    /// Every known subresource of `resource` in `group` (for did-you-mean).
    pub fn subresources_of(&self, group: &str, resource: &str) -> impl Iterator<Item = &str> {
        self.subresources
            .get(&(group.to_string(), resource.to_string()))
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    fn add(&mut self, group: &str, resource: &str) {
        self.by_group
            .entry(group.to_string())
            .or_default()
            .insert(resource.to_string());
    }

    fn set_scope(&mut self, group: &str, resource: &str, scope: ResourceScope) {
        self.scopes
            .insert((group.to_string(), resource.to_string()), scope);
    }

    /// The scope of `resource` (a `R/sub` has the scope of `R`) in `group`;
    /// with group `*`, the scope every group serving it agrees on. `None`
    /// when unknown: an unknown resource may be either.
    pub fn scope(&self, group: &str, resource: &str) -> Option<ResourceScope> {
        let base = resource.split('/').next().unwrap_or(resource);
        if group == "*" {
            let mut scopes = self
                .scopes
                .iter()
                .filter(|((_, r), _)| r == base)
                .map(|(_, scope)| *scope);
            let first = scopes.next()?;
            return scopes.all(|s| s == first).then_some(first);
        }
        self.scopes
            .get(&(group.to_string(), base.to_string()))
            .copied()
    }

    /// Whether a Role, or a RoleBinding's namespace, can ever grant `verb` on
    /// `resource` in `group`: not when the resource is cluster-scoped, except
    /// that get/update/patch/delete on `namespaces` (and its subresources)
    /// reach the binding's own Namespace object, since a request for
    /// `/api/v1/namespaces/NAME` carries namespace NAME. Two checks on
    /// cluster-scoped resources carry a namespace too: `bind` on
    /// `clusterroles` when a RoleBinding is written (the binding's namespace,
    /// rbac BindingAuthorized) and `use` on `podsecuritypolicies` (the pod's
    /// namespace, PodSecurityPolicy admission). Unknown resources may be
    /// namespaced, so they count as grantable.
    pub fn grantable_in_namespace(&self, group: &str, resource: &str, verb: &str) -> bool {
        let base = resource.split('/').next().unwrap_or(resource);
        let in_group = |own: &[&str]| group == "*" || own.contains(&group);
        if base == "namespaces" && in_group(&[""]) {
            return matches!(verb, "get" | "update" | "patch" | "delete" | "*");
        }
        let namespaced_check = match base {
            "clusterroles" => in_group(&[crate::model::RBAC_GROUP]) && matches!(verb, "bind" | "*"),
            "podsecuritypolicies" => {
                in_group(&["policy", "extensions"]) && matches!(verb, "use" | "*")
            }
            _ => false,
        };
        namespaced_check || self.scope(group, resource) != Some(ResourceScope::Cluster)
    }

    /// Whether the catalogue knows `group` at all.
    pub fn knows_group(&self, group: &str) -> bool {
        self.by_group.contains_key(group)
    }

    /// Whether every resource `group` serves is known: true for built-in groups,
    /// false for groups known only from CRDs in the input.
    pub fn knows_all_of(&self, group: &str) -> bool {
        self.knows_group(group) && !self.crd_only.contains(group)
    }

    /// Whether some group serves `resource` (a real endpoint, not a virtual one).
    pub fn serves_anywhere(&self, resource: &str) -> bool {
        let base = resource.split('/').next().unwrap_or(resource);
        !VIRTUAL.iter().any(|(_, r, _)| *r == base)
            && self.groups_serving(resource).next().is_some()
    }

    /// Whether Kubernetes removed `resource` from `group` (known only for
    /// old manifests, e.g. `extensions` deployments).
    pub fn is_removed(&self, group: &str, resource: &str) -> bool {
        let base = resource.split('/').next().unwrap_or(resource);
        REMOVED.iter().any(|(g, r, _)| *g == group && *r == base)
    }

    /// Whether `group` serves `resource` (a `R/sub` counts as `R`).
    pub fn serves(&self, group: &str, resource: &str) -> bool {
        let base = resource.split('/').next().unwrap_or(resource);
        self.by_group
            .get(group)
            .is_some_and(|resources| resources.contains(base))
    }

    /// The groups that serve `resource`, for did-you-mean help.
    pub fn groups_serving<'a>(&'a self, resource: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let base = resource.split('/').next().unwrap_or(resource);
        self.by_group
            .iter()
            .filter(move |(_, resources)| resources.contains(base))
            .map(|(group, _)| group.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CRD of the input; `subs` is `None` when it lists no versions.
    fn crd(
        group: &str,
        plural: &str,
        scope: Option<ResourceScope>,
        subs: Option<&[&str]>,
    ) -> CrdInfo {
        CrdInfo {
            group: group.into(),
            plural: plural.into(),
            scope,
            subresources: subs.map(|subs| subs.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn builtin_groups_serve_their_resources() {
        let c = Catalogue::new(&[]);
        assert!(c.serves("", "pods"));
        assert!(c.serves("", "pods/status"));
        assert!(c.serves("apps", "deployments"));
        assert!(!c.serves("apps", "configmaps"));
        assert!(c.serves("rbac.authorization.k8s.io", "clusterroles"));
        assert!(c.serves("apiextensions.k8s.io", "customresourcedefinitions"));
        assert!(!c.knows_group("example.com"));
        // Subresource types are not resources of their own.
        assert!(!c.serves("authentication.k8s.io", "token"));
        assert_eq!(
            c.groups_serving("deployments").collect::<Vec<_>>(),
            ["apps", "extensions"]
        );
    }

    #[test]
    fn crds_extend_the_catalogue() {
        let c = Catalogue::new(&[crd("example.com", "widgets", Some(Cluster), None)]);
        assert!(c.serves("example.com", "widgets/status"));
        assert_eq!(c.scope("example.com", "widgets"), Some(Cluster));
        // A CRD that lists no versions may serve either subresource.
        assert!(!c.lacks_subresource("example.com", "widgets", "status"));
        assert!(!c.lacks_subresource("example.com", "widgets", "scale"));
    }

    #[test]
    fn a_crd_serves_only_the_subresources_it_declares() {
        let declaring = |plural, subs| crd("example.com", plural, None, Some(subs));
        // The same CRD twice (two copies of a chart): what either declares.
        let c = Catalogue::new(&[
            declaring("widgets", &["status"]),
            declaring("gadgets", &[]),
            declaring("gadgets", &["scale"]),
        ]);
        assert!(!c.lacks_subresource("example.com", "widgets", "status"));
        assert!(c.lacks_subresource("example.com", "widgets", "scale"));
        assert!(c.lacks_subresource("example.com", "gadgets", "status"));
        assert!(!c.lacks_subresource("example.com", "gadgets", "scale"));
        // `finalizers` is authorized for every resource.
        assert!(!c.lacks_subresource("example.com", "gadgets", "finalizers"));
    }

    #[test]
    fn the_sigs_crd_apis_are_known_without_their_crds() {
        let c = Catalogue::new(&[]);
        assert_eq!(
            c.scope("gateway.networking.k8s.io", "gatewayclasses"),
            Some(Cluster)
        );
        assert_eq!(
            c.scope("objectstorage.k8s.io", "bucketclaims"),
            Some(Namespaced)
        );
        assert!(c.lacks_subresource("gateway.networking.k8s.io", "referencegrants", "status"));
        assert!(!c.lacks_subresource("gateway.networking.k8s.io", "httproutes", "status"));
        assert!(c.lacks_subresource("objectstorage.k8s.io", "bucketaccessclasses", "status"));
        // Partly known: a kind a later release adds is not judged.
        assert!(!c.knows_all_of("gateway.networking.k8s.io"));
        // An input CRD adds what it declares.
        let c = Catalogue::new(&[crd(
            "gateway.networking.k8s.io",
            "referencegrants",
            Some(Namespaced),
            Some(&["status"]),
        )]);
        assert!(!c.lacks_subresource("gateway.networking.k8s.io", "referencegrants", "status"));
    }

    #[test]
    fn scopes_come_from_k8s_openapi() {
        let c = Catalogue::new(&[]);
        assert_eq!(c.scope("", "pods"), Some(Namespaced));
        assert_eq!(c.scope("", "pods/exec"), Some(Namespaced));
        assert_eq!(c.scope("", "nodes/proxy"), Some(Cluster));
        assert_eq!(c.scope("", "persistentvolumes"), Some(Cluster));
        assert_eq!(
            c.scope("apiextensions.k8s.io", "customresourcedefinitions"),
            Some(Cluster)
        );
        assert_eq!(
            c.scope("rbac.authorization.k8s.io", "roles"),
            Some(Namespaced)
        );
        assert_eq!(
            c.scope("rbac.authorization.k8s.io", "clusterroles"),
            Some(Cluster)
        );
        assert_eq!(c.scope("certificates.k8s.io", "signers"), Some(Cluster));
        assert_eq!(c.scope("*", "deployments"), Some(Namespaced));
        assert_eq!(c.scope("example.com", "widgets"), None);
        // One Namespace object is reachable from its own namespace.
        assert!(c.grantable_in_namespace("", "namespaces", "patch"));
        assert!(!c.grantable_in_namespace("", "namespaces", "list"));
        assert!(!c.grantable_in_namespace("", "namespaces", "create"));
        assert!(!c.grantable_in_namespace("", "nodes", "get"));
        assert!(c.grantable_in_namespace("example.com", "widgets", "get"));
        // Checks that carry a namespace though the resource is cluster-scoped.
        assert!(c.grantable_in_namespace("rbac.authorization.k8s.io", "clusterroles", "bind"));
        assert!(!c.grantable_in_namespace("rbac.authorization.k8s.io", "clusterroles", "escalate"));
        assert!(!c.grantable_in_namespace("rbac.authorization.k8s.io", "clusterroles", "get"));
        assert!(c.grantable_in_namespace("policy", "podsecuritypolicies", "use"));
        assert!(!c.grantable_in_namespace("policy", "podsecuritypolicies", "create"));
    }
}
