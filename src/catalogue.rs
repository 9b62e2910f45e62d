//! The API catalogue: which API group serves which resource.
//!
//! Built-in resources come from k8s-openapi's `Resource` impls (group and
//! plural name of every top-level type of the newest Kubernetes it supports);
//! CustomResourceDefinitions found in the input add their own.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope, Resource, SubResourceScope};

use crate::load::CrdInfo;
use crate::subresources;

/// Which scopes are top-level resources (subresource types such as
/// `TokenRequest` are served under their parent and are left out).
trait TopLevel {
    const TOP_LEVEL: bool;
}
impl TopLevel for ClusterResourceScope {
    const TOP_LEVEL: bool = true;
}
impl TopLevel for NamespaceResourceScope {
    const TOP_LEVEL: bool = true;
}
impl TopLevel for SubResourceScope {
    const TOP_LEVEL: bool = false;
}

fn entry<T>() -> Option<(&'static str, &'static str)>
where
    T: Resource,
    T::Scope: TopLevel,
{
    <T::Scope as TopLevel>::TOP_LEVEL.then_some((T::GROUP, T::URL_PATH_SEGMENT))
}

macro_rules! builtin {
    ($($ty:path),* $(,)?) => {
        /// `(group, resource)` of every top-level built-in type.
        fn builtin_resources() -> Vec<(&'static str, &'static str)> {
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

/// Resources RBAC authorizes though no endpoint lists them: the targets of
/// `impersonate` and of `approve`/`sign` on signers.
const VIRTUAL: &[(&str, &str)] = &[
    ("", "users"),
    ("", "groups"),
    ("authentication.k8s.io", "userextras"),
    ("authentication.k8s.io", "uids"),
    ("certificates.k8s.io", "signers"),
];

/// Resources that Kubernetes served once and removed; roles still name them
/// for older clusters, and their groups are not wrong for them.
const REMOVED: &[(&str, &str)] = &[
    ("policy", "podsecuritypolicies"),
    ("extensions", "podsecuritypolicies"),
    ("extensions", "deployments"),
    ("extensions", "daemonsets"),
    ("extensions", "replicasets"),
    ("extensions", "ingresses"),
    ("extensions", "networkpolicies"),
    ("extensions", "replicationcontrollers"),
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
}

impl Catalogue {
    /// The built-in Kubernetes API plus the CRDs of the input.
    pub fn new(crds: &[CrdInfo]) -> Self {
        let mut catalogue = Catalogue::default();
        for (group, resource) in builtin_resources()
            .into_iter()
            .chain(VIRTUAL.iter().copied())
            .chain(REMOVED.iter().copied())
        {
            catalogue.add(group, resource);
        }
        for &(group, resource, subs) in subresources::BUILTIN_SUBRESOURCES {
            catalogue.add_subresources(group, resource, subs);
        }
        for crd in crds {
            catalogue.add_api(&crd.group, &crd.plural);
            catalogue.add_subresources(&crd.group, &crd.plural, subresources::CRD_SUBRESOURCES);
        }
        catalogue
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

    /// Every resource of `group` (for did-you-mean).
    pub fn resources_of(&self, group: &str) -> impl Iterator<Item = &str> {
        self.by_group
            .get(group)
            .into_iter()
            .flatten()
            .map(String::as_str)
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
        !VIRTUAL.iter().any(|(_, r)| *r == base) && self.groups_serving(resource).next().is_some()
    }

    /// Whether Kubernetes removed `resource` from `group` (known only for
    /// old manifests, e.g. `extensions` deployments).
    pub fn is_removed(&self, group: &str, resource: &str) -> bool {
        let base = resource.split('/').next().unwrap_or(resource);
        REMOVED.contains(&(group, base))
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
        let c = Catalogue::new(&[CrdInfo {
            group: "example.com".into(),
            plural: "widgets".into(),
        }]);
        assert!(c.serves("example.com", "widgets/status"));
    }
}
