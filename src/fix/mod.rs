//! Fixes: edits a finding carries so that `check --fix` (or an editor) can
//! resolve it without the user rewriting YAML by hand.
//!
//! A rule builds its finding's [`Fix`] from the object's spans (with the
//! helpers of [`yaml_edit`]); this module applies fixes to file texts
//! ([`apply`]); [`crate::rewrite`] runs the fix-and-relint loop. A fix only
//! touches bytes of its own object, so comments, quoting, flow or block
//! style, indentation, CRLF line ends and a byte-order mark elsewhere stay.

pub mod apply;
pub mod diff;
pub mod trees;
pub mod yaml_edit;

use serde::Serialize;

use crate::source::Span;

/// How far a fix may be trusted, as ruff grades them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown in the help only: it needs a decision rbaclint cannot make.
    DisplayOnly,
    /// Applied with `--fix --unsafe-fixes`: it may remove a permission the
    /// workload uses.
    Unsafe,
    /// Applied with `--fix`: it removes nothing any request needs, or only
    /// what the finding is about.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` (in the finding's file) by `replacement`;
/// an empty span inserts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn delete(span: Span) -> Self {
        Edit {
            span,
            replacement: String::new(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            span: Span::new(at, at),
            replacement: text.into(),
        }
    }

    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: text.into(),
        }
    }
}

/// What resolves a finding: edits to its file, applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for `--show-fixes` and reports ("remove `create`").
    pub title: String,
    pub applicability: Applicability,
    /// Sorted by position, never overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of the given applicability; the edits are sorted here. `None`
    /// when the edits are empty or overlap (the rule's helper gave up).
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Option<Self> {
        edits.sort();
        let overlap = edits
            .windows(2)
            .any(|w| w[0].span.end > w[1].span.start || w[0].span == w[1].span);
        if edits.is_empty() || overlap {
            return None;
        }
        Some(Fix {
            title: title.into(),
            applicability,
            edits,
        })
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Option<Self> {
        Fix::new(title, Applicability::Safe, edits)
    }

    /// The byte range from the first edit's start to the last edit's end.
    pub fn extent(&self) -> Span {
        Span::new(
            self.edits.first().map_or(0, |e| e.span.start),
            self.edits.last().map_or(0, |e| e.span.end),
        )
    }
}
