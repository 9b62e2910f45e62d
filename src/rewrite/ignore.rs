//! `check --add-ignore "reason"`: writes `# rbaclint: ignore[<id>] -- reason`
//! on the line where each finding starts (ruff's `--add-noqa`), to adopt the
//! gate on an old repository without a baseline file. The syntax is the
//! one [`crate::suppress`] reads: a line that already has an `ignore[...]`
//! directive gets the new ids added to its list, since only the first
//! `# rbaclint:` directive of a comment counts.

use std::collections::BTreeMap;

use crate::comments::collect_scalar_spans;
use crate::engine::Outcome;
use crate::fix::apply::apply_edits;
use crate::fix::Edit;
use crate::rule_id::RuleId;
use crate::source::{FileId, SourceFile, Span};

/// What `--add-ignore` did to one file.
#[derive(Debug)]
pub struct Ignored {
    pub file: FileId,
    pub text: String,
    /// Findings now suppressed, by rule.
    pub counts: BTreeMap<&'static str, usize>,
}

/// The files that get suppression comments, with their new text. JSON files
/// get none (JSON has no comments), nor do lines that end inside a string,
/// nor `unused-suppression` findings (delete those instead: they have a fix).
pub fn add_ignores(outcome: &Outcome, reason: &str) -> Vec<Ignored> {
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut by_line: BTreeMap<(FileId, usize), Vec<&'static str>> = BTreeMap::new();
    for finding in &outcome.findings {
        if finding.rule == RuleId::UnusedSuppression {
            continue;
        }
        let file = &outcome.workspace.files[finding.file()];
        let line = file.line_of(finding.primary.span.start);
        let ids = by_line.entry((finding.file(), line)).or_default();
        if !ids.contains(&finding.rule.as_str()) {
            ids.push(finding.rule.as_str());
        }
    }
    let trees = crate::fix::trees::FileTrees::new(outcome.workspace.files.len());
    let mut done = Vec::new();
    let mut file_ids: Vec<FileId> = by_line.keys().map(|(f, _)| *f).collect();
    file_ids.dedup();
    for id in file_ids {
        let file = &outcome.workspace.files[id];
        if file.name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let mut scalars = Vec::new();
        for object in outcome.workspace.objects.iter().filter(|o| o.file == id) {
            if let Some(node) = trees.object(&outcome.workspace.files, object) {
                collect_scalar_spans(node, &mut scalars);
            }
        }
        let mut edits = Vec::new();
        let mut counts = BTreeMap::new();
        for ((_, line), ids) in by_line.range((id, 0)..=(id, usize::MAX)) {
            let Some(edit) = line_edit(file, *line, ids, &reason, &scalars) else {
                continue;
            };
            edits.push(edit);
            for finding in outcome.findings.iter().filter(|f| {
                f.file() == id
                    && f.rule != RuleId::UnusedSuppression
                    && file.line_of(f.primary.span.start) == *line
            }) {
                *counts.entry(finding.rule.as_str()).or_default() += 1;
            }
        }
        if !edits.is_empty() {
            done.push(Ignored {
                file: id,
                text: apply_edits(&file.text, &edits),
                counts,
            });
        }
    }
    done
}

/// The edit that suppresses `ids` on `line`: their names added to the
/// line's `ignore[...]` directive, or a new comment at the end of the line.
fn line_edit(
    file: &SourceFile,
    line: usize,
    ids: &[&str],
    reason: &str,
    scalars: &[Span],
) -> Option<Edit> {
    let start = file.line_start(line);
    let content = file.line_text(line);
    let end = start + content.trim_end().len();
    if scalars.iter().any(|s| s.start < end && end < s.end) {
        return None;
    }
    let directive = file
        .directive_comments
        .iter()
        .find(|c| file.line_of(c.start) == line);
    if let Some(comment) = directive {
        let text = &file.text[comment.start..comment.end];
        let list = text.find("rbaclint:")?;
        let rest = text[list..].strip_prefix("rbaclint:")?.trim_start();
        let open = rest.strip_prefix("ignore[")?;
        let close = open.find(']')?;
        let at = comment.end - (open.len() - close);
        return Some(Edit::insert(at, format!(", {}", ids.join(", "))));
    }
    let because = if reason.is_empty() {
        String::new()
    } else {
        format!(" -- {reason}")
    };
    Some(Edit::insert(
        end,
        format!(" # rbaclint: ignore[{}]{because}", ids.join(", ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressed(text: &str, ids: &[&str]) -> Option<String> {
        let mut source = SourceFile::new("x.yaml", text);
        source.directive_comments = crate::load::load_file(0, &source).directive_comments;
        let edit = line_edit(&source, 1, ids, "legacy", &[])?;
        Some(apply_edits(text, &[edit]))
    }

    #[test]
    fn ids_join_the_line_directive_or_a_new_comment_ends_the_line() {
        assert_eq!(
            suppressed("a: [x] # rbaclint: ignore[r1] -- why\n", &["r2", "r3"]).unwrap(),
            "a: [x] # rbaclint: ignore[r1, r2, r3] -- why\n"
        );
        assert_eq!(
            suppressed("b: 1   # note\r\n", &["r2"]).unwrap(),
            "b: 1   # note # rbaclint: ignore[r2] -- legacy\r\n"
        );
        // Only the first directive of a comment counts: none is added after
        // an `ignore-file[...]`.
        assert_eq!(
            suppressed("c: 1 # rbaclint: ignore-file[r1]\n", &["r2"]),
            None
        );
    }
}
