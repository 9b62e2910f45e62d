//! # duplicate-key
//!
//! ## What it does
//! Reports a key written twice in one mapping of an RBAC object. Labels sit on
//! both occurrences. Raised by the loader.
//!
//! ## Why is this bad?
//! YAML forbids duplicate keys, but parsers disagree on what to do with them:
//! some keep the first, most keep the last, some reject the file. A second
//! `verbs:` can hide a `*` from a reviewer (or from a linter that keeps the
//! other one) while the cluster applies it. rbaclint lints the last value, as
//! kubectl does, and reports the duplicate so nobody has to guess.
//!
//! ## Example
//! ```yaml
//! rules:
//! - apiGroups: [""]
//!   resources: ["pods"]
//!   verbs: ["*"]
//!   verbs: ["get"]
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
//! Delete one of the keys.
//!
//! ## Severity
//! Error.

use crate::finding::{Finding, Label, Reporter};
use crate::load::DuplicateKeyInObject;
use crate::model::Path;
use crate::workspace::Workspace;

/// One finding per key written twice in an RBAC object.
pub(crate) fn findings(workspace: &Workspace, report: Reporter) -> Vec<Finding> {
    workspace
        .duplicate_keys
        .iter()
        .map(|dup| finding(dup, report))
        .collect()
}

/// The finding for a key written twice in an RBAC object.
fn finding(dup: &DuplicateKeyInObject, report: Reporter) -> Finding {
    let key = &dup.duplicate.key;
    Finding {
        secondary: vec![Label {
            file: dup.file,
            span: dup.duplicate.first,
            path: Path::default(),
            text: "first written here".into(),
        }],
        ..report.finding_at(
            dup.id.clone(),
            Label {
                file: dup.file,
                span: dup.duplicate.second,
                path: Path::default(),
                text: "this one is used".into(),
            },
            format!("{}: key `{key}` appears twice in one mapping", dup.id),
            "delete one of them; clients disagree on which one wins (rbaclint and kubectl use the last)",
        )
    }
}
