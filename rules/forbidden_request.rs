//! # forbidden-request
//!
//! ## What it does
//! Under `rbaclint audit`: flags a request the log shows denied to a bound
//! subject. Each distinct request the audit log shows denied to a subject that
//! the manifests bind (and that the manifests deny too) is reported at that
//! binding subject, naming the rule entry of the input that would allow it, if
//! any.
//!
//! ## Why is this bad?
//! A denied request is a workload failing: a controller that cannot update
//! a status, read a ConfigMap it needs, or renew its leader-election lease
//! retries, logs errors and stalls. The fix belongs in the manifests that
//! bind the subject; the message says which request, in which namespace, how
//! often, and which existing entry already grants it elsewhere.
//!
//! ## Example
//! A ServiceAccount bound to a Role that reads pods, and a log showing its
//! `update pods/status` denied:
//! ```yaml
//! kind: RoleBinding
//! subjects:
//! - kind: ServiceAccount
//!   name: controller
//! roleRef: {kind: Role, name: pod-reader}
//! ```
//!
//! Use instead: add the request to the role (here `update` on
//! `pods/status`), or bind a role that grants it, only if the workload
//! should make it. A denied request can also be a compromised or
//! misconfigured workload probing: read the message before granting.
//!
//! ## How to fix
//! Grant exactly the request listed (verb, resource, subresource, namespace;
//! the name when it is fixed), or change the workload so it no longer makes
//! it. Requests the manifests allow although the cluster denied them (the
//! cluster runs other manifests) are not reported.
//!
//! ## Severity
//! Warning.
//!
//! ## Fixtures
//! `fixtures/forbidden-request/audit.log` is the log the fixtures are
//! judged against.
//!
//! ## References
//! - Kubernetes docs, "Auditing": `authorization.k8s.io/decision`.

use crate::audit_log::usage::{thousands, Usage};
use crate::authz::subject::subject_applies;
use crate::finding::{Finding, Reporter};
use crate::model::Rbac;
use crate::path;

pub fn findings(usage: &Usage, report: Reporter) -> Vec<Finding> {
    let policy = usage.policy;
    let objects = policy.objects();
    let mut findings = Vec::new();
    for (decision, &count) in &usage.tally.decisions {
        if decision.allowed {
            continue;
        }
        let identity = decision.identity();
        let namespace = decision.namespace.as_deref();
        if policy.allows(&identity, &decision.request, namespace) {
            continue;
        }
        let bound = (0..objects.len()).find_map(|binding| {
            let (_, subjects) = objects[binding].binding()?;
            let ns = policy.binding_namespace(binding);
            let subject = subjects
                .iter()
                .position(|s| subject_applies(s, ns, &identity))?;
            Some((binding, subject))
        });
        let Some((binding, subject)) = bound else {
            continue;
        };
        let where_ = match namespace {
            Some(ns) => format!("in namespace {ns}"),
            None => "cluster-wide".to_string(),
        };
        let allowing = policy
            .roles_allowing(&decision.request)
            .into_iter()
            .find(|&(role, _)| match &policy.object(role).rbac {
                Rbac::Role(_) => policy.object(role).id.namespace.as_deref() == namespace,
                _ => true,
            });
        let remedy = match allowing {
            Some((role, origin)) => {
                let written = &policy.object(origin.object).id;
                if origin.object == role {
                    format!("; {written} rules[{}] would allow it", origin.rule)
                } else {
                    let aggregated = &policy.object(role).id;
                    format!(
                        "; {aggregated} would allow it (rules[{}] of {written})",
                        origin.rule
                    )
                }
            }
            None => "; no role of the input allows it".to_string(),
        };
        let times = if count == 1 {
            "once".to_string()
        } else {
            format!("{} times", thousands(count))
        };
        let mut finding = report.finding(
            &objects[binding],
            path!("subjects", subject),
            format!("denied {}", decision.request),
            format!(
                "{identity} was denied `{}` {where_} {times}{}{remedy}",
                decision.request,
                usage.tally.window()
            ),
            "grant exactly this request to the subject, if the workload should make it",
        );
        if let Some((_, origin)) = allowing {
            let object = policy.object(origin.object);
            finding =
                finding.with_label(object, path!("rules", origin.rule), "this entry allows it");
        }
        findings.push(finding);
    }
    findings
}
