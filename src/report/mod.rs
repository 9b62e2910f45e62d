//! Output formats. Every format renders the same [`Outcome`]; positions are
//! computed once here so all formats agree on lines and columns.

pub mod human;
pub mod json;
pub mod sarif;

use crate::engine::Outcome;
use crate::source::{Position, SourceFile, Span};

/// The start and (exclusive) end position of a span, 1-based, columns in characters.
pub fn region(file: &SourceFile, span: Span) -> (Position, Position) {
    (file.position(span.start), file.position(span.end))
}

/// How many distinct files have at least one finding.
pub fn files_with_findings(outcome: &Outcome) -> usize {
    let mut files: Vec<usize> = outcome.findings.iter().map(|f| f.file()).collect();
    files.dedup();
    files.len()
}

/// `1 finding`, `2 findings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
