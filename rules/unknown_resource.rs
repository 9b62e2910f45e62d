//! # unknown-resource
//!
//! ## What it does
//! Flags a resource none of the rule's groups serves, or an unknown
//! subresource. Each element of a rule's `resources` that none of the rule's
//! API groups serves is flagged, and each `R/sub` whose subresource `R` does
//! not have. The catalogue is the built-in API (k8s-openapi's types of the
//! newest Kubernetes, a curated table of built-in subresources, the kubelet's
//! `nodes/*` authorization subresources), the virtual resources RBAC checks
//! although no endpoint serves them (`users`, `groups`, `serviceaccounts`,
//! `uids` and `userextras/<key>` for impersonate, `signers` for approve and
//! sign), the APIs Kubernetes SIGs ship as CRDs (Gateway API
//! `gateway.networking.k8s.io`, VolumeSnapshot `snapshot.storage.k8s.io`,
//! COSI `objectstorage.k8s.io`: their stable kinds, scopes and
//! subresources), the CustomResourceDefinitions in the input (with the
//! `status` and `scale` subresources their versions declare; a CRD manifest
//! that lists no versions may serve both), and the rule's option `extra-apis` (`rules: {unknown-resource: {extra-apis: {<group>: [...]}}}` in the config). The
//! help says which group serves the resource, or the nearest resource name.
//!
//! Only rules whose groups are all known are judged: a group the catalogue
//! does not know (`extensions`, `metrics.k8s.io`, a CRD installed elsewhere)
//! may serve anything. In a group that only CRDs define (the input's, or a
//! SIG's, which adds kinds over time), a name
//! is reported only when it is a near miss of one of the group's resources
//! (`widget` for `widgets`): other names may belong to CRDs not in the
//! input. `R/finalizers` is known for every resource: the
//! OwnerReferencesPermissionEnforcement admission plugin checks it. `*` groups and `*`/`*/sub` resources are never judged
//! here (the wildcard rules speak).
//!
//! `R/status` of a built-in resource without a status (`configmaps/status`,
//! `secrets/status`) is reported: the catalogue lists the status of every
//! built-in type that has one. An empty string `""` in resources is
//! reported whatever the groups: it names no resource in any group. So is
//! `R/status` or `R/scale` of a CRD in the input whose versions declare no
//! such subresource (Gateway API's `referencegrants/status`): the API server
//! answers 404 there.
//!
//! ## Why is this bad?
//! RBAC matches names exactly: `configmap`, `deployments` under `""`, or
//! `pods/logs` grant nothing. The workload fails with "forbidden" and
//! someone widens the rule to `*` to make it work.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmap", "deployments", "pods/logs"]
//!   verbs: ["get"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps", "pods/log"]
//!   verbs: ["get"]
//! - apiGroups: ["apps"]
//!   resources: ["deployments"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Use the plural, lower-case resource name and the group that serves it
//! (`kubectl api-resources` lists both). For APIs of CRDs that are not in
//! the input, include the CRD manifests in the run.
//!
//! ## Severity
//! Warning: the element grants nothing; a correctness bug that invites
//! over-broad fixes.
//!
//! ## References
//! - `kubectl api-resources`; Kubernetes API reference.
//! - pkg/apis/rbac/v1/evaluation_helpers.go `ResourceMatches` (exact match).

use crate::catalogue::Catalogue;
use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Extensions, Object, RuleOptions};
use crate::suggest::{closest, closest_within};

/// Edits within which an unknown name in a CRD-only group counts as a typo.
const CRD_NEAR_MISS: usize = 2;
use crate::vocab::{api_groups, is_wildcard_resource, resources, show_group};

/// `rules: {unknown-resource: {extra-apis: {<group>: […]}}}` (the config's
/// top-level `extra-apis` is a shorthand that adds to it). The resources
/// join the run's catalogue, so every rule knows them.
#[derive(serde::Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// API group (`""` is core) → resources (`R` or `R/sub`) served by APIs the manifests do not define.
    #[serde(default)]
    pub extra_apis: std::collections::BTreeMap<String, Vec<String>>,
}

impl RuleOptions for Options {
    fn apply(&self, extensions: &mut Extensions) {
        for (group, resources) in &self.extra_apis {
            for resource in resources {
                extensions.extra_apis.push((group.clone(), resource.clone()));
            }
        }
    }
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let catalogue = cx.catalogue;
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        for (j, _) in resources(rule)
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_empty())
        {
            findings.push(cx.finding(
                &object,
                path!("rules", i, "resources", j),
                "empty resource name",
                format!("{}: `\"\"` in resources names no resource; the element grants nothing", object.id),
                "remove it: the core group is written `\"\"` in apiGroups, and every resource is `*`",
            ));
        }
        let groups = api_groups(rule);
        if groups.is_empty() || groups.iter().any(|g| g == "*" || !catalogue.knows_group(g)) {
            continue;
        }
        for (j, resource) in resources(rule).iter().enumerate() {
            if resource.is_empty() {
                continue;
            }
            if is_wildcard_resource(resource) {
                continue;
            }
            if let Some((message, help)) = judge(catalogue, groups, resource) {
                findings.push(cx.finding(
                    &object,
                    path!("rules", i, "resources", j),
                    "unknown resource",
                    format!("{}: {message}; the element grants nothing", object.id),
                    help,
                ));
            }
        }
    }
    findings
}

/// Why `resource` is unknown in `groups`, with a did-you-mean; `None` when
/// known, or when the groups are only partly known and no known name is near.
/// `rbaclint who-can` asks it too.
pub fn judge(catalogue: &Catalogue, groups: &[String], resource: &str) -> Option<(String, String)> {
    let (base, sub) = match resource.split_once('/') {
        Some((b, s)) => (b, Some(s)),
        None => (resource, None),
    };
    let shown: Vec<String> = groups.iter().map(|g| show_group(g)).collect();
    let serving: Vec<&String> = groups
        .iter()
        .filter(|g| catalogue.serves(g, base))
        .collect();
    if serving.is_empty() {
        // A CRD-only group may have CRDs outside the input: only a near miss
        // of a known name is then a typo worth reporting.
        let builtin = groups.iter().all(|g| catalogue.knows_all_of(g));
        let candidates = groups.iter().flat_map(|g| catalogue.resources_of(g));
        let near = if builtin {
            closest(base, candidates)
        } else {
            closest_within(base, candidates, CRD_NEAR_MISS)
        };
        if near.is_none() && !builtin {
            return None;
        }
        let elsewhere: Vec<String> = catalogue
            .groups_serving(base)
            .filter(|g| !catalogue.is_removed(g, base))
            .map(show_group)
            .collect();
        let help = if !elsewhere.is_empty() {
            format!(
                "`{base}` is served by API group {}: put it in a rule with that group",
                elsewhere.join(" or ")
            )
        } else {
            match near {
                Some(near) => format!("did you mean `{}`?", with_sub(near, sub)),
                None => "check the name with `kubectl api-resources`; add the CRD manifest if it is a custom resource".into(),
            }
        };
        return Some((
            format!(
                "`{resource}` is not a resource of API group {}",
                shown.join(", ")
            ),
            help,
        ));
    }
    let sub = sub?;
    let unknown_everywhere = serving
        .iter()
        .all(|g| catalogue.lacks_subresource(g, base, sub));
    if !unknown_everywhere {
        return None;
    }
    let near = closest(
        sub,
        serving
            .iter()
            .flat_map(|g| catalogue.subresources_of(g, base)),
    );
    let help = match near {
        Some(near) => format!("did you mean `{base}/{near}`?"),
        None if serving.iter().all(|g| catalogue.knows_all_of(g)) => {
            format!("remove `{base}/{sub}`: no API serves that subresource, so it grants nothing")
        }
        None => format!(
            "remove `{base}/{sub}`: the CustomResourceDefinition of `{base}` declares no `{sub}` subresource, so it grants nothing"
        ),
    };
    Some((format!("`{base}` has no subresource `{sub}`"), help))
}

fn with_sub(base: &str, sub: Option<&str>) -> String {
    match sub {
        Some(sub) => format!("{base}/{sub}"),
        None => base.to_string(),
    }
}
