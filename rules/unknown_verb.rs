//! # unknown-verb
//!
//! ## What it does
//! Flags each element of a rule's `verbs` that no Kubernetes authorizer check
//! uses. Known are the eight resource verbs (get, list, watch, create, update,
//! patch, delete, deletecollection), the special verbs (escalate, bind,
//! impersonate, use, approve, sign, attest, proxy) and `*`. In rules with
//! `nonResourceURLs` the lower-case HTTP methods post, put, head and options
//! are known too. The help suggests the nearest known verb.
//!
//! It fires when the rule names a built-in API group (or `*`), or
//! non-resource URLs, or when the verb is a typo of a known one. A custom
//! verb on a custom or aggregated API group (`knsubscribe` on
//! `messaging.knative.dev`, `readArtifact` on `pipelines.kubeflow.org`) is
//! that API's own, checked by its server with a SubjectAccessReview: not
//! reported.
//!
//! ## Why is this bad?
//! Verbs match exactly and case-sensitively: `Get`, `lsit` or `get*` grant
//! nothing. The workload then fails with "forbidden", and the rule hides
//! what was intended from reviewers.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["Get", "lsit"]
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["configmaps"]
//!   verbs: ["get", "list"]
//! ```
//!
//! Verbs listed in the rule's option `custom-verbs` (an aggregated API's or a
//! webhook authorizer's own verbs: `rules: {unknown-verb: {custom-verbs: [...]}}` in the config) are accepted.
//!
//! ## How to fix
//! Use the verb the help suggests; for an aggregated API or webhook
//! authorizer with its own verbs, allow them in the configuration.
//!
//! ## Severity
//! Warning: it grants nothing, so it is a correctness bug, not a risk.
//!
//! ## References
//! - pkg/apis/rbac/v1/evaluation_helpers.go `VerbMatches` (exact match).
//! - Kubernetes docs, "Authorization": request verbs.

use crate::finding::Finding;
use crate::path;
use crate::rule::{Context, Extensions, Object, RuleOptions};
use crate::suggest::closest;
use crate::vocab::api_groups;

/// `rules: {unknown-verb: {custom-verbs: […]}}` (the config's top-level
/// `custom-verbs` is a shorthand that adds to it).
#[derive(serde::Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Verbs your own authorizers check (an aggregated API's, a webhook's), accepted besides Kubernetes' own.
    #[serde(default)]
    pub custom_verbs: Vec<String>,
}

impl RuleOptions for Options {
    fn apply(&self, extensions: &mut Extensions) {
        extensions.custom_verbs.extend(self.custom_verbs.iter().cloned());
    }
}

/// Every verb some authorizer check uses.
pub const KNOWN_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "escalate",
    "bind",
    "impersonate",
    "use",
    "approve",
    "sign",
    "attest",
    "proxy",
    "*",
];

/// HTTP methods that are verbs of non-resource requests.
const HTTP_VERBS: &[&str] = &["post", "put", "head", "options"];

/// Whether some authorizer check uses `verb`; `non_resource`: for
/// non-resource URLs, where the HTTP methods are verbs too.
pub fn is_kubernetes_verb(verb: &str, non_resource: bool) -> bool {
    KNOWN_VERBS.contains(&verb) || (non_resource && HTTP_VERBS.contains(&verb))
}

/// The Kubernetes verb nearest to a misspelt one.
pub fn nearest_verb(verb: &str, non_resource: bool) -> Option<&'static str> {
    let candidates = KNOWN_VERBS
        .iter()
        .chain(HTTP_VERBS)
        .copied()
        .filter(|v| is_kubernetes_verb(v, non_resource));
    closest(verb, candidates)
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let non_resource = rule
            .non_resource_urls
            .as_ref()
            .is_some_and(|u| !u.is_empty());
        let kubernetes_checks = non_resource
            || api_groups(rule)
                .iter()
                .any(|g| g == "*" || cx.catalogue.knows_all_of(g));
        for (j, verb) in rule.verbs.iter().enumerate() {
            if is_kubernetes_verb(verb, non_resource) || cx.custom_verbs.iter().any(|v| v == verb) {
                continue;
            }
            let suggestion = nearest_verb(verb, non_resource);
            if !kubernetes_checks && suggestion.is_none() {
                // The custom API's own verb: its server checks it.
                continue;
            }
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`? (verbs match exactly and case-sensitively)"),
                None => "use a Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection); an application's own verb can be suppressed with a reason".into(),
            };
            findings.push(cx.finding(
                &object,
                path!("rules", i, "verbs", j),
                "not a Kubernetes verb",
                format!(
                    "{}: `{verb}` is not a Kubernetes verb; it grants nothing unless an application checks it itself (SubjectAccessReview)",
                    object.id
                ),
                help,
            ));
        }
    }
    findings
}
