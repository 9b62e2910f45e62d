//! The grants Kubernetes' "RBAC good practices" call privilege-escalation
//! risks, as data: which verbs on which resources of which group, what the
//! holder can then do, and which rule reports an explicit grant of them.
//!
//! One mistake, one finding: a specific rule (`secrets-read`, `bind-verb`, ...)
//! fires only where a rule *names* both the sensitive resource and verb; when
//! a `*` in verbs or resources is what reaches it, `wildcard-verbs` or
//! `wildcard-resources` reports the `*` once and lists what it covers.
//!
//! Every claim holds where the role can take effect ([`Reach`]): a Role is
//! used only by RoleBindings, which never authorize cluster-scoped requests,
//! so a Role's grants on nodes, signers or webhook configurations are not
//! reported (`cluster-scoped-in-role` says they grant nothing).
//!
//! Rules with `resourceNames` grant only the named objects; most are left to
//! `resource-names-ineffective`, except where a name is itself the risk
//! ([`Named`]): one webhook configuration can still be rewritten to intercept
//! every object, and a `kubernetes.io/...` signer mints any identity.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::matching::{api_group_matches, rule_allows, Request};
use crate::catalogue::Catalogue;
use crate::finding::Finding;
use crate::model::{Rbac, RbacObject};
use crate::path;
use crate::vocab::{api_groups, resources, show_group};

/// Which element a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primary {
    /// The resource element (`secrets`, `pods/exec`).
    Resource,
    /// The verb element (`escalate`, `bind`, `impersonate`).
    Verb,
}

/// Where a role's grants can take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A ClusterRole: a ClusterRoleBinding may bind it anywhere (even when
    /// the input binds it only through RoleBindings), so every grant counts.
    Cluster,
    /// A Role: only RoleBindings of its namespace use it, and they never
    /// authorize a request on a cluster-scoped resource (one exception: the
    /// namespace's own Namespace object).
    Namespace,
}

impl Reach {
    pub fn of(object: &RbacObject) -> Self {
        match object.rbac {
            Rbac::Role(_) => Reach::Namespace,
            _ => Reach::Cluster,
        }
    }
}

/// One way to hold a capability: any of `verbs` on any of `resources` in `group`.
pub struct Grant {
    pub group: &'static str,
    /// `userextras/*` stands for `userextras/<any key>`.
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    /// What the holder can do through this grant when it is less than the
    /// capability's consequence (`update` on pods only swaps images).
    pub consequence: Option<&'static str>,
    /// Whether the grant stays a risk when limited by resourceNames.
    pub named: Option<Named>,
    /// Only older clusters honour it (`get` on pods/exec before 1.35): its
    /// finding says so, and wildcard "covers" lists leave it out.
    pub older_clusters_only: bool,
}

/// A grant whose risk survives resourceNames, for the names `risk` accepts.
pub struct Named {
    /// What the object of this name gives its holder (`""`: nothing to add
    /// to the consequence); `None` when the name keeps no risk.
    pub risk: fn(&str) -> Option<&'static str>,
    /// What the holder can do with the named objects.
    pub consequence: &'static str,
}

/// Every name keeps the risk, and the consequence says it all.
fn every_name(_: &str) -> Option<&'static str> {
    Some("")
}

/// A grant with the capability's consequence, limited by resourceNames to
/// objects of the author's choosing.
const fn grant(
    group: &'static str,
    resources: &'static [&'static str],
    verbs: &'static [&'static str],
) -> Grant {
    Grant {
        group,
        resources,
        verbs,
        consequence: None,
        named: None,
        older_clusters_only: false,
    }
}

pub struct Capability {
    /// The rule that reports explicit grants.
    pub rule: &'static str,
    /// Short name for wildcard messages ("secrets read").
    pub short: &'static str,
    /// What the holder can do, for the finding's message.
    pub consequence: &'static str,
    /// What the holder of a Role can do, when less than a ClusterRole's holder.
    pub in_namespace: Option<&'static str>,
    pub help: &'static str,
    pub primary: Primary,
    /// Strongest first: an element matching several grants is described by the first.
    pub grants: &'static [Grant],
    /// Checked in the namespace of the binding being written, whatever the
    /// resource's scope (`bind`): a Role grants it on clusterroles too.
    pub checked_in_binding_namespace: bool,
    /// The capability needs every grant (CSR approval: `update` on the
    /// approval and `approve` on the signer); one alone is half of it.
    pub needs_every_grant: bool,
}

/// The fields most capabilities share.
const BASE: Capability = Capability {
    rule: "",
    short: "",
    consequence: "",
    in_namespace: None,
    help: "",
    primary: Primary::Resource,
    grants: &[],
    checked_in_binding_namespace: false,
    needs_every_grant: false,
};

const RBAC: &str = "rbac.authorization.k8s.io";
const ADMISSION: &str = "admissionregistration.k8s.io";
const ADMISSION_CONFIGS: &[&str] = &[
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "mutatingadmissionpolicies",
    "mutatingadmissionpolicybindings",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
];

pub static SECRETS_READ: Capability = Capability {
    rule: "secrets-read",
    short: "secrets read",
    consequence: "can read every Secret (tokens, keys, passwords) in its scope",
    help:
        "read only the Secrets the workload needs: `get` with resourceNames, or mount them instead",
    grants: &[grant("", &["secrets"], &["get", "list", "watch"])],
    ..BASE
};

pub static SECRETS_CREATE: Capability = Capability {
    rule: "secrets-create",
    short: "secrets create",
    consequence: "can create a `kubernetes.io/service-account-token` Secret for any ServiceAccount of the namespace, which Kubernetes fills with a long-lived token of that ServiceAccount, readable by whoever can get the Secret or mount it in a pod",
    help: "if it must write Secrets, reject type `kubernetes.io/service-account-token` with a ValidatingAdmissionPolicy, or bind the role only where no ServiceAccount holds more than it does",
    grants: &[grant("", &["secrets"], &["create"])],
    ..BASE
};

const POD_IMAGE_SWAP: &str = "can swap the container images of running pods and so run any code with their ServiceAccounts and mounted Secrets (a pod's ServiceAccount and volumes cannot be changed)";

pub static WORKLOAD_CREATE: Capability = Capability {
    rule: "workload-create",
    short: "workload create",
    consequence: "can run pods as any ServiceAccount of the namespace and mount any of its Secrets",
    help: "leave pod creation to the built-in controllers; if the controller must manage workloads, bind it only in the namespaces it manages",
    // A Job's pod template is immutable: only create makes one.
    grants: &[
        grant("", &["pods"], &["create"]),
        grant("", &["replicationcontrollers"], &["create", "update", "patch"]),
        grant(
            "apps",
            &["deployments", "replicasets", "statefulsets", "daemonsets"],
            &["create", "update", "patch"],
        ),
        grant("batch", &["jobs"], &["create"]),
        grant("batch", &["cronjobs"], &["create", "update", "patch"]),
        Grant {
            consequence: Some(POD_IMAGE_SWAP),
            ..grant("", &["pods"], &["update", "patch"])
        },
    ],
    ..BASE
};

const POD_EXEC_OVER_GET: &str = "on clusters before Kubernetes 1.35 (or with the AuthorizePodWebsocketUpgradeCreatePermission feature gate off) can run commands in, attach to or tunnel into running pods over a websocket opened with GET; from 1.35 `get` alone no longer allows it";

pub static POD_EXEC_ATTACH: Capability = Capability {
    rule: "pod-exec-attach",
    short: "exec into pods",
    consequence: "can run commands in, attach to or tunnel into running pods, with their ServiceAccount tokens and Secrets",
    help: "remove it from runtime roles; give interactive access to people through a separate, audited role",
    grants: &[
        grant(
            "",
            &["pods/exec", "pods/attach", "pods/portforward"],
            &["create"],
        ),
        // The websocket upgrade is a GET; from Kubernetes 1.35 the API
        // server also requires `create` (AuthorizePodWebsocketUpgradeCreatePermission,
        // on by default), so `get` alone reaches pods only on older clusters.
        Grant {
            consequence: Some(POD_EXEC_OVER_GET),
            older_clusters_only: true,
            ..grant(
                "",
                &["pods/exec", "pods/attach", "pods/portforward"],
                &["get"],
            )
        },
        grant("", &["pods/ephemeralcontainers"], &["update", "patch"]),
    ],
    ..BASE
};

pub static ESCALATE: Capability = Capability {
    rule: "escalate-verb",
    short: "escalate",
    consequence: "can write roles granting permissions it does not hold itself",
    help: "remove `escalate`; a role manager should hold the permissions it grants",
    primary: Primary::Verb,
    grants: &[grant(RBAC, &["roles", "clusterroles"], &["escalate"])],
    ..BASE
};

pub static BIND: Capability = Capability {
    rule: "bind-verb",
    short: "bind",
    consequence: "can bind any role to anyone, itself included, without holding its permissions",
    help: "remove `bind`, or limit it with resourceNames to the roles it may hand out",
    primary: Primary::Verb,
    grants: &[grant(RBAC, &["roles", "clusterroles"], &["bind"])],
    // A RoleBinding to a ClusterRole checks `bind` in the binding's namespace.
    checked_in_binding_namespace: true,
    ..BASE
};

pub static IMPERSONATE: Capability = Capability {
    rule: "impersonate-verb",
    short: "impersonate",
    consequence: "can act as other users, groups or ServiceAccounts and gain all their permissions",
    help: "remove `impersonate`, or limit it with resourceNames to identities with less privilege",
    primary: Primary::Verb,
    grants: &[
        grant("", &["users", "groups"], &["impersonate"]),
        Grant {
            consequence: Some("can act as ServiceAccounts and gain their permissions"),
            ..grant("", &["serviceaccounts"], &["impersonate"])
        },
        Grant {
            consequence: Some("can set the uid or extra attributes of an identity it impersonates, which authorizers and webhooks may trust"),
            ..grant("authentication.k8s.io", &["uids", "userextras/*"], &["impersonate"])
        },
    ],
    ..BASE
};

pub static NODES_PROXY: Capability = Capability {
    rule: "nodes-proxy",
    short: "nodes/proxy",
    consequence:
        "reaches the kubelet API (exec into any pod on the node), bypassing audit and admission",
    help: "remove it; monitoring agents need `nodes/metrics` or `nodes/stats`, not `nodes/proxy`",
    grants: &[grant("", &["nodes/proxy"], &["get", "create"])],
    ..BASE
};

pub static TOKEN_REQUEST: Capability = Capability {
    rule: "token-request",
    short: "serviceaccounts/token",
    consequence: "can mint tokens for ServiceAccounts and act with their permissions",
    help:
        "remove it, or limit it with resourceNames to the ServiceAccounts it must issue tokens for",
    grants: &[grant("", &["serviceaccounts/token"], &["create"])],
    ..BASE
};

/// What approving for one of Kubernetes' own signers yields (the approve
/// check also asks about `kubernetes.io/*`); `None` for other signers.
fn kubernetes_signer(name: &str) -> Option<&'static str> {
    Some(match name.strip_prefix("kubernetes.io/")? {
        "*" => "every Kubernetes signer, kube-apiserver-client included: client certificates for any user or group",
        "kube-apiserver-client" => "client certificates for any user or group",
        "kube-apiserver-client-kubelet" => "client certificates for any node identity",
        "kubelet-serving" => "serving certificates for any node's kubelet",
        "legacy-unknown" => "certificates that other signers may issue",
        _ => "certificates of a Kubernetes signer",
    })
}

pub static CSR_APPROVAL: Capability = Capability {
    rule: "csr-approval",
    short: "CSR approval",
    consequence: "can approve certificate signing requests, minting client certificates for any identity the signer allows",
    help: "leave approval to a dedicated approver; limit `approve` with resourceNames to your own signer",
    grants: &[
        grant(
            "certificates.k8s.io",
            &["certificatesigningrequests/approval"],
            &["update", "patch"],
        ),
        Grant {
            named: Some(Named {
                risk: kubernetes_signer,
                consequence: "can approve certificate signing requests for the Kubernetes signers it names, whose certificates the cluster trusts",
            }),
            ..grant("certificates.k8s.io", &["signers"], &["approve"])
        },
    ],
    needs_every_grant: true,
    ..BASE
};

const REWRITE_NAMED_ADMISSION: &str = "can rewrite the admission configurations it names: point a webhook at any server and widen its rules to every object sent to the API server";
const DELETE_ADMISSION: &str =
    "can delete admission webhooks and policies, switching off what they enforce";
const DELETE_NAMED_ADMISSION: &str =
    "can delete the admission configurations it names, switching off what they enforce";

pub static WEBHOOK_CONFIG_WRITE: Capability = Capability {
    rule: "webhook-config-write",
    short: "admission config write",
    consequence: "can register admission webhooks or policies that read or rewrite every object sent to the API server",
    help: "register webhooks and admission policies at install time (CI/CD), not from a runtime role",
    grants: &[
        Grant {
            named: Some(Named {
                risk: every_name,
                consequence: REWRITE_NAMED_ADMISSION,
            }),
            ..grant(ADMISSION, ADMISSION_CONFIGS, &["create", "update", "patch"])
        },
        Grant {
            consequence: Some(DELETE_ADMISSION),
            named: Some(Named {
                risk: every_name,
                consequence: DELETE_NAMED_ADMISSION,
            }),
            ..grant(ADMISSION, ADMISSION_CONFIGS, &["delete", "deletecollection"])
        },
    ],
    ..BASE
};

pub static PERSISTENT_VOLUME_CREATE: Capability = Capability {
    rule: "persistent-volume-create",
    short: "persistentvolumes create",
    consequence: "can create hostPath PersistentVolumes and so mount any directory of a node",
    help: "let workloads claim storage through PersistentVolumeClaims and StorageClasses instead",
    grants: &[grant("", &["persistentvolumes"], &["create"])],
    ..BASE
};

pub static NAMESPACE_MODIFY: Capability = Capability {
    rule: "namespace-modify",
    short: "namespaces update",
    consequence: "can relabel namespaces, switching off Pod Security Admission and changing which NetworkPolicies select them",
    in_namespace: Some("can relabel the Namespace object of the Role's own namespace (no other: a Role grants nothing cluster-wide), switching off Pod Security Admission there and changing which NetworkPolicies select it"),
    help: "remove update/patch on namespaces; manage namespace labels from CI/CD",
    grants: &[grant("", &["namespaces"], &["update", "patch"])],
    ..BASE
};

pub static SERVICES_STATUS_WRITE: Capability = Capability {
    rule: "services-status-write",
    short: "services/status write",
    consequence: "can set any LoadBalancer Service's status.loadBalancer.ingress IPs, and kube-proxy then sends cluster traffic for those IPs to that Service (CVE-2020-8554)",
    help: "leave LoadBalancer status to the load-balancer controller; if this is one, bind it only where it serves, and restrict ingress IPs with an admission policy",
    grants: &[grant("", &["services/status"], &["update", "patch"])],
    ..BASE
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
    &SERVICES_STATUS_WRITE,
    &SECRETS_CREATE,
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

/// Indices of the items that match, only the first of equal items when
/// `distinct`.
fn matching_indices(
    items: &[String],
    matches: impl Fn(&str) -> bool,
    distinct: bool,
) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| matches(item) && (!distinct || seen.insert(item.as_str())))
        .map(|(i, _)| i)
        .collect()
}

/// Where the grants are judged: the role's reach and the API's scopes.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    pub reach: Reach,
    pub catalogue: &'a Catalogue,
}

impl<'a> Judge<'a> {
    pub fn new(object: &RbacObject, catalogue: &'a Catalogue) -> Self {
        Judge {
            reach: Reach::of(object),
            catalogue,
        }
    }

    /// Whether `verb` on `resource` of `group` can take effect where the role does.
    fn takes_effect(
        &self,
        capability: &Capability,
        group: &str,
        resource: &str,
        verb: &str,
    ) -> bool {
        self.reach == Reach::Cluster
            || capability.checked_in_binding_namespace
            || self.catalogue.grantable_in_namespace(group, resource, verb)
    }

    /// The requests of a grant that can take effect, without a name.
    fn requests(&self, capability: &Capability, grant: &Grant) -> Vec<Request> {
        let mut requests = Vec::new();
        for resource in grant.resources.iter().map(|r| concrete(r)) {
            for verb in grant.verbs {
                if self.takes_effect(capability, grant.group, &resource, verb) {
                    requests.push(Request::resource(verb, grant.group, &resource));
                }
            }
        }
        requests
    }

    /// How the rule holds one grant: for unnamed requests, only for some
    /// harmless names, or for names that keep the risk.
    fn holding(&self, rule: &PolicyRule, capability: &Capability, grant: &Grant) -> Holding {
        let requests = self.requests(capability, grant);
        if requests.iter().any(|r| rule_allows(rule, r)) {
            return Holding::Risky;
        }
        let names = rule.resource_names.as_deref().unwrap_or(&[]);
        let allowed = |name: &String| {
            requests
                .iter()
                .any(|r| rule_allows(rule, &r.clone().named(name)))
        };
        let risky = |name: &str| {
            grant
                .named
                .as_ref()
                .is_some_and(|n| (n.risk)(name).is_some())
        };
        if names.iter().any(|n| risky(n) && allowed(n)) {
            Holding::Risky
        } else if names.iter().any(allowed) {
            Holding::Harmless
        } else {
            Holding::None
        }
    }

    /// Whether the rule holds some grant of the capability with its risk,
    /// by any of its elements, wildcards included: what the evaluator says.
    pub fn grants(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        capability
            .grants
            .iter()
            .any(|g| self.holding(rule, capability, g) == Holding::Risky)
    }

    /// Whether the rule alone holds the whole capability (every grant when
    /// it needs every one), for wildcard "covers" lists, which leave out
    /// grants only older clusters honour (`get` on pods/exec before 1.35).
    pub fn holds_whole(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        let risky = |g: &Grant| self.holding(rule, capability, g) == Holding::Risky;
        if capability.needs_every_grant {
            capability.grants.iter().all(risky)
        } else {
            capability
                .grants
                .iter()
                .filter(|g| !g.older_clusters_only)
                .any(risky)
        }
    }

    /// How the whole role holds a grant: the best of its rules.
    fn role_holding(&self, object: &RbacObject, capability: &Capability, grant: &Grant) -> Holding {
        object
            .rules()
            .iter()
            .map(|rule| self.holding(rule, capability, grant))
            .max()
            .unwrap_or(Holding::None)
    }

    /// Whether the rule grants the capability by naming both its resource
    /// and its verb (not through `*`), where the role takes effect.
    pub fn explicitly_grants(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        !self.explicit_elements(rule, capability).is_empty()
    }

    /// Each explicit grant of the capability in the rule.
    fn explicit_elements(&self, rule: &PolicyRule, capability: &Capability) -> Vec<Element> {
        let names = rule.resource_names.as_deref().unwrap_or(&[]);
        let mut found = Vec::new();
        for (g, grant) in capability.grants.iter().enumerate() {
            if !api_group_matches(rule, grant.group) {
                continue;
            }
            // With resourceNames, only the names that keep the risk count,
            // and only for requests that carry a name.
            let risky_names: Vec<String> = match (&grant.named, names.is_empty()) {
                (_, true) => Vec::new(),
                (None, false) => continue,
                (Some(named), false) => {
                    let risky: Vec<String> = names
                        .iter()
                        .filter(|n| (named.risk)(n).is_some())
                        .cloned()
                        .collect();
                    if risky.is_empty() {
                        continue;
                    }
                    risky
                }
            };
            // Every element of the primary kind (one finding each), but only
            // the first of equal elements of the other kind: a repeat adds
            // nothing to a finding, and pairing every repeat made a rule of
            // n resources and n verbs cost n².
            let by_resource = capability.primary == Primary::Resource;
            let all_resources = resources(rule);
            let resource_indices = matching_indices(
                all_resources,
                |element| grant.resources.iter().any(|r| names_resource(element, r)),
                !by_resource,
            );
            let verb_indices =
                matching_indices(&rule.verbs, |verb| grant.verbs.contains(&verb), by_resource);
            for &j in &resource_indices {
                let element = &all_resources[j];
                for &k in &verb_indices {
                    let verb = &rule.verbs[k];
                    // create and deletecollection never match a rule with names.
                    let carries_name = !matches!(verb.as_str(), "create" | "deletecollection");
                    if (risky_names.is_empty() || carries_name)
                        && self.takes_effect(capability, grant.group, element, verb)
                    {
                        found.push(Element {
                            resource: j,
                            verb: k,
                            grant: g,
                            names: risky_names.clone(),
                        });
                    }
                }
            }
        }
        found
    }

    /// What a `*` in this rule reaches that the rule does not name
    /// explicitly: the short names of those capabilities, for wildcard messages.
    pub fn covered_by_wildcards(&self, rule: &PolicyRule) -> Vec<&'static str> {
        CAPABILITIES
            .iter()
            .filter(|c| self.holds_whole(rule, c) && !self.explicitly_grants(rule, c))
            .map(|c| c.short)
            .collect()
    }

    /// `; covers secrets read, escalate` — or nothing.
    pub fn covers_suffix(&self, rule: &PolicyRule) -> String {
        let covered = self.covered_by_wildcards(rule);
        if covered.is_empty() {
            String::new()
        } else {
            format!("; covers {}", covered.join(", "))
        }
    }

    /// The escalation verbs (`escalate`, `bind`, `impersonate`) that apply to
    /// what the rule reaches, for the label of a `*` in verbs.
    pub fn escalation_verbs(&self, rule: &PolicyRule) -> Vec<&'static str> {
        [&ESCALATE, &BIND, &IMPERSONATE]
            .into_iter()
            .filter(|c| self.grants(rule, c))
            .map(|c| c.short)
            .collect()
    }
}

/// How a rule (or a role) holds a grant; ordered from weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Holding {
    None,
    /// Only for names that do not keep the risk.
    Harmless,
    Risky,
}

/// One explicit grant: a resource element, a verb element, the grant they
/// match, and the risky resourceNames limiting it (empty: none).
#[derive(Debug, Clone)]
struct Element {
    resource: usize,
    verb: usize,
    grant: usize,
    names: Vec<String>,
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a grant asks for, for "half of" messages: `approve on signers`.
fn describe(grant: &Grant) -> String {
    format!(
        "{} on {}",
        grant.verbs.join(" or "),
        grant.resources.join(", ")
    )
}

/// The findings of one capability's rule on one role: one per resource
/// element (or per verb element) that explicitly grants it.
pub fn check(object: &RbacObject, capability: &Capability, catalogue: &Catalogue) -> Vec<Finding> {
    let judge = Judge::new(object, catalogue);
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let elements = judge.explicit_elements(rule, capability);
        // One finding per element of the primary kind, with every grant it
        // takes part in (grouped in one pass: a rule may list thousands).
        let mut by_key: std::collections::BTreeMap<usize, Vec<&Element>> = Default::default();
        for element in &elements {
            let key = match capability.primary {
                Primary::Resource => element.resource,
                Primary::Verb => element.verb,
            };
            by_key.entry(key).or_default().push(element);
        }
        for (key, group) in by_key {
            let Some(claim) = claim(&judge, object, capability, &group) else {
                continue;
            };
            let mut in_rule_order = group.clone();
            in_rule_order.sort_by_key(|e| (e.verb, e.resource));
            let mut verbs_named: Vec<&str> = Vec::new();
            let mut resources_named: Vec<&str> = Vec::new();
            let mut named = std::collections::HashSet::new();
            for e in &in_rule_order {
                let verb = rule.verbs[e.verb].as_str();
                let resource = resources(rule)[e.resource].as_str();
                if named.insert(("verb", verb)) {
                    verbs_named.push(verb);
                }
                if named.insert(("resource", resource)) {
                    resources_named.push(resource);
                }
            }
            let path = match capability.primary {
                Primary::Resource => path!("rules", i, "resources", key),
                Primary::Verb => path!("rules", i, "verbs", key),
            };
            let groups = api_groups(rule)
                .iter()
                .map(|g| show_group(g))
                .collect::<Vec<_>>()
                .join(", ");
            let what = format!(
                "{} on {}",
                verbs_named.join(", "),
                resources_named.join(", ")
            );
            let named = if group[0].names.is_empty() {
                String::new()
            } else {
                format!(" named {}", group[0].names.join(", "))
            };
            findings.push(Finding::new(
                object,
                path,
                claim.label.unwrap_or_else(|| format!("{what}{named}")),
                format!(
                    "{}: grants {what}{named} (API groups {groups}){}",
                    object.id, claim.tail
                ),
                capability.help,
            ));
        }
    }
    findings
}

/// What a finding says: its label (`None`: the verbs and resources) and
/// the message's tail about the holder.
struct Claim {
    label: Option<String>,
    tail: String,
}

impl Claim {
    fn holder(consequence: &str) -> Self {
        Claim {
            label: None,
            tail: format!(": the holder {consequence}"),
        }
    }
}

/// The claim for the elements of one finding, or `None` when the role
/// holds the capability only in a harmless form.
fn claim(
    judge: &Judge,
    object: &RbacObject,
    capability: &Capability,
    elements: &[&Element],
) -> Option<Claim> {
    // The strongest grant describes the element.
    let first = elements.iter().min_by_key(|e| e.grant)?;
    let grant = &capability.grants[first.grant];
    let consequence = match (&grant.named, first.names.is_empty()) {
        (Some(named), false) => named_consequence(named, &first.names),
        _ => match (judge.reach, capability.in_namespace) {
            (Reach::Namespace, Some(in_namespace)) => in_namespace.to_string(),
            _ => grant
                .consequence
                .unwrap_or(capability.consequence)
                .to_string(),
        },
    };
    let consequence = consequence.as_str();
    if !capability.needs_every_grant {
        return Some(Claim::holder(consequence));
    }
    let others: Vec<(&Grant, Holding)> = capability
        .grants
        .iter()
        .enumerate()
        .filter(|(g, _)| !elements.iter().any(|e| e.grant == *g))
        .map(|(_, g)| (g, judge.role_holding(object, capability, g)))
        .collect();
    let missing: Vec<String> = others
        .iter()
        .filter(|(_, h)| *h == Holding::None)
        .map(|(g, _)| describe(g))
        .collect();
    if !missing.is_empty() {
        return Some(Claim {
            label: Some(format!("half of {}", capability.short)),
            tail: format!(
                ", half of {}: the role does not grant {}; whoever also holds that through another role {consequence}",
                capability.short,
                missing.join(" or ")
            ),
        });
    }
    // The other half limited to harmless names: the role approves for those only.
    if others.iter().any(|(_, h)| *h == Holding::Harmless) {
        return None;
    }
    Some(Claim::holder(consequence))
}

/// The consequence of a grant limited to risky names, with what each name
/// yields: `... (kubernetes.io/kube-apiserver-client: client certificates ...)`.
fn named_consequence(named: &Named, names: &[String]) -> String {
    let risks: Vec<String> = names
        .iter()
        .filter_map(|n| {
            (named.risk)(n)
                .filter(|r| !r.is_empty())
                .map(|r| format!("{n}: {r}"))
        })
        .collect();
    if risks.is_empty() {
        named.consequence.to_string()
    } else {
        format!("{} ({})", named.consequence, risks.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str], names: &[&str]) -> PolicyRule {
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        PolicyRule {
            api_groups: strings(groups),
            resources: strings(resources),
            verbs: verbs.iter().map(|s| s.to_string()).collect(),
            resource_names: if names.is_empty() {
                None
            } else {
                strings(names)
            },
            non_resource_urls: None,
        }
    }

    #[test]
    fn a_role_grants_no_cluster_scoped_capability() {
        let catalogue = Catalogue::new(&[]);
        let cluster = Judge {
            reach: Reach::Cluster,
            catalogue: &catalogue,
        };
        let role = Judge {
            reach: Reach::Namespace,
            catalogue: &catalogue,
        };
        let proxy = rule(&[""], &["nodes/proxy"], &["get"], &[]);
        assert!(cluster.explicitly_grants(&proxy, &NODES_PROXY));
        assert!(!role.explicitly_grants(&proxy, &NODES_PROXY));
        // bind is checked in the namespace of the RoleBinding being written.
        let bind = rule(&[RBAC], &["clusterroles"], &["bind"], &[]);
        assert!(role.explicitly_grants(&bind, &BIND));
        // Of impersonation, a Role grants only ServiceAccounts.
        let everyone = rule(&[""], &["*"], &["impersonate"], &[]);
        assert!(role.grants(&everyone, &IMPERSONATE));
        let users = rule(&[""], &["users", "groups"], &["impersonate"], &[]);
        assert!(!role.grants(&users, &IMPERSONATE));
        assert_eq!(
            role.covered_by_wildcards(&rule(&["*"], &["*"], &["*"], &[])),
            [
                "secrets read",
                "workload create",
                "exec into pods",
                "escalate",
                "bind",
                "impersonate",
                "serviceaccounts/token",
                "namespaces update",
                "services/status write",
                "secrets create"
            ]
        );
    }

    #[test]
    fn names_keep_the_risk_only_where_the_name_is_the_risk() {
        let catalogue = Catalogue::new(&[]);
        let judge = Judge {
            reach: Reach::Cluster,
            catalogue: &catalogue,
        };
        let own = rule(
            &["certificates.k8s.io"],
            &["signers"],
            &["approve"],
            &["example.com/x"],
        );
        assert!(!judge.explicitly_grants(&own, &CSR_APPROVAL));
        let client = rule(
            &["certificates.k8s.io"],
            &["signers"],
            &["approve"],
            &["kubernetes.io/kube-apiserver-client"],
        );
        assert!(judge.explicitly_grants(&client, &CSR_APPROVAL));
        let webhook = rule(
            &[ADMISSION],
            &["validatingwebhookconfigurations"],
            &["patch"],
            &["mine"],
        );
        assert!(judge.explicitly_grants(&webhook, &WEBHOOK_CONFIG_WRITE));
        // create never matches a rule with names.
        let create = rule(
            &[ADMISSION],
            &["validatingwebhookconfigurations"],
            &["create"],
            &["mine"],
        );
        assert!(!judge.explicitly_grants(&create, &WEBHOOK_CONFIG_WRITE));
        // A Job's pod template is immutable.
        let jobs = rule(&["batch"], &["jobs"], &["update", "patch"], &[]);
        assert!(!judge.explicitly_grants(&jobs, &WORKLOAD_CREATE));
    }
}
