//! The grants Kubernetes' "RBAC good practices" call privilege-escalation
//! risks, as data: which verbs on which resources of which group, and which
//! rule reports an explicit grant of them.
//!
//! One mistake, one finding: a specific rule (`secrets-read`, `bind-verb`, ...)
//! fires only where a rule *names* both the sensitive resource and verb; when
//! a `*` in verbs or resources is what reaches it, `wildcard-verbs` or
//! `wildcard-resources` reports the `*` once and lists what it covers.
//! Rules with `resourceNames` are left to `resource-names-ineffective`: their
//! grants are limited to the named objects (or, for create and
//! deletecollection, granted to no request at all).

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::matching::{api_group_matches, rule_allows, Request};
use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::vocab::{api_groups, resources};

/// Which element a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primary {
    /// The resource element (`secrets`, `pods/exec`).
    Resource,
    /// The verb element (`escalate`, `bind`, `impersonate`).
    Verb,
}

/// A sensitive capability: any of `verbs` on any of `resources` in `group`.
pub struct Grant {
    pub group: &'static str,
    /// `userextras/*` stands for `userextras/<any key>`.
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
}

pub struct Capability {
    /// The rule that reports explicit grants.
    pub rule: &'static str,
    /// Short name for wildcard messages ("secrets read").
    pub short: &'static str,
    /// What the holder can do, for the finding's message.
    pub consequence: &'static str,
    pub help: &'static str,
    pub primary: Primary,
    pub grants: &'static [Grant],
}

const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];
const RBAC: &str = "rbac.authorization.k8s.io";

pub static SECRETS_READ: Capability = Capability {
    rule: "secrets-read",
    short: "secrets read",
    consequence: "can read every Secret (tokens, keys, passwords) in its scope",
    help:
        "read only the Secrets the workload needs: `get` with resourceNames, or mount them instead",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "",
        resources: &["secrets"],
        verbs: &["get", "list", "watch"],
    }],
};

pub static WORKLOAD_CREATE: Capability = Capability {
    rule: "workload-create",
    short: "workload create",
    consequence: "can run pods as any ServiceAccount of the namespace and mount any of its Secrets",
    help: "leave pod creation to the built-in controllers; if the controller must manage workloads, bind it only in the namespaces it manages",
    primary: Primary::Resource,
    grants: &[
        Grant {
            group: "",
            resources: &["pods", "replicationcontrollers"],
            verbs: &["create", "update", "patch"],
        },
        Grant {
            group: "apps",
            resources: &["deployments", "replicasets", "statefulsets", "daemonsets"],
            verbs: &["create", "update", "patch"],
        },
        Grant {
            group: "batch",
            resources: &["jobs", "cronjobs"],
            verbs: &["create", "update", "patch"],
        },
    ],
};

pub static POD_EXEC_ATTACH: Capability = Capability {
    rule: "pod-exec-attach",
    short: "pods/exec",
    consequence: "can run commands in, attach to or tunnel into running pods, with their ServiceAccount tokens and Secrets",
    help: "remove it from runtime roles; give interactive access to people through a separate, audited role",
    primary: Primary::Resource,
    grants: &[
        Grant {
            group: "",
            resources: &["pods/exec", "pods/attach", "pods/portforward"],
            verbs: &["create", "get"],
        },
        Grant {
            group: "",
            resources: &["pods/ephemeralcontainers"],
            verbs: &["update", "patch"],
        },
    ],
};

pub static ESCALATE: Capability = Capability {
    rule: "escalate-verb",
    short: "escalate",
    consequence: "can write roles granting permissions it does not hold itself",
    help: "remove `escalate`; a role manager should hold the permissions it grants",
    primary: Primary::Verb,
    grants: &[Grant {
        group: RBAC,
        resources: &["roles", "clusterroles"],
        verbs: &["escalate"],
    }],
};

pub static BIND: Capability = Capability {
    rule: "bind-verb",
    short: "bind",
    consequence: "can bind any role to anyone, itself included, without holding its permissions",
    help: "remove `bind`, or limit it with resourceNames to the roles it may hand out",
    primary: Primary::Verb,
    grants: &[Grant {
        group: RBAC,
        resources: &["roles", "clusterroles"],
        verbs: &["bind"],
    }],
};

pub static IMPERSONATE: Capability = Capability {
    rule: "impersonate-verb",
    short: "impersonate",
    consequence: "can act as other users, groups or ServiceAccounts and gain all their permissions",
    help: "remove `impersonate`, or limit it with resourceNames to identities with less privilege",
    primary: Primary::Verb,
    grants: &[
        Grant {
            group: "",
            resources: &["users", "groups", "serviceaccounts"],
            verbs: &["impersonate"],
        },
        Grant {
            group: "authentication.k8s.io",
            resources: &["uids", "userextras/*"],
            verbs: &["impersonate"],
        },
    ],
};

pub static NODES_PROXY: Capability = Capability {
    rule: "nodes-proxy",
    short: "nodes/proxy",
    consequence:
        "reaches the kubelet API (exec into any pod on the node), bypassing audit and admission",
    help: "remove it; monitoring agents need `nodes/metrics` or `nodes/stats`, not `nodes/proxy`",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "",
        resources: &["nodes/proxy"],
        verbs: &["get", "create"],
    }],
};

pub static TOKEN_REQUEST: Capability = Capability {
    rule: "token-request",
    short: "serviceaccounts/token",
    consequence: "can mint tokens for ServiceAccounts and act with their permissions",
    help:
        "remove it, or limit it with resourceNames to the ServiceAccounts it must issue tokens for",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "",
        resources: &["serviceaccounts/token"],
        verbs: &["create"],
    }],
};

pub static CSR_APPROVAL: Capability = Capability {
    rule: "csr-approval",
    short: "CSR approval",
    consequence: "can approve certificate signing requests, minting client certificates for any identity the signer allows",
    help: "leave approval to a dedicated approver; limit `approve` with resourceNames to one signer",
    primary: Primary::Resource,
    grants: &[
        Grant {
            group: "certificates.k8s.io",
            resources: &["certificatesigningrequests/approval"],
            verbs: &["update", "patch"],
        },
        Grant {
            group: "certificates.k8s.io",
            resources: &["signers"],
            verbs: &["approve"],
        },
    ],
};

pub static WEBHOOK_CONFIG_WRITE: Capability = Capability {
    rule: "webhook-config-write",
    short: "admission config write",
    consequence: "can register admission webhooks or policies that read or rewrite every object sent to the API server",
    help: "register webhooks and admission policies at install time (CI/CD), not from a runtime role",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "admissionregistration.k8s.io",
        resources: &[
            "mutatingwebhookconfigurations",
            "validatingwebhookconfigurations",
            "mutatingadmissionpolicies",
            "mutatingadmissionpolicybindings",
            "validatingadmissionpolicies",
            "validatingadmissionpolicybindings",
        ],
        verbs: WRITE,
    }],
};

pub static PERSISTENT_VOLUME_CREATE: Capability = Capability {
    rule: "persistent-volume-create",
    short: "persistentvolumes create",
    consequence: "can create hostPath PersistentVolumes and so mount any directory of a node",
    help: "let workloads claim storage through PersistentVolumeClaims and StorageClasses instead",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "",
        resources: &["persistentvolumes"],
        verbs: &["create"],
    }],
};

pub static NAMESPACE_MODIFY: Capability = Capability {
    rule: "namespace-modify",
    short: "namespaces update",
    consequence: "can relabel namespaces, switching off Pod Security Admission and changing which NetworkPolicies select them",
    help: "remove update/patch on namespaces; manage namespace labels from CI/CD",
    primary: Primary::Resource,
    grants: &[Grant {
        group: "",
        resources: &["namespaces"],
        verbs: &["update", "patch"],
    }],
};

/// Every capability, in the order wildcard messages list them.
pub static CAPABILITIES: &[&Capability] = &[
    &SECRETS_READ,
    &WORKLOAD_CREATE,
    &POD_EXEC_ATTACH,
    &ESCALATE,
    &BIND,
    &IMPERSONATE,
    &NODES_PROXY,
    &TOKEN_REQUEST,
    &CSR_APPROVAL,
    &WEBHOOK_CONFIG_WRITE,
    &PERSISTENT_VOLUME_CREATE,
    &NAMESPACE_MODIFY,
];

/// Whether a resource element of a rule names `resource` itself
/// (`userextras/*` in the table stands for any `userextras/<key>`).
fn names_resource(element: &str, resource: &str) -> bool {
    match resource.strip_suffix("/*") {
        Some(base) => element
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1),
        None => element == resource,
    }
}

/// A concrete resource to ask the evaluator about.
fn concrete(resource: &str) -> String {
    match resource.strip_suffix("/*") {
        Some(base) => format!("{base}/any-key"),
        None => resource.to_string(),
    }
}

/// Whether the rule allows the capability for unnamed requests: by any of its
/// elements, wildcards included.
pub fn allows(rule: &PolicyRule, capability: &Capability) -> bool {
    capability.grants.iter().any(|g| {
        g.resources.iter().any(|r| {
            g.verbs
                .iter()
                .any(|v| rule_allows(rule, &Request::resource(v, g.group, &concrete(r))))
        })
    })
}

/// Whether the rule grants the capability by naming both its resource and its
/// verb (not through `*`), without resourceNames.
pub fn explicitly_grants(rule: &PolicyRule, capability: &Capability) -> bool {
    !explicit_elements(rule, capability).is_empty()
}

/// `(resource index, verb index)` of each explicit grant of the capability.
fn explicit_elements(rule: &PolicyRule, capability: &Capability) -> Vec<(usize, usize)> {
    if rule.resource_names.as_ref().is_some_and(|n| !n.is_empty()) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for grant in capability.grants {
        if !api_group_matches(rule, grant.group) {
            continue;
        }
        for (j, element) in resources(rule).iter().enumerate() {
            if !grant.resources.iter().any(|r| names_resource(element, r)) {
                continue;
            }
            for (k, verb) in rule.verbs.iter().enumerate() {
                if grant.verbs.contains(&verb.as_str()) {
                    found.push((j, k));
                }
            }
        }
    }
    found
}

/// What a `*` in this rule reaches that the rule does not name explicitly:
/// the short names of those capabilities, for wildcard messages.
pub fn covered_by_wildcards(rule: &PolicyRule) -> Vec<&'static str> {
    CAPABILITIES
        .iter()
        .filter(|c| allows(rule, c) && !explicitly_grants(rule, c))
        .map(|c| c.short)
        .collect()
}

/// `; covers secrets read, escalate` — or nothing.
pub fn covers_suffix(rule: &PolicyRule) -> String {
    let covered = covered_by_wildcards(rule);
    if covered.is_empty() {
        String::new()
    } else {
        format!("; covers {}", covered.join(", "))
    }
}

/// The findings of one capability's rule on one role: one per resource
/// element (or per verb element) that explicitly grants it.
pub fn check(object: &RbacObject, capability: &Capability) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let elements = explicit_elements(rule, capability);
        let mut seen = Vec::new();
        for &(j, k) in &elements {
            let key = match capability.primary {
                Primary::Resource => j,
                Primary::Verb => k,
            };
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let (path, resources_named, verbs_named) = match capability.primary {
                Primary::Resource => (
                    path!("rules", i, "resources", j),
                    vec![resources(rule)[j].as_str()],
                    elements
                        .iter()
                        .filter(|e| e.0 == j)
                        .map(|e| rule.verbs[e.1].as_str())
                        .collect::<Vec<_>>(),
                ),
                Primary::Verb => (
                    path!("rules", i, "verbs", k),
                    elements
                        .iter()
                        .filter(|e| e.1 == k)
                        .map(|e| resources(rule)[e.0].as_str())
                        .collect(),
                    vec![rule.verbs[k].as_str()],
                ),
            };
            let mut verbs_named = verbs_named;
            verbs_named.dedup();
            let groups = api_groups(rule)
                .iter()
                .map(|g| crate::vocab::show_group(g))
                .collect::<Vec<_>>()
                .join(", ");
            findings.push(Finding::new(
                object,
                path,
                format!(
                    "{} on {}",
                    verbs_named.join(", "),
                    resources_named.join(", ")
                ),
                format!(
                    "{}: grants {} on {} (API groups {groups}): the holder {}",
                    object.id,
                    verbs_named.join(", "),
                    resources_named.join(", "),
                    capability.consequence
                ),
                capability.help,
            ));
        }
    }
    findings
}
