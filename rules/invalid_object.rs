//! # invalid-object
//!
//! ## What it does
//! Reports an RBAC object (API group `rbac.authorization.k8s.io`) that does
//! not have the shape Kubernetes requires: a verb that is not a string
//! (`verbs: 5`), a rule without `verbs`, a binding without `roleRef`, a
//! `subjects` entry without `kind`. The label sits on the element that breaks
//! the schema. Raised by the loader, not by a check: no other rule can see an
//! object it could not read.
//!
//! ## Why is this bad?
//! The API server rejects the object, so the manifest does not do what its
//! author thinks; and a linter that skipped it silently would let a broken
//! (perhaps over-broad) role through review unchecked.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: get          # must be a list
//! ```
//!
//! Use instead:
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["get"]
//! ```
//!
//! ## How to fix
//! Follow the message: it names the element and what Kubernetes expects
//! there. `kubectl apply --dry-run=server` shows the API server's own error.
//!
//! ## Severity
//! Error.

use crate::finding::{Finding, Label, Severity};
use crate::load::InvalidObject;
use crate::model::Path;

/// The finding for an object the loader could not read as its RBAC type.
pub(crate) fn finding(invalid: &InvalidObject) -> Finding {
    let at = if invalid.element == "." || invalid.element.is_empty() {
        String::new()
    } else {
        format!(" at {}", invalid.element)
    };
    Finding {
        rule: "",
        severity: Severity::Error,
        object: invalid.id.clone(),
        message: format!(
            "{}: not a valid {}{at}: {}",
            invalid.id, invalid.id.kind, invalid.message
        ),
        help: "fix the element so the object matches the Kubernetes schema (see `kubectl explain`)"
            .into(),
        primary: Label {
            file: invalid.file,
            span: invalid.span,
            path: Path::default(),
            text: "Kubernetes rejects this".into(),
        },
        secondary: Vec::new(),
    }
}
