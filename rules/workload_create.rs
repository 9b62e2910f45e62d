//! # workload-create
//!
//! ## What it does
//! Flags a verb that lets a subject run pods it chooses, without
//! `resourceNames`. The rule names a pod-running resource, in a matching API
//! group, with a verb that makes a pod template: `create`, `update` or `patch`
//! on `replicationcontrollers` (core), `deployments`, `replicasets`,
//! `statefulsets`, `daemonsets` (`apps`) and `cronjobs` (`batch`), whose
//! templates are mutable; `create` on `pods` and `jobs`. One finding per
//! resource element.
//!
//! A Job's pod template is immutable, so `update`/`patch` on `jobs` is not
//! reported. `update`/`patch` on `pods` is, with its own message: it cannot
//! change a pod's ServiceAccount or volumes, only swap the images of its
//! containers — which still runs any code with that pod's token and Secrets.
//!
//! Only explicit grants; a `*` that reaches them is reported by the wildcard
//! rules ("covers workload create").
//!
//! ## Why is this bad?
//! Whoever can create or change a pod template chooses what the pod runs and
//! as which ServiceAccount of the namespace, which Secrets, ConfigMaps and
//! volumes it mounts, and (without Pod Security Admission) whether it is
//! privileged on the node. Creating workloads is therefore as strong as reading
//! every Secret and using every ServiceAccount of the namespace.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: ["apps"]
//!   resources: ["deployments"]
//!   verbs: ["get", "list", "watch", "create", "update", "patch"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: ["apps"]
//!   resources: ["deployments"]
//!   verbs: ["get", "list", "watch"]
//! - apiGroups: ["apps"]
//!   resources: ["deployments/scale"]
//!   verbs: ["update", "patch"]
//! ```
//!
//! ## How to fix
//! Keep workload creation to deployers (CI/CD) and to controllers whose job
//! it is; bind such roles with RoleBindings in the namespaces they manage and
//! enforce Pod Security Admission there. Controllers that only scale need
//! `deployments/scale`, not `deployments`.
//!
//! ## Severity
//! Warning: operators that manage workloads need this, and the risk depends on
//! the namespace's Pod Security level; the finding asks for a deliberate choice.
//!
//! ## References
//! - Kubernetes docs, "Role based access control good practices": Workload creation.

use crate::capability::{self, grant, Capability, Grant, BASE};
use crate::finding::Finding;
use crate::rule::{Context, Object};

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    capability::check(&object, &CAPABILITY, cx.catalogue, cx.reporter)
}

const POD_IMAGE_SWAP: &str = "can swap the container images of running pods and so run any code with their ServiceAccounts and mounted Secrets (a pod's ServiceAccount and volumes cannot be changed)";

/// What this rule reports, as data: read by [`capability::check`] here, and
/// through [`super::CAPABILITIES`] by the wildcard rules' "covers" lists and
/// `service-account-group-binding`.
pub(crate) static CAPABILITY: Capability = Capability {
    short: "workload create",
    consequence: "can run pods as any ServiceAccount of a namespace where it is granted (every namespace, through a ClusterRoleBinding) and mount its Secrets",
    help: "leave creating and changing pods to the built-in controllers; if the controller must manage workloads, bind it only in the namespaces it manages",
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
