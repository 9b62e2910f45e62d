//! What the k8s-openapi types do not say about the API's subresources: those
//! of built-in resources, the kubelet's, and those RBAC checks for every
//! resource. (Virtual and removed resources are in the catalogue.)

/// `(group, resource, subresources)` of the built-in API (Kubernetes 1.34),
/// plus the kubelet's authorization subresources of `nodes`.
pub const BUILTIN_SUBRESOURCES: &[(&str, &str, &[&str])] = &[
    (
        "",
        "pods",
        &[
            "status",
            "log",
            "exec",
            "attach",
            "portforward",
            "proxy",
            "binding",
            "eviction",
            "ephemeralcontainers",
            "resize",
        ],
    ),
    (
        "",
        "nodes",
        &[
            "status",
            "proxy",
            "metrics",
            "stats",
            "log",
            "spec",
            "configz",
            "healthz",
            "pods",
            "checkpoint",
        ],
    ),
    ("", "services", &["status", "proxy"]),
    ("", "namespaces", &["status", "finalize"]),
    ("", "serviceaccounts", &["token"]),
    ("", "replicationcontrollers", &["status", "scale"]),
    ("", "persistentvolumes", &["status"]),
    ("", "persistentvolumeclaims", &["status"]),
    ("", "resourcequotas", &["status"]),
    // `rollback`: removed with extensions/v1beta1, still in the bootstrap policy.
    ("apps", "deployments", &["status", "scale", "rollback"]),
    ("apps", "statefulsets", &["status", "scale"]),
    ("apps", "replicasets", &["status", "scale"]),
    ("apps", "daemonsets", &["status"]),
    ("batch", "jobs", &["status"]),
    ("batch", "cronjobs", &["status"]),
    ("autoscaling", "horizontalpodautoscalers", &["status"]),
    (
        "certificates.k8s.io",
        "certificatesigningrequests",
        // nodeclient, selfnodeclient: checked by the CSR auto-approver.
        &["status", "approval", "nodeclient", "selfnodeclient"],
    ),
    ("policy", "poddisruptionbudgets", &["status"]),
    ("networking.k8s.io", "ingresses", &["status"]),
    ("networking.k8s.io", "servicecidrs", &["status"]),
    (
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        &["status"],
    ),
    ("apiregistration.k8s.io", "apiservices", &["status"]),
    (
        "admissionregistration.k8s.io",
        "validatingadmissionpolicies",
        &["status"],
    ),
    ("flowcontrol.apiserver.k8s.io", "flowschemas", &["status"]),
    (
        "flowcontrol.apiserver.k8s.io",
        "prioritylevelconfigurations",
        &["status"],
    ),
    ("storage.k8s.io", "volumeattachments", &["status"]),
    ("resource.k8s.io", "resourceclaims", &["status", "binding"]),
    ("resource.k8s.io", "deviceclasses", &[]),
    (
        "storagemigration.k8s.io",
        "storageversionmigrations",
        &["status"],
    ),
    ("internal.apiserver.k8s.io", "storageversions", &["status"]),
    // Newer types with a status field (k8s-openapi 1.37): every built-in
    // type with one is listed, so a built-in resource without an entry here
    // has no `status` (`configmaps/status`; unknown-resource relies on it).
    ("certificates.k8s.io", "podcertificaterequests", &["status"]),
    ("resource.k8s.io", "devicetaintrules", &["status"]),
    ("resource.k8s.io", "resourcepoolstatusrequests", &["status"]),
    ("scheduling.k8s.io", "podgroups", &["status"]),
    ("scheduling.k8s.io", "compositepodgroups", &["status"]),
    ("lifecycle.k8s.io", "evictions", &["status"]),
    ("lifecycle.k8s.io", "evictionrequests", &["status"]),
    ("storage.k8s.io", "csinodes", &["status"]),
];

/// The subresource the OwnerReferencesPermissionEnforcement admission
/// plugin authorizes (`update` on `<resource>/finalizers` of an owner, to set
/// blockOwnerDeletion) for every resource, though no endpoint serves it.
pub const FINALIZERS: &str = "finalizers";

/// Subresources every CRD may have.
pub const CRD_SUBRESOURCES: &[&str] = &["status", "scale"];
