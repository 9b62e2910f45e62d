//! What a rule reports: a message about one object, located at the element at
//! fault, with optional secondary labels.

use std::fmt;

use serde::Serialize;

use crate::fix::Fix;
use crate::model::{ObjectRef, Path, RbacObject};
use crate::source::{FileId, Span};

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A located piece of text: where in which file, and what to say there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    /// The element's path inside its object (`rules[0].verbs[1]`).
    pub path: Path,
    pub text: String,
}

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id; set by the engine from the registry.
    pub rule: &'static str,
    /// Set by the engine from the rule's (possibly configured) severity.
    pub severity: Severity,
    pub object: ObjectRef,
    pub message: String,
    pub help: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// Edits that resolve the finding, when the rule knows them.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding on `object`, with its primary label on the element at `path`.
    pub fn new(
        object: &RbacObject,
        path: Path,
        label: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        debug_assert!(!object.is_builtin(), "a finding on a built-in role");
        Finding {
            rule: "",
            severity: Severity::Warning,
            object: object.id.clone(),
            message: message.into(),
            help: help.into(),
            primary: object_label(object, path, label),
            secondary: Vec::new(),
            fix: None,
        }
    }

    /// Attaches the fix the rule built (`None`: the rule could not build one).
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Adds a secondary label on another element of an object; none for a
    /// built-in role, which no file holds (the message names it instead).
    pub fn with_label(mut self, object: &RbacObject, path: Path, text: impl Into<String>) -> Self {
        if !object.is_builtin() {
            self.secondary.push(object_label(object, path, text));
        }
        self
    }

    pub fn file(&self) -> FileId {
        self.primary.file
    }
}

fn object_label(object: &RbacObject, path: Path, text: impl Into<String>) -> Label {
    Label {
        file: object.file,
        span: object.span(&path),
        path,
        text: text.into(),
    }
}

/// Orders findings by file (input order), position, rule and message.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.primary.file, a.primary.span, a.rule, &a.message).cmp(&(
            b.primary.file,
            b.primary.span,
            b.rule,
            &b.message,
        ))
    });
}

/// What a pass over findings (suppressions, per-file settings, the
/// baseline) returns: the findings it keeps, and how many it removed.
#[derive(Debug, Default)]
pub struct Kept {
    pub findings: Vec<Finding>,
    pub removed: usize,
}
