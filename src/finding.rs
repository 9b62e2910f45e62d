//! What a rule reports: a message about one object, located at the element at
//! fault, with optional secondary labels.

use std::fmt;

use serde::Serialize;

use crate::fix::Fix;
use crate::model::{ObjectRef, Path, RbacObject};
use crate::rule_id::RuleId;
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
    pub rule: RuleId,
    /// The rule's severity in the run (a config may change it per file).
    pub severity: Severity,
    pub object: ObjectRef,
    pub message: String,
    pub help: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// Edits that resolve the finding, when the rule knows them.
    pub fix: Option<Fix>,
}

/// The rule that runs and the severity the run gives it: what every
/// finding of the rule is created with. The engine hands one to each rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reporter {
    pub rule: RuleId,
    pub severity: Severity,
}

impl Reporter {
    /// A finding on `object`, with its primary label on the element at `path`.
    pub fn finding(
        self,
        object: &RbacObject,
        path: Path,
        label: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        debug_assert!(!object.is_builtin(), "a finding on a built-in role");
        self.finding_at(
            object.id.clone(),
            object_label(object, path, label),
            message,
            help,
        )
    }

    /// A finding on the object `object` with its primary label `primary`
    /// (for what is located without an object's spans: a refused object,
    /// a suppression comment).
    pub fn finding_at(
        self,
        object: ObjectRef,
        primary: Label,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: self.rule,
            severity: self.severity,
            object,
            message: message.into(),
            help: help.into(),
            primary,
            secondary: Vec::new(),
            fix: None,
        }
    }
}

impl Finding {
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
        // By id, not registry order, as reports have always been sorted.
        (a.primary.file, a.primary.span, a.rule.as_str(), &a.message).cmp(&(
            b.primary.file,
            b.primary.span,
            b.rule.as_str(),
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
