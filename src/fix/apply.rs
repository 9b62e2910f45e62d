//! Applying edits to a file's text, and choosing which fixes of one file can
//! be applied together in one round.

use crate::fix::{Edit, Fix};

/// `text` with `edits` (sorted, not overlapping, offsets into `text`) applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether two fixes touch the same bytes (or insert at the same place):
/// such fixes wait for the next round, which re-lints the edited text.
fn conflict(a: &Fix, b: &Fix) -> bool {
    let (a, b) = (a.extent(), b.extent());
    (a.start < b.end && b.start < a.end) || a.start == b.start || a.end == b.end
}

/// Applies to `text` every fix of `fixes` that conflicts with no fix chosen
/// before it (in order of position); returns the new text and the indices
/// of the fixes applied (a fix with the same edits as an applied one, from
/// another finding, counts as applied).
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].extent().start, fixes[i].extent().end));
    let mut chosen: Vec<usize> = Vec::new();
    let mut applied: Vec<usize> = Vec::new();
    for i in order {
        if chosen.iter().any(|&c| fixes[c].edits == fixes[i].edits) {
            applied.push(i);
        } else if fixes[i].edits.iter().all(|e| e.span.end <= text.len())
            && !chosen.iter().any(|&c| conflict(fixes[c], fixes[i]))
        {
            chosen.push(i);
            applied.push(i);
        }
    }
    let mut edits: Vec<Edit> = chosen
        .iter()
        .flat_map(|&i| fixes[i].edits.iter().cloned())
        .collect();
    edits.sort();
    (apply_edits(text, &edits), applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::source::Span;

    fn delete(start: usize, end: usize) -> Fix {
        Fix::new(
            "x",
            Applicability::Safe,
            vec![Edit::delete(Span::new(start, end))],
        )
        .unwrap()
    }

    #[test]
    fn conflicting_fixes_wait_for_the_next_round() {
        let text = "[a, b, c]";
        let b = delete(4, 7); // "b, "
        let c = delete(5, 8); // ", c"
        let a = delete(1, 4); // "a, "
        let (fixed, applied) = apply_fixes(text, &[&b, &c, &a]);
        assert_eq!(fixed, "[c]");
        assert_eq!(applied, [2, 0]);
    }
}
