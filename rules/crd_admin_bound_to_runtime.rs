//! # crd-admin-bound-to-runtime
//!
//! ## What it does
//! Flags a binding subject that is a ServiceAccount some workload in the
//! input runs as (`serviceAccountName` of a Pod, Deployment, ReplicaSet,
//! StatefulSet, DaemonSet, Job, CronJob or ReplicationController; `default`
//! when unset) when the bound role — aggregation resolved — can write
//! CustomResourceDefinitions (create, update, patch, delete or
//! deletecollection on `customresourcedefinitions` in
//! `apiextensions.k8s.io`, wildcards included). The finding sits on the
//! subject's `name`, with a related label on the rule that grants the CRD
//! write (in the contributing ClusterRole when aggregated, possibly in
//! another file).
//!
//! Namespaces must agree: the subject's (or its RoleBinding's) namespace and
//! the workload's; a manifest without namespace matches any.
//!
//! `crd-admin-mixed-with-runtime` judges a role's design on its own; this
//! rule needs the evidence that a running workload actually holds the grant.
//! Both may fire, on different elements (the role's rule, the binding's
//! subject). On a subject named `default`, `default-service-account-binding`
//! may fire too: a different cause (every pod without serviceAccountName
//! gets the grant) on the same element. A ServiceAccount subject without
//! namespace in a ClusterRoleBinding matches no one and is left to
//! `subject-namespace-missing`.
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

use crate::authz::subject::service_account_namespace;
use crate::authz::{Origin, Policy, Request};
use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::rule::Context;
use crate::vocab::resources;

const CRD_GROUP: &str = "apiextensions.k8s.io";
const CRDS: &str = "customresourcedefinitions";
const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

pub fn check(object: &RbacObject, cx: &Context) -> Vec<Finding> {
    let Some((role_ref, subjects)) = object.binding() else {
        return Vec::new();
    };
    let Some(index) = cx.policy.index_of(object) else {
        return Vec::new();
    };
    let Some((role, origin, verb)) = cx
        .policy
        .role_ref_targets(index)
        .iter()
        .find_map(|&role| crd_write(cx.policy, role).map(|(o, v)| (role, o, v)))
    else {
        return Vec::new();
    };
    let binding_ns = cx.policy.binding_namespace(index);
    let mut findings = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        if subject.kind != "ServiceAccount" {
            continue;
        }
        let namespace = service_account_namespace(subject, binding_ns);
        if namespace.is_none() && binding_ns.is_none() && object.id.kind == "ClusterRoleBinding" {
            // Matches no one (subject-namespace-missing reports it).
            continue;
        }
        let Some(workload) = cx.workloads.iter().find(|w| {
            w.service_account == subject.name
                && (namespace.is_none()
                    || w.id.namespace.is_none()
                    || w.id.namespace.as_deref() == namespace)
        }) else {
            continue;
        };
        let source = cx.policy.object(origin.object);
        let element = resources(cx.policy.rule(origin))
            .iter()
            .position(|r| r == CRDS || r == "*")
            .map_or(path!("rules", origin.rule), |j| {
                path!("rules", origin.rule, "resources", j)
            });
        let via = if origin.object == role {
            String::new()
        } else {
            format!(" (aggregated from {})", source.id)
        };
        findings.push(
            Finding::new(
                object,
                object.visible(path!("subjects", i, "name")),
                format!("{} runs as this ServiceAccount", workload.id),
                format!(
                    "{}: ServiceAccount {}, which {} runs as, is bound to {} {} that can {verb} CustomResourceDefinitions{via}",
                    object.id, subject.name, workload.id, role_ref.kind, role_ref.name
                ),
                "bind CRD administration to the installer (CI/CD) and give the workload a runtime role without CRD write",
            )
            .with_label(source, element, format!("grants {verb} on CustomResourceDefinitions")),
        );
    }
    findings
}

/// The first rule of the role that writes CRDs, and the verb, names honoured.
fn crd_write(policy: &Policy, role: usize) -> Option<(Origin, &'static str)> {
    policy.effective_rules(role).iter().find_map(|&origin| {
        let rule = policy.rule(origin);
        let names: Vec<Option<&str>> = match rule.resource_names.as_deref() {
            Some(names) if !names.is_empty() => names.iter().map(|n| Some(n.as_str())).collect(),
            _ => vec![None],
        };
        WRITE.iter().find_map(|verb| {
            names
                .iter()
                .any(|name| {
                    let request = Request::resource(verb, CRD_GROUP, CRDS);
                    let request = match name {
                        Some(n) => request.named(n),
                        None => request,
                    };
                    crate::authz::rule_allows(rule, &request)
                })
                .then_some((origin, *verb))
        })
    })
}
