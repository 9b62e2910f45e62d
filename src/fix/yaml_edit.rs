//! Edits of YAML text that keep its layout: remove items of a sequence or
//! entries of a mapping (flow `[a, b]` keeps its commas, a block item goes
//! with its line), copy a node's text, find where a new item goes. Every
//! helper returns `None` for a layout it cannot edit exactly (an anchor, an
//! alias or a merge key in the way, two items on one block line): no fix is
//! better than a wrong one.

use crate::comments;
use crate::fix::apply::apply_edits;
use crate::fix::Edit;
use crate::source::Span;
use crate::yaml::{Node, NodeKind};

/// The text of a span.
pub fn text_of(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// Whether a node is written in flow style (`[a, b]`, `{a: b}`).
pub fn is_flow(text: &str, node: &Node) -> bool {
    text_of(text, node.span).starts_with(['[', '{'])
}

/// Whether every node under `node` is written where it stands, inside
/// `within`, once: no anchor, alias, tag or merged entry, which an edit
/// would change elsewhere too (or could not find), and nothing between its
/// elements but punctuation and comments (a duplicate key the tree dropped
/// would otherwise be copied or left behind).
pub fn as_written(text: &str, node: &Node, within: Span) -> bool {
    let span = node.span;
    let inside = within.start <= span.start && span.end <= within.end;
    if !inside || text_of(text, span).starts_with(['&', '*', '!']) {
        return false;
    }
    // (start, end) of each element: an item, or a key with its value.
    let elements: Vec<(usize, usize)> = match &node.kind {
        NodeKind::Scalar(_) => return true,
        NodeKind::Seq(items) => items.iter().map(|n| (n.span.start, n.span.end)).collect(),
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| (e.key.span.start, e.value.span.end.max(e.key.span.end)))
            .collect(),
    };
    let mut last_end = span.start;
    for &(start, end) in &elements {
        if start < last_end || !only_punctuation(&text[last_end..start]) {
            return false;
        }
        last_end = end;
    }
    if last_end > span.end || !only_punctuation(&text[last_end..span.end]) {
        return false;
    }
    match &node.kind {
        NodeKind::Seq(items) => items.iter().all(|n| as_written(text, n, span)),
        NodeKind::Map(entries) => entries
            .iter()
            .all(|e| as_written(text, &e.key, span) && as_written(text, &e.value, span)),
        NodeKind::Scalar(_) => true,
    }
}

/// Whether `gap` (text between elements, outside every scalar) holds only
/// blanks, line breaks, flow or block punctuation and comments.
fn only_punctuation(gap: &str) -> bool {
    gap.split(['\n', '\r']).all(|line| {
        let code = match line.find('#') {
            Some(hash) => &line[..hash],
            None => line,
        };
        code.chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | '-' | '[' | ']' | '{' | '}'))
    })
}

/// Offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Offset just past the line break ending the line that holds `offset`
/// (the end of the text on the last line). An offset at the very start of
/// a line (after a block scalar's final break) is returned as is.
pub fn line_end_after(text: &str, offset: usize) -> usize {
    if offset > 0 && text[..offset].ends_with(['\n', '\r']) {
        return offset;
    }
    match text[offset..].find(['\n', '\r']) {
        None => text.len(),
        Some(i) => {
            let at = offset + i;
            if text[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        }
    }
}

/// The line break the text uses (`\r\n` when its first line ends so).
pub fn line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Whether only spaces (or nothing) stand between `from` and `to`.
fn blank(text: &str, from: usize, to: usize) -> bool {
    text[from..to].chars().all(|c| c == ' ' || c == '\t')
}

/// Whether the rest of the line after `offset` is blank or a comment.
fn rest_is_blank_or_comment(text: &str, offset: usize) -> bool {
    let end = line_end_after(text, offset);
    let rest = text[offset..end].trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with(['\n', '\r', '#'])
}

/// The offset of the `-` of a block sequence item, when it is the first
/// thing on its line and the item follows it on the same line.
pub fn block_dash(text: &str, item: &Node) -> Option<usize> {
    let before = text[..item.span.start].trim_end_matches([' ', '\t']);
    let dash = before.len().checked_sub(1)?;
    (before.ends_with('-') && blank(text, line_start(text, dash), dash)).then_some(dash)
}

/// Edits removing the items at `remove` (ascending indices) of a sequence.
/// `None` when every item would go (an empty list is another meaning, or
/// invalid) or the layout is not one this can edit.
pub fn remove_items(text: &str, seq: &Node, remove: &[usize]) -> Option<Vec<Edit>> {
    let items = seq.items();
    let spans: Vec<Span> = items.iter().map(|n| n.span).collect();
    if is_flow(text, seq) {
        return remove_flow(&spans, remove);
    }
    let mut starts = Vec::new();
    for &i in remove {
        starts.push(line_start(text, block_dash(text, items.get(i)?)?));
    }
    remove_lines(text, &spans, &starts, remove)
}

/// Edits removing the entry at `index` of a mapping; `None` when it is the
/// only one or the layout is not one this can edit.
pub fn remove_entry(text: &str, map: &Node, index: usize) -> Option<Vec<Edit>> {
    let spans: Vec<Span> = map
        .entries()
        .iter()
        .map(|e| Span::new(e.key.span.start, e.value.span.end.max(e.key.span.end)))
        .collect();
    if is_flow(text, map) {
        return remove_flow(&spans, &[index]);
    }
    let key = spans.get(index)?.start;
    let start = line_start(text, key);
    if !blank(text, start, key) {
        return None;
    }
    remove_lines(text, &spans, &[start], &[index])
}

/// Block style: each removed element goes with its lines, from `starts[k]`
/// (its line's start) to the end of the line where it ends.
fn remove_lines(
    text: &str,
    spans: &[Span],
    starts: &[usize],
    remove: &[usize],
) -> Option<Vec<Edit>> {
    if remove.is_empty() || remove.len() >= spans.len() {
        return None;
    }
    let mut edits = Vec::new();
    for (&i, &start) in remove.iter().zip(starts) {
        let end = spans[i].end;
        if !rest_is_blank_or_comment(text, end) {
            return None;
        }
        // The next element must start on a later line than this one ends.
        let line_end = line_end_after(text, end);
        if spans.get(i + 1).is_some_and(|next| next.start < line_end) {
            return None;
        }
        edits.push(Edit::delete(Span::new(start, line_end)));
    }
    Some(edits)
}

/// Flow style (or any list with separators): each run of removed elements
/// goes with the separator after it (or, at the end, the one before it), so
/// `[a, b, c]` minus `c` is `[a, b]`.
pub fn remove_flow(spans: &[Span], remove: &[usize]) -> Option<Vec<Edit>> {
    if remove.is_empty() || remove.len() >= spans.len() {
        return None;
    }
    let mut edits = Vec::new();
    let mut k = 0;
    while k < remove.len() {
        let first = remove[k];
        let mut last = first;
        while k + 1 < remove.len() && remove[k + 1] == last + 1 {
            k += 1;
            last += 1;
        }
        let span = match spans.get(last + 1) {
            Some(next) => Span::new(spans[first].start, next.start),
            None => Span::new(spans[first.checked_sub(1)?].end, spans[last].end),
        };
        edits.push(Edit::delete(span));
        k += 1;
    }
    Some(edits)
}

/// The comments inside `node` (from `#` to the end of their line, with the
/// blanks before them; a comment alone on its line takes the line).
pub fn comment_deletions(text: &str, node: &Node) -> Vec<Edit> {
    let mut scalars = Vec::new();
    comments::collect_scalar_spans(node, &mut scalars);
    let from = line_start(text, node.span.start);
    let found = comments::comments_containing(&text[from..node.span.end], from, &scalars, "#");
    found
        .into_iter()
        .map(|comment| delete_comment(text, comment))
        .collect()
}

/// The edit deleting a comment (from its `#` to `comment.end`) with the
/// blanks before it; a comment alone on its line goes with its line.
pub fn delete_comment(text: &str, comment: Span) -> Edit {
    let line = line_start(text, comment.start);
    let before = text[..comment.start].trim_end_matches([' ', '\t']).len();
    if before <= line && rest_is_blank_or_comment(text, comment.end) {
        Edit::delete(Span::new(line, line_end_after(text, comment.start)))
    } else {
        Edit::delete(Span::new(before, comment.end))
    }
}

/// The text of `node` with `edits` (inside it, sorted, possibly overlapping
/// deletions) applied; `None` when a replacement overlaps another edit.
pub fn edited_copy(text: &str, node: &Node, edits: Vec<Edit>) -> Option<String> {
    let span = node.span;
    let mut merged: Vec<Edit> = Vec::new();
    let mut edits = edits;
    edits.sort();
    // Removing the node's last block line also takes the line break after
    // the node: the copy then ends at the line before, without its break.
    let mut cut_last_line = false;
    for mut edit in edits {
        if edit.span.end > span.end && edit.replacement.is_empty() {
            edit.span.end = span.end;
            cut_last_line = true;
        }
        if edit.span.start < span.start || edit.span.end > span.end {
            return None;
        }
        match merged.last_mut() {
            Some(last) if edit.span.start < last.span.end => {
                if !last.replacement.is_empty() || !edit.replacement.is_empty() {
                    return None;
                }
                last.span.end = last.span.end.max(edit.span.end);
            }
            _ => merged.push(edit),
        }
    }
    let shifted: Vec<Edit> = merged
        .into_iter()
        .map(|e| {
            Edit::replace(
                Span::new(e.span.start - span.start, e.span.end - span.start),
                e.replacement,
            )
        })
        .collect();
    let copy = apply_edits(text_of(text, span), &shifted);
    Some(match cut_last_line {
        true => copy.trim_end_matches([' ', '\t', '\r', '\n']).to_string(),
        false => copy,
    })
}

/// An edit replacing item `index` of a sequence of scalars by `values`,
/// written in that item's quoting (`'*'` → `'get', 'list'`) and the
/// sequence's style (one per line in a block list).
pub fn replace_item(text: &str, seq: &Node, index: usize, values: &[&str]) -> Option<Edit> {
    let item = seq.items().get(index)?;
    let written = text_of(text, item.span);
    let quote = written.chars().next().filter(|c| *c == '"' || *c == '\'');
    let quote = quote.map(String::from).unwrap_or_default();
    let separator = if is_flow(text, seq) {
        ", ".to_string()
    } else {
        let dash = block_dash(text, item)?;
        let line = line_start(text, dash);
        format!(
            "{}{}{}",
            line_break(text),
            &text[line..dash],
            &text[dash..item.span.start]
        )
    };
    let listed: Vec<String> = values
        .iter()
        .map(|v| format!("{quote}{v}{quote}"))
        .collect();
    Some(Edit::replace(item.span, listed.join(&separator)))
}

/// An edit inserting `item` (the text of a new element, its lines already
/// indented as `after`'s) into the sequence holding `after`, right after it.
pub fn insert_item_after(text: &str, seq: &Node, after: &Node, item: &str) -> Option<Edit> {
    let brk = line_break(text);
    if is_flow(text, seq) {
        let start = line_start(text, after.span.start);
        let edit = if blank(text, start, after.span.start) {
            // One element per line (pretty-printed JSON): keep it so.
            let indent = &text[start..after.span.start];
            format!(",{brk}{indent}{item}")
        } else {
            format!(", {item}")
        };
        return Some(Edit::insert(after.span.end, edit));
    }
    let dash = block_dash(text, after)?;
    let prefix = &text[line_start(text, dash)..after.span.start];
    if !rest_is_blank_or_comment(text, after.span.end) {
        return None;
    }
    let at = line_end_after(text, after.span.end);
    let lead = if text[..at].ends_with(['\n', '\r']) {
        ""
    } else {
        brk
    };
    Some(Edit::insert(at, format!("{lead}{prefix}{item}{brk}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    fn root(text: &str) -> Node {
        parse_stream(text, 0).documents[0].root.clone().unwrap()
    }

    fn removed(text: &str, key: &str, remove: &[usize]) -> Option<String> {
        let root = root(text);
        let edits = remove_items(text, root.get(key).unwrap(), remove)?;
        Some(apply_edits(text, &edits))
    }

    #[test]
    fn flow_items_keep_their_commas() {
        let text = "v: [a, \"b\", c] # x\n";
        assert_eq!(removed(text, "v", &[0]).unwrap(), "v: [\"b\", c] # x\n");
        assert_eq!(removed(text, "v", &[1]).unwrap(), "v: [a, c] # x\n");
        assert_eq!(removed(text, "v", &[2]).unwrap(), "v: [a, \"b\"] # x\n");
        assert_eq!(removed(text, "v", &[1, 2]).unwrap(), "v: [a] # x\n");
        assert_eq!(removed(text, "v", &[0, 2]).unwrap(), "v: [\"b\"] # x\n");
        assert_eq!(removed(text, "v", &[0, 1, 2]), None);
    }

    #[test]
    fn block_items_go_with_their_line_and_crlf_stays() {
        let text = "v:\r\n- a\r\n  - b # why\r\n- c\r\nw: 1\r\n";
        let text = text.replace("  - b", "- b");
        assert_eq!(
            removed(&text, "v", &[1]).unwrap(),
            "v:\r\n- a\r\n- c\r\nw: 1\r\n"
        );
        assert_eq!(
            removed(&text, "v", &[2]).unwrap(),
            "v:\r\n- a\r\n- b # why\r\nw: 1\r\n"
        );
        assert_eq!(removed("v:\n- a\n- b", "v", &[1]).unwrap(), "v:\n- a\n");
    }

    #[test]
    fn anchors_and_aliases_are_not_as_written() {
        let text = "a: &x [get]\nb: *x\nc: [get]\n";
        let root = root(text);
        let all = root.span;
        assert!(!as_written(text, root.get("a").unwrap(), all));
        assert!(!as_written(text, root.get("b").unwrap(), all));
        assert!(as_written(text, root.get("c").unwrap(), all));
    }

    #[test]
    fn a_duplicate_key_or_a_merge_is_not_as_written() {
        for text in [
            "m:\n  a: 1\n  a: 2\n",
            "b: &b {x: 1}\nm:\n  <<: *b\n  a: 2\n",
        ] {
            let root = root(text);
            assert!(
                !as_written(text, root.get("m").unwrap(), root.span),
                "{text}"
            );
        }
        let text = "m:\n  a: 1 # c\n\n  b: [x, y]\n";
        let root = root(text);
        assert!(as_written(text, root.get("m").unwrap(), root.span));
    }

    #[test]
    fn entries_and_comments() {
        let text = "m:\n  a: 1 # one\n  b: 2\n";
        let root = root(text);
        let edits = remove_entry(text, root.get("m").unwrap(), 0).unwrap();
        assert_eq!(apply_edits(text, &edits), "m:\n  b: 2\n");
        let m = root.get("m").unwrap();
        let copy = edited_copy(text, m, comment_deletions(text, m)).unwrap();
        assert_eq!(copy, "a: 1\n  b: 2");
        let flow = "m: {a: 1, b: 2}\n";
        let root = super::tests::root(flow);
        let edits = remove_entry(flow, root.get("m").unwrap(), 1).unwrap();
        assert_eq!(apply_edits(flow, &edits), "m: {a: 1}\n");
    }

    #[test]
    fn items_are_inserted_in_the_sequence_style() {
        let text = "r:\n  - a: 1\n    b: 2 # c\nx: 1\n";
        let root = root(text);
        let seq = root.get("r").unwrap();
        let edit = insert_item_after(text, seq, &seq.items()[0], "a: 3\n    b: 4").unwrap();
        assert_eq!(
            apply_edits(text, &[edit]),
            "r:\n  - a: 1\n    b: 2 # c\n  - a: 3\n    b: 4\nx: 1\n"
        );
        let json = "{\"r\": [\n  {\"a\": 1}\n]}";
        let root = super::tests::root(json);
        let seq = root.get("r").unwrap();
        let edit = insert_item_after(json, seq, &seq.items()[0], "{\"a\": 2}").unwrap();
        assert_eq!(
            apply_edits(json, &[edit]),
            "{\"r\": [\n  {\"a\": 1},\n  {\"a\": 2}\n]}"
        );
    }
}
