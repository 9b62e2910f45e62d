//! Who a workload's pods are to the authorizer: the ServiceAccount they run
//! as, so a cross-object rule asks the same evaluator `rbaclint access` does.

use std::fmt;

use crate::authz::subject::{Identity, SERVICE_ACCOUNTS};
use crate::load::Workload;

/// The identity of a workload's pods.
///
/// With a namespace: `system:serviceaccount:<ns>:<name>`, in the groups
/// `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
/// `system:authenticated`. Without one, the workload lands in whatever
/// namespace it is applied to (`kubectl apply -n`, kustomize's `namespace:`,
/// a Helm release), which the input does not say: offline it is only what
/// every ServiceAccount is, a member of `system:serviceaccounts` (and
/// `system:authenticated`). It is never taken for a ServiceAccount, or a
/// namespace's group, that the input names — of another namespace or
/// another project.
pub fn identity(workload: &Workload) -> Identity {
    match namespace(workload) {
        Some(ns) => Identity::service_account(ns, &workload.service_account),
        None => Identity::group(SERVICE_ACCOUNTS),
    }
}

fn namespace(workload: &Workload) -> Option<&str> {
    workload.id.namespace.as_deref().filter(|ns| !ns.is_empty())
}

/// The ServiceAccount a workload runs as, for messages:
/// `ServiceAccount shop/app`, `ServiceAccount app (namespace unset)`.
pub struct RunsAs<'a>(pub &'a Workload);

impl fmt::Display for RunsAs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let workload = self.0;
        match namespace(workload) {
            Some(ns) => write!(f, "ServiceAccount {ns}/{}", workload.service_account)?,
            None => write!(
                f,
                "ServiceAccount {} (namespace unset)",
                workload.service_account
            )?,
        }
        if !workload.explicit {
            f.write_str(", serviceAccountName unset")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectRef, Path};
    use crate::source::Span;

    fn workload(namespace: Option<&str>, service_account: &str, explicit: bool) -> Workload {
        Workload {
            file: 0,
            id: ObjectRef {
                kind: "Deployment".into(),
                namespace: namespace.map(str::to_string),
                name: "app".into(),
            },
            service_account: service_account.into(),
            explicit,
            at: Path::default(),
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn a_namespaced_workload_is_its_service_account() {
        let w = workload(Some("shop"), "app", true);
        assert_eq!(identity(&w), Identity::service_account("shop", "app"));
        assert_eq!(RunsAs(&w).to_string(), "ServiceAccount shop/app");
    }

    #[test]
    fn without_namespace_only_the_groups_of_every_service_account() {
        let w = workload(None, "default", false);
        let id = identity(&w);
        assert_eq!(id.user, "");
        assert_eq!(
            id.groups,
            ["system:serviceaccounts", "system:authenticated"]
        );
        assert_eq!(
            RunsAs(&w).to_string(),
            "ServiceAccount default (namespace unset), serviceAccountName unset"
        );
        assert_eq!(identity(&workload(Some(""), "x", true)).user, "");
    }
}
