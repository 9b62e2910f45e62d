//! Where a YAML text's comments are, as the parser sees it: a `#` at the
//! start of a line or after white space that lies outside every scalar of
//! the parsed stream, up to the end of its line. A line scan alone cannot
//! tell a comment from a `#` inside a block scalar or a quoted string, and a
//! suppression directive must count only where a person wrote a comment.

use crate::source::Span;
use crate::yaml::{Node, NodeKind};

/// The spans of the comments of `text` that contain `marker`, given the
/// spans of every scalar of the stream (any order). `text` starts at byte
/// `base` of the file (after a byte-order mark), as the scalars' spans do.
pub fn comments_containing(text: &str, base: usize, scalars: &[Span], marker: &str) -> Vec<Span> {
    if !text.contains(marker) {
        return Vec::new();
    }
    let mut scalars = scalars.to_vec();
    scalars.sort_unstable();
    let mut found = Vec::new();
    let mut line_start = base;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.contains(marker) {
            if let Some(hash) = comment_start(content, line_start, &scalars) {
                found.push(Span::new(line_start + hash, line_start + content.len()));
            }
        }
        line_start += line.len();
    }
    found
}

/// The byte index in `line` of the `#` that starts its comment, if any.
fn comment_start(line: &str, line_start: usize, scalars: &[Span]) -> Option<usize> {
    let mut previous = None;
    for (i, c) in line.char_indices() {
        let starts_comment = c == '#' && previous.is_none_or(char::is_whitespace);
        if starts_comment && !inside_scalar(line_start + i, scalars) {
            return Some(i);
        }
        previous = Some(c);
    }
    None
}

/// Whether `offset` lies inside one of the sorted `scalars`.
fn inside_scalar(offset: usize, scalars: &[Span]) -> bool {
    // Scalars never overlap (an alias repeats its anchor's span exactly), so
    // the last one starting at or before `offset` is the only candidate.
    let after = scalars.partition_point(|s| s.start <= offset);
    scalars[..after].last().is_some_and(|s| offset < s.end)
}

/// Adds the span of every scalar (keys included) under `node` to `spans`.
pub fn collect_scalar_spans(node: &Node, spans: &mut Vec<Span>) {
    match &node.kind {
        NodeKind::Scalar(_) => spans.push(node.span),
        NodeKind::Seq(items) => items.iter().for_each(|n| collect_scalar_spans(n, spans)),
        NodeKind::Map(entries) => {
            for entry in entries {
                collect_scalar_spans(&entry.key, spans);
                collect_scalar_spans(&entry.value, spans);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    fn comments(text: &str) -> Vec<&str> {
        // Offsets are the text's own: no byte-order mark here.
        let mut scalars = Vec::new();
        for document in parse_stream(text, 0).documents {
            if let Some(root) = &document.root {
                collect_scalar_spans(root, &mut scalars);
            }
        }
        comments_containing(text, 0, &scalars, "rbaclint:")
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn comments_after_values_and_alone_on_a_line() {
        assert_eq!(
            comments("a: 1 # rbaclint: x\n# rbaclint: y\nb: [c] # rbaclint: z\n"),
            ["# rbaclint: x", "# rbaclint: y", "# rbaclint: z"]
        );
    }

    #[test]
    fn hashes_inside_scalars_are_not_comments() {
        let text = "a: |\n  # rbaclint: ignore-file[x]\nb: \"x # rbaclint: ignore[y]\"\nc: 'it''s # rbaclint: no'\nd: x#rbaclint:no\ne: >-\n  folded\n  # rbaclint: also text\n";
        assert!(comments(text).is_empty(), "{:?}", comments(text));
    }

    #[test]
    fn a_comment_after_a_quoted_value_with_a_hash() {
        assert_eq!(
            comments("a: \"x # y\" # rbaclint: real\n"),
            ["# rbaclint: real"]
        );
    }
}
