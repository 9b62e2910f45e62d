//! The roles every cluster has before anyone applies a manifest: the
//! default RBAC policy of the API server (plugin/pkg/auth/authorizer/rbac/
//! bootstrappolicy, Kubernetes 1.34). A roleRef to one of them is never
//! "missing".

/// The default ClusterRoles (plus every `system:controller:*`, whose set
/// changes with the controllers of each release).
pub const CLUSTER_ROLES: &[&str] = &[
    "admin",
    "cluster-admin",
    "edit",
    "view",
    "system:aggregate-to-admin",
    "system:aggregate-to-edit",
    "system:aggregate-to-view",
    "system:auth-delegator",
    "system:basic-user",
    "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
    "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
    "system:certificates.k8s.io:kube-apiserver-client-approver",
    "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
    "system:certificates.k8s.io:kubelet-serving-approver",
    "system:certificates.k8s.io:legacy-unknown-approver",
    "system:discovery",
    "system:heapster",
    "system:kube-aggregator",
    "system:kube-controller-manager",
    "system:kube-dns",
    "system:kube-scheduler",
    "system:kubelet-api-admin",
    "system:monitoring",
    "system:node",
    "system:node-bootstrapper",
    "system:node-problem-detector",
    "system:node-proxier",
    "system:persistent-volume-provisioner",
    "system:public-info-viewer",
    "system:service-account-issuer-discovery",
    "system:volume-scheduler",
];

/// The default Roles, as `(namespace, name)`.
pub const ROLES: &[(&str, &str)] = &[
    ("kube-public", "system:controller:bootstrap-signer"),
    ("kube-system", "extension-apiserver-authentication-reader"),
    (
        "kube-system",
        "system::leader-locking-kube-controller-manager",
    ),
    ("kube-system", "system::leader-locking-kube-scheduler"),
    ("kube-system", "system:controller:bootstrap-signer"),
    ("kube-system", "system:controller:cloud-provider"),
    ("kube-system", "system:controller:token-cleaner"),
];

pub fn is_cluster_role(name: &str) -> bool {
    CLUSTER_ROLES.contains(&name) || name.starts_with("system:controller:")
}

/// A default Role; a binding without namespace may be applied to any, so it
/// counts when the name is one of them.
pub fn is_role(namespace: Option<&str>, name: &str) -> bool {
    ROLES
        .iter()
        .any(|(ns, n)| *n == name && namespace.is_none_or(|given| given == *ns))
}
