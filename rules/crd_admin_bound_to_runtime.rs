//! # crd-admin-bound-to-runtime
//!
//! ## What it does
//! Flags the subject through which a workload of the input can write CRDs. For
//! every workload of the input (Pod, Deployment, ReplicaSet, StatefulSet,
//! DaemonSet, Job, CronJob, ReplicationController), asks the evaluator whether
//! the identity its pods run as — the ServiceAccount of `serviceAccountName`,
//! `default` when unset, with the groups `system:serviceaccounts`,
//! `system:serviceaccounts:<ns>` and `system:authenticated` — can write
//! CustomResourceDefinitions (create, update, patch, delete or deletecollection
//! on any `customresourcedefinitions` of `apiextensions.k8s.io`, wildcards and
//! aggregation resolved), exactly as `rbaclint access` answers for that
//! identity. CRDs are cluster-scoped, so only ClusterRoleBindings grant it; a
//! RoleBinding never does.
//!
//! The finding sits on the binding subject that grants it: a ServiceAccount
//! subject, a User subject named `system:serviceaccount:<ns>:<name>`, or a
//! Group (`system:serviceaccounts`, `system:serviceaccounts:<ns>`,
//! `system:authenticated`). Related labels point at the rule that grants the
//! write (in the contributing ClusterRole when aggregated, possibly in
//! another file) and at each workload reached: its `serviceAccountName`, or
//! its name when it runs as `default` implicitly.
//!
//! Which workloads count:
//! - A pod spec without `containers` is a patch (a kustomize overlay's), not
//!   a workload, and is never matched.
//! - A workload without `metadata.namespace` runs wherever it is applied,
//!   which the input does not say. It is matched only by what holds in every
//!   namespace — the groups `system:serviceaccounts` and
//!   `system:authenticated` — never by a ServiceAccount or a namespace group
//!   the input names, in the same file or another project. Lint a kustomize
//!   base after `kustomize build` to match it to its ServiceAccount. (Its
//!   `rbaclint access` counterpart is `Group:system:serviceaccounts`.)
//! - A rule limited by `resourceNames` writes only the CRDs it names (e.g.
//!   injecting a CA bundle into the project's own CRDs); it is not reported.
//! - A workload of another git repository than the binding's is another
//!   project's (a run over `~/src` spans many), even when its namespace and
//!   ServiceAccount name agree: it is not matched.
//! - A subject reached only by Jobs is not reported: a one-shot Job (a Helm
//!   hook that installs CRDs, an uninstall Job that deletes them) is the
//!   install step this rule asks for, not a runtime identity. A CronJob runs
//!   again and again, so it counts; a Job sharing its ServiceAccount with a
//!   Deployment is named in the Deployment's finding.
//!
//! `crd-admin-mixed-with-runtime` judges a role's design on its own; this
//! rule needs the evidence that a running workload actually holds the grant.
//! Both may fire, on different elements (the role's rule, the binding's
//! subject). `default-service-account-binding`, `anonymous-binding` and
//! `service-account-group-binding` may report the same subject for their own
//! cause (who else gets the role).
//!
//! ## Why is this bad?
//! A long-running controller that can rewrite or delete CRDs can delete
//! every custom resource of a type (deleting a CRD deletes its objects),
//! change schemas or redirect conversion webhooks to itself. CRDs belong to
//! the install step, run by CI/CD, not to the runtime identity.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: my-controller}  # writes CRDs
//! subjects: [{kind: ServiceAccount, name: my-controller, namespace: my-system}]           # the Deployment's SA
//! ```
//!
//! Use instead: bind the CRD-writing role to the deployer, the runtime role
//! to the controller.
//! ```yaml
//! kind: ClusterRoleBinding
//! roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: my-controller-runtime}
//! subjects: [{kind: ServiceAccount, name: my-controller, namespace: my-system}]
//! ```
//!
//! ## How to fix
//! Split CRD administration into its own role bound to the installer, and
//! keep at most get/list/watch on CRDs for the controller.
//!
//! ## Severity
//! Error: unlike a role-design warning, this is a concrete running workload
//! holding cluster-wide CRD write.
//!
//! ## References
//! - Controller security guide (this project's seed): "CRD Separation Strategy".
//! - Kubernetes docs, "Using RBAC Authorization": ServiceAccount user names and groups.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1::Subject;

use crate::authz::subject::{
    service_account_of_user, subject_applies, ServiceAccountGroup, AUTHENTICATED,
};
use crate::authz::workload::{self, RunsAs};
use crate::authz::{Grant, Identity, Policy, Request, Scope};
use crate::finding::{Finding, Label};
use crate::load::Workload;
use crate::model::RbacObject;
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::resources;

const CRD_GROUP: &str = "apiextensions.k8s.io";
const CRDS: &str = "customresourcedefinitions";
/// The verbs that change CRDs, in the order a message names the first held.
const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];
/// Workloads a message names before "and N more".
const NAMED: usize = 3;

/// The workloads one subject of the binding reaches with CRD write.
struct Reach<'a> {
    verb: &'static str,
    grant: Grant,
    workloads: Vec<&'a Workload>,
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let Some((_, subjects)) = object.binding() else {
        return Vec::new();
    };
    let binding = object.index;
    if !may_write_crds(cx.policy, binding) {
        return Vec::new();
    }
    let binding_ns = cx.policy.binding_namespace(binding);
    let mut reached: BTreeMap<usize, Reach> = BTreeMap::new();
    let checkout = cx.checkout.get(object.file);
    for w in cx.workloads {
        // Another repository is another project, deployed on its own.
        if cx.checkout.get(w.file) != checkout {
            continue;
        }
        let identity = workload::identity(w);
        // Cheap first: the evaluator grants only through subjects that name the identity.
        if !subjects
            .iter()
            .any(|s| subject_applies(s, binding_ns, &identity))
        {
            continue;
        }
        let Some((verb, grant)) = crd_write(cx.policy, &identity, binding) else {
            continue;
        };
        reached
            .entry(grant.subject)
            .or_insert(Reach {
                verb,
                grant,
                workloads: Vec::new(),
            })
            .workloads
            .push(w);
    }
    reached
        .into_iter()
        .filter(|(_, reach)| reach.workloads.iter().any(|w| runs_on(w)))
        .map(|(i, reach)| finding(&object, cx, i, &reach))
        .collect()
}

/// Whether the workload keeps running (or runs again): everything but a
/// one-shot Job, which is an install or uninstall step.
fn runs_on(workload: &Workload) -> bool {
    workload.id.kind != "Job"
}

fn finding(object: &RbacObject, cx: &Context, i: usize, reach: &Reach) -> Finding {
    let (role_ref, subjects) = object.binding().expect("checked by the caller");
    let subject = &subjects[i];
    let (workloads, several) = names(&reach.workloads);
    let s = if several { "" } else { "s" };
    let (who, label, help) = if subject.kind == "Group" {
        (
            format!("{} ({})", describe(subject), group_members(&subject.name)),
            if several {
                format!("{workloads} run as ServiceAccounts in this group")
            } else {
                format!("{workloads} runs as a ServiceAccount in this group")
            },
            "bind the role to the ServiceAccounts that need it, not to a group; keep CRD write for the installer (CI/CD)",
        )
    } else {
        (
            format!("{}, which {workloads} run{s} as,", describe(subject)),
            format!("{workloads} run{s} as this ServiceAccount"),
            "bind CRD administration to the installer (CI/CD) and give the workload a runtime role without CRD write",
        )
    };
    let via = match cx.objects.get(reach.grant.rule.object) {
        Some(source) if reach.grant.rule.object != reach.grant.role => {
            format!(" (aggregated from {})", source.id)
        }
        _ => String::new(),
    };
    let runs = if subject.kind == "Group" {
        format!("; {label}")
    } else {
        String::new()
    };
    let mut finding = cx.finding(
        object,
        object.visible(path!("subjects", i, "name")),
        label,
        format!(
            "{}: {who} is bound to {} {} that can {} CustomResourceDefinitions{via}{runs}",
            object.id, role_ref.kind, role_ref.name, reach.verb
        ),
        help,
    );
    finding = with_rule_label(finding, cx, reach.grant, reach.verb);
    for w in &reach.workloads {
        finding.secondary.push(Label {
            file: w.file,
            span: w.span,
            path: w.at.clone(),
            text: format!("{} runs as {}", w.id, RunsAs(w)),
        });
    }
    finding
}

/// A cheap first question before asking per workload: can the binding
/// write CRDs at all? Not a RoleBinding (it applies only to requests in its
/// namespace; a CRD request has none), nor a role that cannot. A roleRef
/// the input does not resolve (e.g. a built-in role) is left to the evaluator.
fn may_write_crds(policy: &Policy, binding: usize) -> bool {
    if policy.scope(binding) != Scope::Cluster {
        return false;
    }
    let roles = policy.role_ref_targets(binding);
    roles.is_empty()
        || WRITE.iter().any(|verb| {
            let request = Request::resource(verb, CRD_GROUP, CRDS);
            roles
                .iter()
                .any(|&role| policy.role_allows(role, &request).next().is_some())
        })
}

/// The first CRD write the identity holds through `binding` (a cluster-scoped
/// request: the evaluator counts only ClusterRoleBindings), and one grant of it.
fn crd_write(
    policy: &Policy,
    identity: &Identity,
    binding: usize,
) -> Option<(&'static str, Grant)> {
    WRITE.iter().find_map(|verb| {
        let request = Request::resource(verb, CRD_GROUP, CRDS);
        policy
            .grants(identity, &request, None)
            .into_iter()
            .find(|g| g.binding == binding)
            .map(|g| (*verb, g))
    })
}

/// A label on the rule that grants the write, when it is an object of the input.
fn with_rule_label(finding: Finding, cx: &Context, grant: Grant, verb: &str) -> Finding {
    let Some(source) = cx.objects.get(grant.rule.object).filter(|o| o.is_role()) else {
        return finding;
    };
    let Some(rule) = source.rules().get(grant.rule.rule) else {
        return finding;
    };
    let element = resources(rule)
        .iter()
        .position(|r| r == CRDS || r == "*")
        .map_or(path!("rules", grant.rule.rule), |j| {
            path!("rules", grant.rule.rule, "resources", j)
        });
    finding.with_label(
        source,
        element,
        format!("grants {verb} on CustomResourceDefinitions"),
    )
}

/// `ServiceAccount my-system/app`, `User system:serviceaccount:shop:app`, `Group system:serviceaccounts`.
fn describe(subject: &Subject) -> String {
    match (subject.kind.as_str(), subject.namespace.as_deref()) {
        ("ServiceAccount", Some(ns)) if !ns.is_empty() => {
            format!("ServiceAccount {ns}/{}", subject.name)
        }
        ("User", _) => match service_account_of_user(&subject.name) {
            Some((ns, name)) => format!(
                "User {}, the user name of ServiceAccount {ns}/{name}",
                subject.name
            ),
            None => format!("User {}", subject.name),
        },
        (kind, _) => format!("{kind} {}", subject.name),
    }
}

fn group_members(group: &str) -> String {
    match ServiceAccountGroup::of(group) {
        Some(g) => g.members(),
        None if group == AUTHENTICATED => "every authenticated identity".into(),
        None => "a group".into(),
    }
}

/// `Deployment/a, Job/b and 2 more` (each name once: the input may hold
/// copies of a manifest), and whether that is more than one.
fn names(workloads: &[&Workload]) -> (String, bool) {
    let mut unique: Vec<String> = Vec::new();
    for w in workloads {
        let name = w.id.to_string();
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    let several = unique.len() > 1;
    let rest = unique.len().saturating_sub(NAMED);
    unique.truncate(NAMED);
    let text = match unique.split_last() {
        Some((last, first)) if rest == 0 && !first.is_empty() => {
            format!("{} and {last}", first.join(", "))
        }
        _ if rest > 0 => format!("{} and {rest} more", unique.join(", ")),
        _ => unique.join(""),
    };
    (text, several)
}
