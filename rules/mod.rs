//! The rule registry: one line per rule. A rule lives in its own file in this
//! folder; its `//!` doc comment is its documentation and its `check`
//! function is a pure function of one object and the run's context.
//!
//! Adding a rule: a file here, a line below, a folder in `fixtures/`.

use crate::finding::Severity;
use crate::rule::Rule;

mod broad_api_groups;
mod crd_admin_mixed_with_runtime;
pub(crate) mod duplicate_key;
pub(crate) mod invalid_object;
mod status_not_separated;
mod unused_suppression;
mod wildcard_resources;
mod wildcard_verbs;

macro_rules! rule {
    ($module:ident, $id:literal, $severity:ident) => {
        Rule {
            id: $id,
            default_severity: Severity::$severity,
            check: Some($module::check),
            source: include_str!(concat!(stringify!($module), ".rs")),
        }
    };
    ($module:ident, $id:literal, $severity:ident, engine) => {
        Rule {
            id: $id,
            default_severity: Severity::$severity,
            check: None,
            source: include_str!(concat!(stringify!($module), ".rs")),
        }
    };
}

/// Every rule, in the order `rbaclint rules` lists them.
pub static RULES: &[Rule] = &[
    rule!(wildcard_verbs, "wildcard-verbs", Error),
    rule!(wildcard_resources, "wildcard-resources", Error),
    rule!(broad_api_groups, "broad-api-groups", Warning),
    rule!(status_not_separated, "status-not-separated", Warning),
    rule!(
        crd_admin_mixed_with_runtime,
        "crd-admin-mixed-with-runtime",
        Warning
    ),
    rule!(invalid_object, "invalid-object", Error, engine),
    rule!(duplicate_key, "duplicate-key", Error, engine),
    rule!(unused_suppression, "unused-suppression", Warning, engine),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
