//! Suppressions, applied as a post-pass over a run's findings.
//!
//! Two kinds, with different contracts:
//! - **Inline** (written next to the manifest): object annotations
//!   `ignore-check.rbaclint.io/<rule-id>` and `rbaclint.io/ignore-all`, and
//!   comments `# rbaclint: ignore[rule, …] -- reason` (on the finding's line,
//!   or alone on the line above) and `# rbaclint: ignore-file[rule, …]`. One
//!   that suppresses nothing is reported as `unused-suppression`, as is one
//!   without a reason when the config requires reasons. `--no-inline-ignores`
//!   turns them all off for audits.
//! - **Policy** (from the config, for files nobody can annotate):
//!   per-file ignores and skipped objects. They are never "unused".

use std::collections::{HashMap, HashSet};

use crate::finding::{sort_findings, Finding, Kept, Label, Reporter};
use crate::fix::trees::FileTrees;
use crate::fix::yaml_edit::{self, remove_flow};
use crate::fix::{Edit, Fix};
use crate::model::{ObjectRef, Path, RbacObject};
use crate::rule_id::RuleId;
use crate::settings::Settings;
use crate::source::{FileId, SourceFile, Span};
use crate::workspace::Workspace;
use crate::yaml::{Node, Step};

/// Annotation prefix of a per-rule object suppression.
pub const ANNOTATION_PREFIX: &str = "ignore-check.rbaclint.io/";
/// Annotation that suppresses every rule on an object.
pub const ANNOTATION_ALL: &str = "rbaclint.io/ignore-all";
/// The rule list of [`ANNOTATION_ALL`].
const ALL: &str = "*";

/// Where an inline suppression applies.
#[derive(Debug, PartialEq)]
enum Scope {
    /// Findings whose primary span starts on one of these 1-based lines.
    Lines(usize, usize),
    File,
    /// Findings on the object whose node spans this range.
    Object(Span),
}

/// One inline suppression, with the rule ids it names.
#[derive(Debug)]
struct Directive {
    file: FileId,
    scope: Scope,
    /// Each named rule id (or `*`), with its span and whether it was used.
    rules: Vec<(String, Span, bool)>,
    /// The whole comment or annotation key, for reports about the directive.
    span: Span,
    reason: Option<String>,
    /// What the directive is, as written (`# rbaclint: ignore[...]`).
    text: String,
    /// Set when the comment could not be parsed.
    malformed: bool,
    /// The edits deleting the whole comment, when it can be deleted without
    /// touching anything else.
    removal: Option<Vec<Edit>>,
    /// For an annotation: its object (by index) and its entry in
    /// `metadata.annotations`; its removal is built only when reported.
    annotation: Option<(usize, usize)>,
}

impl Directive {
    fn covers(&self, finding: &Finding, files: &[SourceFile]) -> bool {
        // A directive that could not be read suppresses nothing: it is
        // reported, and the finding it meant stays.
        if self.malformed || finding.primary.file != self.file {
            return false;
        }
        match self.scope {
            Scope::File => true,
            Scope::Lines(first, last) => {
                let line = files[self.file].line_of(finding.primary.span.start);
                (first..=last).contains(&line)
            }
            Scope::Object(span) => {
                span.start <= finding.primary.span.start && finding.primary.span.start < span.end
            }
        }
    }

    /// Marks the first rule entry matching `rule` used; false when none does.
    fn take(&mut self, rule: &str) -> bool {
        match self
            .rules
            .iter_mut()
            .find(|(id, _, _)| id == rule || id == ALL)
        {
            Some(entry) => {
                entry.2 = true;
                true
            }
            None => false,
        }
    }
}

/// Which directives may cover a finding, so each finding looks at the few
/// on its line (and those scoped to its file or an object) instead of every
/// directive of the run: thousands of comments cost linear time.
struct DirectiveIndex {
    by_line: HashMap<(FileId, usize), Vec<usize>>,
    by_file: HashMap<FileId, Vec<usize>>,
}

impl DirectiveIndex {
    fn new(directives: &[Directive]) -> Self {
        let mut index = DirectiveIndex {
            by_line: HashMap::new(),
            by_file: HashMap::new(),
        };
        for (i, directive) in directives.iter().enumerate() {
            match directive.scope {
                // A comment covers its line, or its line and the next.
                Scope::Lines(first, last) if last - first < 8 => {
                    for line in first..=last {
                        index
                            .by_line
                            .entry((directive.file, line))
                            .or_default()
                            .push(i);
                    }
                }
                _ => index.by_file.entry(directive.file).or_default().push(i),
            }
        }
        index
    }

    /// Indices of the directives that may cover `finding`, in directive order
    /// (the first that covers it and names its rule takes it).
    fn candidates(&self, finding: &Finding, files: &[SourceFile]) -> Vec<usize> {
        let file = finding.primary.file;
        let line = files[file].line_of(finding.primary.span.start);
        let mut found: Vec<usize> = [self.by_line.get(&(file, line)), self.by_file.get(&file)]
            .into_iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found
    }
}

/// Applies the policy and inline suppressions to `findings`, adds the
/// `unused-suppression` findings, and counts what was removed.
pub fn apply(mut findings: Vec<Finding>, workspace: &Workspace, settings: &Settings) -> Kept {
    let policy = &settings.suppressions;
    let before = findings.len();
    let files = &workspace.files;
    let mut added = Vec::new();
    if policy.inline {
        let mut directives = Vec::new();
        for (id, file) in files.iter().enumerate() {
            directives.extend(comments(id, file));
        }
        directives.extend(
            workspace
                .objects
                .iter()
                .enumerate()
                .flat_map(|(i, o)| annotations(i, o)),
        );
        let index = DirectiveIndex::new(&directives);
        findings.retain(|finding| {
            for i in index.candidates(finding, files) {
                let directive = &mut directives[i];
                if directive.covers(finding, files) && directive.take(finding.rule.as_str()) {
                    return false;
                }
            }
            true
        });
        if let Some(report) = settings.reporter(RuleId::UnusedSuppression) {
            // The full trees of files whose annotations are reported unused.
            let trees = FileTrees::new(files.len());
            let unloaded: HashSet<FileId> = workspace.errors.iter().map(|e| e.file).collect();
            for directive in directives.iter().filter(|d| judged(d, &unloaded)) {
                added.extend(problems(directive, workspace, &trees, settings, report));
            }
        }
    }
    let suppressed = before - findings.len();
    findings.extend(added);
    let total = findings.len();
    findings.retain(|f| !policy.ignores(f, &files[f.primary.file].name));
    let removed = suppressed + (total - findings.len());
    sort_findings(&mut findings);
    Kept { findings, removed }
}

/// Whether a directive's use can be judged (`unloaded`: the files with a
/// load error). A comment in a file that could not be loaded whole may be
/// meant for findings of the objects that were lost, so calling it unused
/// would be a guess (and removing it, a wrong fix); it is judged again once
/// the file loads. A malformed directive, or an annotation (its object did
/// load), is judged anyway.
fn judged(directive: &Directive, unloaded: &HashSet<FileId>) -> bool {
    directive.malformed || directive.annotation.is_some() || !unloaded.contains(&directive.file)
}

/// The `unused-suppression` findings of one directive.
fn problems(
    directive: &Directive,
    workspace: &Workspace,
    trees: &FileTrees,
    settings: &Settings,
    report: Reporter,
) -> Vec<Finding> {
    let object = owner(directive, workspace);
    // The ids reported below: unused, and unknown or of a rule that runs.
    let unused: Vec<usize> = (0..directive.rules.len())
        .filter(|&k| {
            let (id, _, used) = &directive.rules[k];
            !used
                && (id == ALL
                    || id
                        .parse()
                        .map_or(true, |id| settings.severity(id).is_some()))
        })
        .collect();
    // One fix for every reported id of the directive: the whole directive
    // when none of its ids is used, else those ids from its list.
    let fix = if unused.len() == directive.rules.len() {
        removal(directive, workspace, trees)
    } else {
        let spans: Vec<Span> = directive.rules.iter().map(|(_, s, _)| *s).collect();
        remove_flow(&spans, &unused)
    }
    .and_then(|edits| {
        let what = if unused.len() == directive.rules.len() {
            "the suppression".to_string()
        } else {
            let ids: Vec<&str> = unused
                .iter()
                .map(|&k| directive.rules[k].0.as_str())
                .collect();
            format!("`{}` from the suppression", ids.join("`, `"))
        };
        Fix::safe(format!("remove {what}"), edits)
    });
    let finding = |span: Span, message: String, label: &str, help: &str| {
        let primary = Label {
            file: directive.file,
            span,
            path: Path::default(),
            text: label.into(),
        };
        report
            .finding_at(
                object.clone(),
                primary,
                format!("{object}: {message}"),
                help,
            )
            .with_fix(fix.clone())
    };
    if directive.malformed {
        let mut malformed = finding(
            directive.span,
            format!("malformed suppression `{}`", directive.text),
            "not understood",
            "write `# rbaclint: ignore[rule-id, ...] -- reason` or `# rbaclint: ignore-file[rule-id] -- reason`",
        );
        // What it meant is for a person to say.
        malformed.fix = None;
        return vec![malformed];
    }
    let mut found = Vec::new();
    for (id, span, used) in &directive.rules {
        if *used {
            continue;
        }
        let known: Option<RuleId> = id.parse().ok();
        if id != ALL && known.is_none() {
            found.push(finding(
                *span,
                format!("`{}` names an unknown rule `{id}`", directive.text),
                "unknown rule",
                &crate::rule_list::unknown_rule_help(id, &[ALL]),
            ));
        } else if id == ALL || known.is_some_and(|id| settings.severity(id).is_some()) {
            // A suppression of a rule turned off is not reported: the rule
            // may be off only for this run.
            let what = if id == ALL {
                "any rule".to_string()
            } else {
                format!("`{id}`")
            };
            found.push(finding(
                *span,
                format!(
                    "`{}` suppresses nothing: no finding of {what} {}",
                    directive.text,
                    match directive.scope {
                        Scope::Lines(..) => "starts on the line it covers",
                        Scope::File => "in this file",
                        Scope::Object(_) => "on this object",
                    }
                ),
                "unused",
                "delete the suppression (or fix the rule id it names)",
            ));
        }
    }
    let used = directive.rules.iter().any(|(_, _, used)| *used);
    if settings.suppressions.require_reasons && used && directive.reason.is_none() {
        let mut no_reason = finding(
            directive.span,
            format!("`{}` gives no reason", directive.text),
            "no reason",
            "say why the finding is acceptable: `# rbaclint: ignore[rule-id] -- reason`, or the annotation's value",
        );
        no_reason.fix = None;
        found.push(no_reason);
    }
    found
}

/// The object a directive belongs to: the last one starting before it (a
/// trailing comment sits after its object's last node), else the first one
/// after it, else a stand-in naming the file.
fn owner(directive: &Directive, workspace: &Workspace) -> ObjectRef {
    let in_file = || {
        workspace
            .objects
            .iter()
            .filter(move |o| o.file == directive.file)
    };
    in_file()
        .rfind(|o| o.node.span.start <= directive.span.start)
        .or_else(|| in_file().next())
        .map(|o| o.id.clone())
        .unwrap_or_else(|| ObjectRef {
            kind: "File".into(),
            namespace: None,
            name: workspace.files[directive.file].name.clone(),
        })
}

/// The suppression annotations of one object.
/// The keys and their spans come from the YAML, the values from the typed
/// object (an object with a value that is not a string is invalid).
fn annotations(object_index: usize, object: &RbacObject) -> Vec<Directive> {
    let Some(values) = object.metadata().annotations.as_ref() else {
        return Vec::new();
    };
    object
        .node
        .entries([Step::Key("metadata"), Step::Key("annotations")])
        .enumerate()
        .filter_map(|(index, entry)| {
            let key = entry.key?;
            let rule = if key == ANNOTATION_ALL {
                ALL
            } else {
                key.strip_prefix(ANNOTATION_PREFIX)?
            };
            let reason = values
                .get(key)
                .map(|value| value.trim())
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            Some(Directive {
                file: object.file,
                scope: Scope::Object(object.node.span),
                rules: vec![(rule.to_string(), entry.key_span, false)],
                span: entry.key_span,
                reason,
                text: key.to_string(),
                malformed: false,
                removal: None,
                annotation: Some((object_index, index)),
            })
        })
        .collect()
}

/// The edits deleting the whole directive: the comment, or the annotation.
fn removal(directive: &Directive, workspace: &Workspace, trees: &FileTrees) -> Option<Vec<Edit>> {
    let Some((object_index, index)) = directive.annotation else {
        return directive.removal.clone();
    };
    let object = workspace.objects.get(object_index)?;
    let text: &str = &workspace.files.get(object.file)?.text;
    let metadata = trees.object(&workspace.files, object)?.get("metadata")?;
    annotation_removal(text, object, metadata, index)
}

/// The edits deleting the annotation at `index`: its entry, or the whole
/// `annotations` key when it is the only one.
fn annotation_removal(
    text: &str,
    object: &RbacObject,
    metadata: &Node,
    index: usize,
) -> Option<Vec<Edit>> {
    if !yaml_edit::as_written(text, metadata, object.node.span) {
        return None;
    }
    let annotations = metadata.get("annotations")?;
    if annotations.entries().len() > 1 {
        return yaml_edit::remove_entry(text, annotations, index);
    }
    let at = metadata
        .entries()
        .iter()
        .rposition(|e| e.key.as_str() == Some("annotations"))?;
    yaml_edit::remove_entry(text, metadata, at)
}

/// The `# rbaclint:` directives of one file, read from the comments the
/// loader found (never from text inside a scalar).
fn comments(file: FileId, source: &SourceFile) -> Vec<Directive> {
    let mut found = Vec::new();
    for span in &source.directive_comments {
        let line = source.line_of(span.start);
        let hash = span.start - source.line_start(line);
        let content = source.line_text(line);
        // The directive may follow other comment text, as ruff reads
        // `# noqa`: `# needed for X  # rbaclint: ignore[...]`.
        let Some((hash, body)) = directive_in(&content[hash..]).map(|(at, body)| (hash + at, body))
        else {
            continue;
        };
        let comment = &content[hash..];
        let start = source.line_start(line) + hash;
        let span = Span::new(start, start + comment.trim_end().len());
        // A comment alone on its line covers the next line too.
        let alone = content[..hash].trim().is_empty();
        let lines = Scope::Lines(line, if alone { line + 1 } else { line });
        let mut directive = parse_comment(body, span.start + (comment.len() - body.len()), lines);
        directive.file = file;
        directive.span = span;
        // Only the directive goes: a further `  # note` after it stays (a
        // reason ends where another comment starts, as `text` reads it).
        let removal = match comment[1..].find(" #") {
            Some(k) => {
                let next = start + 1 + k + comment[1 + k..].find('#').unwrap_or(0);
                Edit::delete(Span::new(start, next))
            }
            None => yaml_edit::delete_comment(&source.text, span),
        };
        directive.removal = Some(vec![removal]);
        directive.text = comment
            .split(" -- ")
            .next()
            .and_then(|c| c.get(1..).and_then(|rest| rest.split(" #").next()))
            .map(|c| format!("#{}", c.trim_end()))
            .unwrap_or_default();
        found.push(directive);
    }
    found
}

/// The `#` that starts the first `# rbaclint:` directive of a comment, and
/// the text after `rbaclint:`.
fn directive_in(comment: &str) -> Option<(usize, &str)> {
    comment.match_indices('#').find_map(|(at, _)| {
        let body = comment[at + 1..].trim_start().strip_prefix("rbaclint:")?;
        Some((at, body))
    })
}

/// Parses what follows `rbaclint:`; `offset` is the byte offset of `body`,
/// `lines` the scope of an `ignore[…]` there. The caller sets file, span, text.
fn parse_comment(body: &str, offset: usize, lines: Scope) -> Directive {
    let mut directive = Directive {
        file: 0,
        scope: Scope::File,
        rules: Vec::new(),
        span: Span::default(),
        reason: None,
        text: String::new(),
        malformed: true,
        removal: None,
        annotation: None,
    };
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    let (scope, rest) = if let Some(rest) = trimmed.strip_prefix("ignore-file[") {
        (Scope::File, rest)
    } else if let Some(rest) = trimmed.strip_prefix("ignore[") {
        (lines, rest)
    } else if let Some(tail) = bare_ignore(trimmed) {
        // `# rbaclint: ignore -- reason`: every rule on its line(s).
        let at = offset + lead;
        directive
            .rules
            .push((ALL.to_string(), Span::new(at, at + "ignore".len()), false));
        directive.reason = reason(tail);
        directive.malformed = !tail_is_reason_or_comment(tail);
        directive.scope = lines;
        return directive;
    } else {
        return directive;
    };
    let Some(close) = rest.find(']') else {
        return directive;
    };
    let mut at = offset + lead + (trimmed.len() - rest.len());
    for part in rest[..close].split(',') {
        let id = part.trim();
        if !id.is_empty() {
            let start = at + (part.len() - part.trim_start().len());
            directive
                .rules
                .push((id.to_string(), Span::new(start, start + id.len()), false));
        }
        at += part.len() + 1;
    }
    let tail = rest[close + 1..].trim();
    directive.reason = reason(tail);
    directive.malformed = directive.rules.is_empty() || !tail_is_reason_or_comment(tail);
    directive.scope = scope;
    directive
}

/// The rest of a bare `ignore` (no rule list), or `None`.
fn bare_ignore(directive: &str) -> Option<&str> {
    let tail = directive.strip_prefix("ignore")?;
    (tail.is_empty() || tail.starts_with(char::is_whitespace)).then(|| tail.trim())
}

/// The reason after `--`, if one is given.
fn reason(tail: &str) -> Option<String> {
    match tail.strip_prefix("--") {
        Some(reason) if !reason.trim().is_empty() => Some(reason.trim().to_string()),
        _ => None,
    }
}

/// What may follow a directive: nothing, `-- reason`, or a further `# comment`.
fn tail_is_reason_or_comment(tail: &str) -> bool {
    tail.is_empty() || tail.starts_with("--") || tail.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Directive> {
        let mut source = SourceFile::new("x.yaml", text);
        source.directive_comments = crate::load::load_file(0, &source).directive_comments;
        comments(0, &source)
    }

    #[test]
    fn comment_with_rules_and_reason() {
        let text =
            "  verbs: ['*'] # rbaclint: ignore[wildcard-verbs, broad-api-groups] -- needed\n";
        let d = &parse(text)[0];
        assert!(!d.malformed);
        assert_eq!(d.scope, Scope::Lines(1, 1));
        assert_eq!(d.reason.as_deref(), Some("needed"));
        let ids: Vec<&str> = d.rules.iter().map(|(id, _, _)| id.as_str()).collect();
        assert_eq!(ids, ["wildcard-verbs", "broad-api-groups"]);
        let (_, span, _) = &d.rules[1];
        assert_eq!(&text[span.start..span.end], "broad-api-groups");
    }

    #[test]
    fn own_line_comment_covers_the_next_line() {
        let d = &parse("a: 1\n# rbaclint: ignore[x]\nb: 2\n")[0];
        assert_eq!(d.scope, Scope::Lines(2, 3));
        assert_eq!(d.reason, None);
    }

    #[test]
    fn a_directive_after_other_comment_text_and_a_bare_ignore() {
        let d =
            &parse("a: ['*']  # needed for X  # rbaclint: ignore[wildcard-verbs] -- reason\n")[0];
        assert!(!d.malformed);
        assert_eq!(d.rules[0].0, "wildcard-verbs");
        assert_eq!(d.text, "# rbaclint: ignore[wildcard-verbs]");
        let d = &parse("a: ['*'] # rbaclint: ignore -- whole line\n")[0];
        assert!(!d.malformed);
        assert_eq!(d.rules[0].0, ALL);
        assert_eq!(d.scope, Scope::Lines(1, 1));
        assert_eq!(d.reason.as_deref(), Some("whole line"));
        assert!(parse("a: 1 # rbaclint: ignored\n")[0].malformed);
    }

    #[test]
    fn file_scope_and_malformed_and_quoted() {
        assert_eq!(
            parse("# rbaclint: ignore-file[x] -- r\n")[0].scope,
            Scope::File
        );
        assert!(parse("# rbaclint: ignore x\n")[0].malformed);
        assert!(parse("# rbaclint: ignore[x] because\n")[0].malformed);
        assert!(parse("a: \"# rbaclint: ignore[x]\"\n").is_empty());
        assert!(parse("a: b#rbaclint: ignore[x]\n").is_empty());
    }
}
