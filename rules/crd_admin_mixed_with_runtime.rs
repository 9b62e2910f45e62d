//! # crd-admin-mixed-with-runtime
//!
//! ## What it does
//! Flags a Role or ClusterRole in which some rule grants a write verb on
//! `customresourcedefinitions` (named explicitly, with `apiextensions.k8s.io`
//! or `*` in its apiGroups) while any rule of the same role (that rule
//! included) grants anything on another resource. One finding per role, on
//! the `customresourcedefinitions` element, with a label on the first
//! runtime resource. Subresources of `customresourcedefinitions` count as
//! CRD administration, not as runtime access.
//!
//! ## Why is this bad?
//! Registering CRDs is an install-time job; reconciling is a run-time job.
//! A role that does both gives the long-running controller Pod the power to
//! rewrite or delete any CRD in the cluster — deleting a CRD deletes every
//! custom resource of that type, and rewriting its schema or conversion
//! webhook redirects other teams' objects. A compromised controller should
//! not be able to do that.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRole
//! metadata: {name: my-controller}
//! rules:
//! - apiGroups: ["apiextensions.k8s.io"]
//!   resources: ["customresourcedefinitions"]
//!   verbs: ["create", "get", "list", "patch"]
//! - apiGroups: ["example.com"]
//!   resources: ["documents"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! Use instead: two roles, bound to different subjects.
//! ```yaml
//! kind: ClusterRole
//! metadata: {name: my-controller-crd-admin}   # bound to the CI/CD deployer
//! rules:
//! - apiGroups: ["apiextensions.k8s.io"]
//!   resources: ["customresourcedefinitions"]
//!   verbs: ["create", "get", "list", "patch"]
//! ---
//! kind: ClusterRole
//! metadata: {name: my-controller-runtime}     # bound to the controller's ServiceAccount
//! rules:
//! - apiGroups: ["example.com"]
//!   resources: ["documents"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! ## How to fix
//! Split the role: a CRD-registration ClusterRole that your CI/CD pipeline
//! (or installer) is bound to, and a runtime role for the controller's
//! ServiceAccount with no write access to `customresourcedefinitions`. If the
//! controller must read CRDs (e.g. to wait until they are established), keep
//! `get`/`list`/`watch` in the runtime role.
//!
//! ## Severity
//! Warning: the separation is a design rule, and installers that are meant to
//! hold both (short-lived, not a controller) can suppress it with a reason.
//!
//! ## References
//! - Controller security guide (this project's seed): "CRD Separation Strategy".

use crate::finding::Finding;
use crate::model::RbacObject;
use crate::path;
use crate::rule::Context;
use crate::vocab::{api_groups, grants_write, resources};

const CRDS: &str = "customresourcedefinitions";

fn is_crd_resource(resource: &str) -> bool {
    resource == CRDS
        || resource
            .strip_prefix(CRDS)
            .is_some_and(|rest| rest.starts_with('/'))
}

pub fn check(object: &RbacObject, _cx: &Context) -> Vec<Finding> {
    let rules = object.rules();
    let crd_write = rules.iter().enumerate().find_map(|(i, rule)| {
        let groups_match = api_groups(rule)
            .iter()
            .any(|g| g == "apiextensions.k8s.io" || g == "*");
        if !groups_match || !grants_write(rule) {
            return None;
        }
        resources(rule)
            .iter()
            .position(|r| r == CRDS)
            .map(|j| (i, j))
    });
    let Some((i, j)) = crd_write else {
        return Vec::new();
    };
    let runtime = rules.iter().enumerate().find_map(|(k, rule)| {
        resources(rule)
            .iter()
            .position(|r| !is_crd_resource(r))
            .map(|l| (k, l, resources(rule)[l].as_str()))
    });
    let Some((k, l, resource)) = runtime else {
        return Vec::new();
    };
    vec![Finding::new(
        object,
        path!("rules", i, "resources", j),
        "CRD registration (write)",
        format!(
            "{}: the same role registers CustomResourceDefinitions and grants runtime access ({resource})",
            object.id
        ),
        "split it: a CRD-registration role bound to CI/CD, and a runtime role without CRD write access for the controller's ServiceAccount",
    )
    .with_label(object, path!("rules", k, "resources", l), "runtime access")]
}
