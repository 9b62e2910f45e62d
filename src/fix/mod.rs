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

use crate::fix::trees::FileTrees;
use crate::model::RbacObject;
use crate::source::{SourceFile, Span};
use crate::yaml::Node;

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
    /// The least trusted fixes a run applies: safe ones, and unsafe ones
    /// too with `--unsafe-fixes`.
    pub fn applied_with(unsafe_fixes: bool) -> Self {
        if unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }

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

/// The text of the object's file and the YAML node of its rule entry `i`,
/// from the run's files and their trees, when every node of the entry is
/// written where it stands (no anchor, alias or merge key): only then does
/// an edit change that entry alone. Rules call it through
/// `rule::rule_entry`; the audit rules, which have no rule context, directly.
pub fn rule_entry_in<'a>(
    object: &'a RbacObject,
    files: &'a [SourceFile],
    trees: &'a FileTrees,
    i: usize,
) -> Option<(&'a str, &'a Node)> {
    let text: &str = &files.get(object.file)?.text;
    rule_entry_of(text, trees.object(files, object)?, i)
}

/// The text and the YAML node of rule entry `i` of `role` (the object's
/// mapping in `text`), when the entry is written where it stands.
pub fn rule_entry_of<'a>(text: &'a str, role: &'a Node, i: usize) -> Option<(&'a str, &'a Node)> {
    let rules = role.get("rules")?;
    let entry = rules.items().get(i)?;
    let as_written = !yaml_edit::text_of(text, rules.span).starts_with(['&', '*', '!'])
        && yaml_edit::as_written(text, entry, role.span);
    as_written.then_some((text, entry))
}

/// Edits removing rule entry `i` of the object. Removing its last entry
/// leaves `rules: []` (a role that grants nothing, still valid), since an
/// entry emptied of its verbs or resources would not be.
pub fn remove_rule_entry(
    object: &RbacObject,
    files: &[SourceFile],
    trees: &FileTrees,
    i: usize,
) -> Option<Vec<Edit>> {
    let (text, _) = rule_entry_in(object, files, trees, i)?;
    let role = trees.object(files, object)?;
    let rules = role.get("rules")?;
    if rules.items().len() > 1 {
        return yaml_edit::remove_items(text, rules, &[i]);
    }
    if yaml_edit::is_flow(text, rules) {
        return Some(vec![Edit::replace(rules.span, "[]")]);
    }
    let key = &role
        .entries()
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("rules"))?
        .key;
    // From the end of the key: `rules:` and the block list become `rules: []`.
    let end = rules.items().last()?.span.end;
    Some(vec![Edit::replace(Span::new(key.span.end, end), ": []")])
}

/// Edits removing items `remove` (ascending) of the sequence `key` of rule
/// entry `i`; `None` when the entry cannot be edited or would be left
/// without items.
pub fn remove_from_entry(
    object: &RbacObject,
    files: &[SourceFile],
    trees: &FileTrees,
    i: usize,
    key: &str,
    remove: &[usize],
) -> Option<Vec<Edit>> {
    let (text, entry) = rule_entry_in(object, files, trees, i)?;
    yaml_edit::remove_items(text, entry.get(key)?, remove)
}

/// The edit replacing item `index` of the sequence `key` of rule entry `i`
/// by `values` (in the item's quoting and the list's style).
pub fn replace_in_entry(
    object: &RbacObject,
    files: &[SourceFile],
    trees: &FileTrees,
    (i, key, index): (usize, &str, usize),
    values: &[&str],
) -> Option<Vec<Edit>> {
    let (text, entry) = rule_entry_in(object, files, trees, i)?;
    Some(vec![yaml_edit::replace_item(
        text,
        entry.get(key)?,
        index,
        values,
    )?])
}
