//! Transcribed from Kubernetes' bootstrap policy (plugin/pkg/auth/authorizer/
//! rbac/bootstrappolicy/testdata, v1.34): the default ClusterRoles and the
//! default Roles of kube-system and kube-public, rule for rule in the order
//! the API server writes them. `bootstrap::tests` compares this with the
//! published YAML when the shared corpus is present.

use super::{cluster_role, named, role, rule, urls, BuiltinRole};

/// The default ClusterRoles.
pub const CLUSTER_ROLES: &[BuiltinRole] = &[
    cluster_role("admin", &[]).aggregating("admin"),
    cluster_role(
        "cluster-admin",
        &[rule(&["*"], &["*"], &["*"]), urls(&["*"], &["*"])],
    ),
    cluster_role("edit", &[])
        .aggregating("edit")
        .aggregated_to(&["admin"]),
    cluster_role(
        "system:aggregate-to-admin",
        &[
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["localsubjectaccessreviews"],
            ),
            rule(
                &[
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch",
                ],
                &["rbac.authorization.k8s.io"],
                &["rolebindings", "roles"],
            ),
        ],
    )
    .aggregated_to(&["admin"]),
    cluster_role(
        "system:aggregate-to-edit",
        &[
            rule(
                &["get", "list", "watch"],
                &[""],
                &[
                    "pods/attach",
                    "pods/exec",
                    "pods/portforward",
                    "pods/proxy",
                    "secrets",
                    "services/proxy",
                ],
            ),
            rule(&["impersonate"], &[""], &["serviceaccounts"]),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &[""],
                &[
                    "pods",
                    "pods/attach",
                    "pods/exec",
                    "pods/portforward",
                    "pods/proxy",
                ],
            ),
            rule(&["create"], &[""], &["pods/eviction"]),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &[""],
                &[
                    "configmaps",
                    "events",
                    "persistentvolumeclaims",
                    "replicationcontrollers",
                    "replicationcontrollers/scale",
                    "secrets",
                    "serviceaccounts",
                    "services",
                    "services/proxy",
                ],
            ),
            rule(&["create"], &[""], &["serviceaccounts/token"]),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["apps"],
                &[
                    "daemonsets",
                    "deployments",
                    "deployments/rollback",
                    "deployments/scale",
                    "replicasets",
                    "replicasets/scale",
                    "statefulsets",
                    "statefulsets/scale",
                ],
            ),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["autoscaling"],
                &["horizontalpodautoscalers"],
            ),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["batch"],
                &["cronjobs", "jobs"],
            ),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["extensions"],
                &[
                    "daemonsets",
                    "deployments",
                    "deployments/rollback",
                    "deployments/scale",
                    "ingresses",
                    "networkpolicies",
                    "replicasets",
                    "replicasets/scale",
                    "replicationcontrollers/scale",
                ],
            ),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["policy"],
                &["poddisruptionbudgets"],
            ),
            rule(
                &["create", "delete", "deletecollection", "patch", "update"],
                &["networking.k8s.io"],
                &["ingresses", "networkpolicies"],
            ),
            rule(
                &[
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch",
                ],
                &["coordination.k8s.io"],
                &["leases"],
            ),
        ],
    )
    .aggregated_to(&["edit"]),
    cluster_role(
        "system:aggregate-to-view",
        &[
            rule(
                &["get", "list", "watch"],
                &[""],
                &[
                    "configmaps",
                    "endpoints",
                    "persistentvolumeclaims",
                    "persistentvolumeclaims/status",
                    "pods",
                    "replicationcontrollers",
                    "replicationcontrollers/scale",
                    "serviceaccounts",
                    "services",
                    "services/status",
                ],
            ),
            rule(
                &["get", "list", "watch"],
                &[""],
                &[
                    "bindings",
                    "events",
                    "limitranges",
                    "namespaces/status",
                    "pods/log",
                    "pods/status",
                    "replicationcontrollers/status",
                    "resourcequotas",
                    "resourcequotas/status",
                ],
            ),
            rule(&["get", "list", "watch"], &[""], &["namespaces"]),
            rule(
                &["get", "list", "watch"],
                &["discovery.k8s.io"],
                &["endpointslices"],
            ),
            rule(
                &["get", "list", "watch"],
                &["apps"],
                &[
                    "controllerrevisions",
                    "daemonsets",
                    "daemonsets/status",
                    "deployments",
                    "deployments/scale",
                    "deployments/status",
                    "replicasets",
                    "replicasets/scale",
                    "replicasets/status",
                    "statefulsets",
                    "statefulsets/scale",
                    "statefulsets/status",
                ],
            ),
            rule(
                &["get", "list", "watch"],
                &["autoscaling"],
                &[
                    "horizontalpodautoscalers",
                    "horizontalpodautoscalers/status",
                ],
            ),
            rule(
                &["get", "list", "watch"],
                &["batch"],
                &["cronjobs", "cronjobs/status", "jobs", "jobs/status"],
            ),
            rule(
                &["get", "list", "watch"],
                &["extensions"],
                &[
                    "daemonsets",
                    "daemonsets/status",
                    "deployments",
                    "deployments/scale",
                    "deployments/status",
                    "ingresses",
                    "ingresses/status",
                    "networkpolicies",
                    "replicasets",
                    "replicasets/scale",
                    "replicasets/status",
                    "replicationcontrollers/scale",
                ],
            ),
            rule(
                &["get", "list", "watch"],
                &["policy"],
                &["poddisruptionbudgets", "poddisruptionbudgets/status"],
            ),
            rule(
                &["get", "list", "watch"],
                &["networking.k8s.io"],
                &["ingresses", "ingresses/status", "networkpolicies"],
            ),
        ],
    )
    .aggregated_to(&["view"]),
    cluster_role(
        "system:auth-delegator",
        &[
            rule(&["create"], &["authentication.k8s.io"], &["tokenreviews"]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["subjectaccessreviews"],
            ),
        ],
    ),
    cluster_role(
        "system:basic-user",
        &[
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
            ),
            rule(
                &["create"],
                &["authentication.k8s.io"],
                &["selfsubjectreviews"],
            ),
        ],
    ),
    cluster_role(
        "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
        &[rule(
            &["create"],
            &["certificates.k8s.io"],
            &["certificatesigningrequests/nodeclient"],
        )],
    ),
    cluster_role(
        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
        &[rule(
            &["create"],
            &["certificates.k8s.io"],
            &["certificatesigningrequests/selfnodeclient"],
        )],
    ),
    cluster_role(
        "system:certificates.k8s.io:kube-apiserver-client-approver",
        &[named(
            &["approve"],
            &["certificates.k8s.io"],
            &["signers"],
            &["kubernetes.io/kube-apiserver-client"],
        )],
    ),
    cluster_role(
        "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
        &[named(
            &["approve"],
            &["certificates.k8s.io"],
            &["signers"],
            &["kubernetes.io/kube-apiserver-client-kubelet"],
        )],
    ),
    cluster_role(
        "system:certificates.k8s.io:kubelet-serving-approver",
        &[named(
            &["approve"],
            &["certificates.k8s.io"],
            &["signers"],
            &["kubernetes.io/kubelet-serving"],
        )],
    ),
    cluster_role(
        "system:certificates.k8s.io:legacy-unknown-approver",
        &[named(
            &["approve"],
            &["certificates.k8s.io"],
            &["signers"],
            &["kubernetes.io/legacy-unknown"],
        )],
    ),
    cluster_role(
        "system:discovery",
        &[urls(
            &["get"],
            &[
                "/api",
                "/api/*",
                "/apis",
                "/apis/*",
                "/healthz",
                "/livez",
                "/openapi",
                "/openapi/*",
                "/readyz",
                "/version",
                "/version/",
            ],
        )],
    ),
    cluster_role(
        "system:heapster",
        &[
            rule(
                &["get", "list", "watch"],
                &[""],
                &["events", "namespaces", "nodes", "pods"],
            ),
            rule(&["get", "list", "watch"], &["extensions"], &["deployments"]),
        ],
    ),
    cluster_role(
        "system:kube-aggregator",
        &[rule(
            &["get", "list", "watch"],
            &[""],
            &["endpoints", "services"],
        )],
    ),
    cluster_role(
        "system:kube-controller-manager",
        &[
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
            rule(&["create"], &["coordination.k8s.io"], &["leases"]),
            named(
                &["get", "update"],
                &["coordination.k8s.io"],
                &["leases"],
                &["kube-controller-manager"],
            ),
            rule(&["create"], &[""], &["secrets", "serviceaccounts"]),
            rule(&["delete"], &[""], &["secrets"]),
            rule(
                &["get"],
                &[""],
                &["configmaps", "namespaces", "secrets", "serviceaccounts"],
            ),
            rule(&["update"], &[""], &["secrets", "serviceaccounts"]),
            rule(&["create"], &["authentication.k8s.io"], &["tokenreviews"]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["subjectaccessreviews"],
            ),
            rule(&["list", "watch"], &["*"], &["*"]),
            rule(&["create"], &[""], &["serviceaccounts/token"]),
        ],
    ),
    cluster_role(
        "system:kube-dns",
        &[rule(&["list", "watch"], &[""], &["endpoints", "services"])],
    ),
    cluster_role(
        "system:kube-scheduler",
        &[
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
            rule(&["create"], &["coordination.k8s.io"], &["leases"]),
            named(
                &["get", "update"],
                &["coordination.k8s.io"],
                &["leases"],
                &["kube-scheduler"],
            ),
            rule(&["get", "list", "watch"], &[""], &["nodes"]),
            rule(&["delete", "get", "list", "watch"], &[""], &["pods"]),
            rule(&["create"], &[""], &["bindings", "pods/binding"]),
            rule(&["patch", "update"], &[""], &["pods/status"]),
            rule(
                &["get", "list", "watch"],
                &[""],
                &["replicationcontrollers", "services"],
            ),
            rule(
                &["get", "list", "watch"],
                &["apps", "extensions"],
                &["replicasets"],
            ),
            rule(&["get", "list", "watch"], &["apps"], &["statefulsets"]),
            rule(
                &["get", "list", "watch"],
                &["policy"],
                &["poddisruptionbudgets"],
            ),
            rule(
                &["get", "list", "watch"],
                &[""],
                &["persistentvolumeclaims", "persistentvolumes"],
            ),
            rule(&["create"], &["authentication.k8s.io"], &["tokenreviews"]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["subjectaccessreviews"],
            ),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["csinodes"],
            ),
            rule(&["get", "list", "watch"], &[""], &["namespaces"]),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["csidrivers"],
            ),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["csistoragecapacities"],
            ),
        ],
    ),
    cluster_role(
        "system:kubelet-api-admin",
        &[
            rule(&["get", "list", "watch"], &[""], &["nodes"]),
            rule(&["proxy"], &[""], &["nodes"]),
            rule(
                &["*"],
                &[""],
                &["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"],
            ),
        ],
    ),
    cluster_role(
        "system:monitoring",
        &[urls(
            &["get"],
            &[
                "/healthz",
                "/healthz/*",
                "/livez",
                "/livez/*",
                "/metrics",
                "/metrics/slis",
                "/readyz",
                "/readyz/*",
            ],
        )],
    ),
    cluster_role(
        "system:node",
        &[
            rule(&["create"], &["authentication.k8s.io"], &["tokenreviews"]),
            rule(
                &["create"],
                &["authorization.k8s.io"],
                &["localsubjectaccessreviews", "subjectaccessreviews"],
            ),
            rule(&["get", "list", "watch"], &[""], &["services"]),
            rule(&["create", "get", "list", "watch"], &[""], &["nodes"]),
            rule(&["patch", "update"], &[""], &["nodes/status"]),
            rule(&["patch", "update"], &[""], &["nodes"]),
            rule(&["create", "patch", "update"], &[""], &["events"]),
            rule(&["get", "list", "watch"], &[""], &["pods"]),
            rule(&["create", "delete"], &[""], &["pods"]),
            rule(&["patch", "update"], &[""], &["pods/status"]),
            rule(&["create"], &[""], &["pods/eviction"]),
            rule(&["get", "list", "watch"], &[""], &["configmaps", "secrets"]),
            rule(
                &["get"],
                &[""],
                &["persistentvolumeclaims", "persistentvolumes"],
            ),
            rule(&["get"], &[""], &["endpoints"]),
            rule(
                &["create", "get", "list", "watch"],
                &["certificates.k8s.io"],
                &["certificatesigningrequests"],
            ),
            rule(
                &["create", "delete", "get", "patch", "update"],
                &["coordination.k8s.io"],
                &["leases"],
            ),
            rule(&["get"], &["storage.k8s.io"], &["volumeattachments"]),
            rule(&["create"], &[""], &["serviceaccounts/token"]),
            rule(
                &["get", "patch", "update"],
                &[""],
                &["persistentvolumeclaims/status"],
            ),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["csidrivers"],
            ),
            rule(
                &["create", "delete", "get", "patch", "update"],
                &["storage.k8s.io"],
                &["csinodes"],
            ),
            rule(
                &["get", "list", "watch"],
                &["node.k8s.io"],
                &["runtimeclasses"],
            ),
        ],
    ),
    cluster_role(
        "system:node-bootstrapper",
        &[rule(
            &["create", "get", "list", "watch"],
            &["certificates.k8s.io"],
            &["certificatesigningrequests"],
        )],
    ),
    cluster_role(
        "system:node-problem-detector",
        &[
            rule(&["get"], &[""], &["nodes"]),
            rule(&["patch"], &[""], &["nodes/status"]),
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
        ],
    ),
    cluster_role(
        "system:node-proxier",
        &[
            rule(&["list", "watch"], &[""], &["endpoints", "services"]),
            rule(&["get", "list", "watch"], &[""], &["nodes"]),
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
            rule(
                &["list", "watch"],
                &["discovery.k8s.io"],
                &["endpointslices"],
            ),
        ],
    ),
    cluster_role(
        "system:persistent-volume-provisioner",
        &[
            rule(
                &["create", "delete", "get", "list", "watch"],
                &[""],
                &["persistentvolumes"],
            ),
            rule(
                &["get", "list", "update", "watch"],
                &[""],
                &["persistentvolumeclaims"],
            ),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["storageclasses"],
            ),
            rule(&["watch"], &[""], &["events"]),
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
        ],
    ),
    cluster_role(
        "system:public-info-viewer",
        &[urls(
            &["get"],
            &["/healthz", "/livez", "/readyz", "/version", "/version/"],
        )],
    ),
    cluster_role(
        "system:service-account-issuer-discovery",
        &[urls(
            &["get"],
            &["/.well-known/openid-configuration", "/openid/v1/jwks"],
        )],
    ),
    cluster_role(
        "system:volume-scheduler",
        &[
            rule(
                &["get", "list", "patch", "update", "watch"],
                &[""],
                &["persistentvolumes"],
            ),
            rule(
                &["get", "list", "watch"],
                &["storage.k8s.io"],
                &["storageclasses"],
            ),
            rule(
                &["get", "list", "patch", "update", "watch"],
                &[""],
                &["persistentvolumeclaims"],
            ),
        ],
    ),
    cluster_role("view", &[])
        .aggregating("view")
        .aggregated_to(&["edit"]),
];

/// The default Roles.
pub const ROLES: &[BuiltinRole] = &[
    role(
        "kube-public",
        "system:controller:bootstrap-signer",
        &[
            rule(&["get", "list", "watch"], &[""], &["configmaps"]),
            named(&["update"], &[""], &["configmaps"], &["cluster-info"]),
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
        ],
    ),
    role(
        "kube-system",
        "extension-apiserver-authentication-reader",
        &[named(
            &["get", "list", "watch"],
            &[""],
            &["configmaps"],
            &["extension-apiserver-authentication"],
        )],
    ),
    role(
        "kube-system",
        "system::leader-locking-kube-controller-manager",
        &[
            rule(
                &["create", "get", "list", "update", "watch"],
                &["coordination.k8s.io"],
                &["leases"],
            ),
            rule(
                &["create", "get", "list", "update", "watch"],
                &["coordination.k8s.io"],
                &["leasecandidates"],
            ),
        ],
    ),
    role(
        "kube-system",
        "system::leader-locking-kube-scheduler",
        &[
            rule(
                &["create", "get", "list", "update", "watch"],
                &["coordination.k8s.io"],
                &["leases"],
            ),
            rule(
                &["create", "get", "list", "update", "watch"],
                &["coordination.k8s.io"],
                &["leasecandidates"],
            ),
        ],
    ),
    role(
        "kube-system",
        "system:controller:bootstrap-signer",
        &[rule(&["get", "list", "watch"], &[""], &["secrets"])],
    ),
    role(
        "kube-system",
        "system:controller:cloud-provider",
        &[rule(
            &["create", "get", "list", "watch"],
            &[""],
            &["configmaps"],
        )],
    ),
    role(
        "kube-system",
        "system:controller:token-cleaner",
        &[
            rule(&["delete", "get", "list", "watch"], &[""], &["secrets"]),
            rule(
                &["create", "patch", "update"],
                &["", "events.k8s.io"],
                &["events"],
            ),
        ],
    ),
];
