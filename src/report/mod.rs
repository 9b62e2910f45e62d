//! Output formats. Every format renders the same [`Outcome`]; positions are
//! computed once here so all formats agree on lines and columns.

pub mod concise;
mod excerpt;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

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

/// One stable fingerprint per finding (same order as `outcome.findings`): a
/// hash of its [`Key`](crate::baseline::Key) — file, object, rule, element
/// path, never a line number — and `:n` counting findings sharing that key.
pub fn fingerprints(outcome: &Outcome) -> Vec<String> {
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    outcome
        .findings
        .iter()
        .map(|f| {
            let key = crate::baseline::Key::of(&outcome.workspace.files, f);
            let hash = fnv1a(
                [
                    key.file.as_str(),
                    &key.kind,
                    key.namespace.as_deref().unwrap_or(""),
                    &key.name,
                    &key.rule,
                    &key.element,
                ]
                .join("\0")
                .as_bytes(),
            );
            let n = seen.entry(hash).or_default();
            *n += 1;
            format!("{hash:016x}:{n}")
        })
        .collect()
}

/// FNV-1a, 64 bits: tiny, and stable across Rust versions and platforms
/// (unlike `std`'s hasher), which fingerprints must be.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(super::fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }
}
