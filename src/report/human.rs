//! The default terminal report: miette's graphical diagnostics with the
//! source snippet and a label under each exact element. The findings of one
//! rule entry (`rules[i]` of one object) form one block, so a `*`/`*`/`*`
//! entry reads as the one problem it is; blocks are separated by a blank
//! line and each finding names its rule (`× wildcard-verbs: ...`).

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan,
};

use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::fix::Applicability;
use crate::load::LoadError;
use crate::model::Seg;
use crate::report::excerpt::Excerpt;
use crate::report::{files_with_findings, plural};
use crate::source::{visible, SourceFile, Span};

/// Rendering options decided by the CLI (never by sniffing the terminal here).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// Renders every finding and load error, then the summary line.
pub fn render(outcome: &Outcome, style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    let mut errors = outcome.errors.iter().peekable();
    for block in blocks(&outcome.findings) {
        let file = block[0].file();
        while let Some(error) = errors.next_if(|e| e.file < file) {
            render_error(&handler, outcome, error, &mut out);
        }
        separate(&mut out);
        let source = &outcome.workspace.files[file];
        let related: Vec<RelatedLabel> = block
            .iter()
            .flat_map(|f| &f.secondary)
            .filter(|l| l.file != file)
            .map(|label| RelatedLabel {
                label,
                source: &outcome.workspace.files[label.file],
            })
            .collect();
        let mut findings: Vec<&Finding> = block.iter().collect();
        // The most severe finding heads the block; the rest keep their order.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let window = (!block
            .iter()
            .all(|f| fits_in_snippet(source, f.primary.span)))
        .then(|| Excerpt::around(source, findings[0].primary.span));
        let diagnostic = BlockDiagnostic {
            window,
            findings,
            source,
            related,
        };
        // Writing to a String cannot fail.
        let _ = handler.render_report(&mut out, &diagnostic);
    }
    for error in errors {
        render_error(&handler, outcome, error, &mut out);
    }
    separate(&mut out);
    out.push_str(&summary(outcome));
    out.push('\n');
    if let Some(fixable) = fixable(outcome) {
        out.push_str(&fixable);
        out.push('\n');
    }
    out
}

/// The mark of a finding `--fix` resolves, after its rule id (as ruff's).
const FIXABLE: &str = " [*]";

/// `[*] 2 fixable with --fix (1 more with --unsafe-fixes)`, or
/// `1 fixable with --fix --unsafe-fixes`; `None` when nothing is fixable.
pub fn fixable(outcome: &Outcome) -> Option<String> {
    let count = |applicability| {
        outcome
            .findings
            .iter()
            .filter(|f| f.fix.as_ref().map(|x| x.applicability) == Some(applicability))
            .count()
    };
    match (count(Applicability::Safe), count(Applicability::Unsafe)) {
        (0, 0) => None,
        (0, unsafe_) => Some(format!("{unsafe_} fixable with --fix --unsafe-fixes")),
        (safe, 0) => Some(format!("[*] {safe} fixable with --fix")),
        (safe, unsafe_) => Some(format!(
            "[*] {safe} fixable with --fix ({unsafe_} more with --unsafe-fixes)"
        )),
    }
}

/// The rule id of a finding in a header, marked when a safe fix resolves it.
fn rule_id(finding: &Finding) -> String {
    let safe = finding
        .fix
        .as_ref()
        .is_some_and(|fix| fix.applicability == Applicability::Safe);
    format!("{}{}", finding.rule, if safe { FIXABLE } else { "" })
}

/// A blank line between blocks (and before the summary).
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
}

/// Runs of consecutive findings on the same rule entry (`rules[i]` of the
/// same object in the same file); any other finding is a block of its own.
fn blocks(findings: &[Finding]) -> impl Iterator<Item = &[Finding]> {
    findings.chunk_by(|a, b| {
        a.file() == b.file()
            && a.object == b.object
            && rule_entry(a).is_some()
            && rule_entry(a) == rule_entry(b)
    })
}

/// `Some(i)` when the finding's element lies in `rules[i]`.
fn rule_entry(finding: &Finding) -> Option<usize> {
    match finding.primary.path.0.as_slice() {
        [Seg::Key("rules"), Seg::Index(i), ..] => Some(*i),
        _ => None,
    }
}

fn render_error(
    handler: &GraphicalReportHandler,
    outcome: &Outcome,
    error: &LoadError,
    out: &mut String,
) {
    separate(out);
    let source = &outcome.workspace.files[error.file];
    let diagnostic = ErrorDiagnostic {
        error,
        source,
        window: error
            .span
            .filter(|&span| !fits_in_snippet(source, span))
            .map(|span| Excerpt::around(source, span)),
    };
    let _ = handler.render_report(out, &diagnostic);
}

/// The miette renderer for a style (also used for config errors).
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        // Messages carry file names, object names and paths: wrapping them
        // splits names across lines (and made the output depend on how long
        // the checkout path is). Terminals wrap long lines themselves.
        .with_wrap_lines(false)
        .with_links(false)
}

/// `3 errors, 5 warnings in 2 files (12 files checked)`, plus suppressed
/// findings and unreadable files.
pub fn summary(outcome: &Outcome) -> String {
    let mut line = format!(
        "{} in {} ({} checked)",
        severity_counts(&outcome.findings),
        plural(files_with_findings(outcome), "file"),
        plural(outcome.workspace.files.len(), "file"),
    );
    if outcome.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", outcome.suppressed));
    }
    if !outcome.errors.is_empty() {
        let mut files: Vec<usize> = outcome.errors.iter().map(|e| e.file).collect();
        files.dedup();
        line.push_str(&format!(
            "; {} could not be read or parsed",
            plural(files.len(), "file")
        ));
    }
    line
}

/// `3 errors, 5 warnings, 1 note`, or `0 findings`.
fn severity_counts(findings: &[Finding]) -> String {
    let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .map(|severity| {
            let n = findings.iter().filter(|f| f.severity == severity).count();
            (n, severity)
        })
        .filter(|(n, _)| *n > 0)
        .map(|(n, severity)| plural(n, severity.as_str()))
        .collect();
    if counts.is_empty() {
        plural(0, "finding")
    } else {
        counts.join(", ")
    }
}

/// Load errors on standard error, one line each: `error: cannot <doing>
/// FILE at line L, column C: MESSAGE`. Every command says them this way.
pub fn print_load_errors(errors: &[LoadError], files: &[SourceFile], doing: &str) {
    for error in errors {
        crate::errln!(
            "error: cannot {doing} {}: {}",
            error_location(error, &files[error.file]),
            error.message
        );
    }
}

/// Says on stderr which walked files loading skipped as not manifests.
pub fn print_skipped(workspace: &crate::workspace::Workspace) {
    for note in workspace.skip_notes() {
        crate::errln!("warning: {note}");
    }
}

/// "x.yaml at line 3, column 5" — the plain-words location of a load error.
pub fn error_location(error: &LoadError, source: &SourceFile) -> String {
    match error.span {
        Some(span) => {
            let at = source.position(span.start);
            format!(
                "{} at line {}, column {}",
                visible(&source.name),
                at.line,
                at.column
            )
        }
        None => visible(&source.name).into_owned(),
    }
}

/// Longest line (in bytes) a snippet shows: miette prints whole lines, so a
/// finding on a 21 MB minified line would print 21 MB, once per finding (and
/// it pads with `{:width$}`, which panics past 65,535 columns).
const MAX_SNIPPET_LINE: usize = 4_000;

/// Whether `span` can be shown in a snippet of whole lines: they are short
/// enough to print whole. A finding inside a minified one-line file is shown
/// in a window of its line instead (see [`Excerpt`]).
fn fits_in_snippet(source: &SourceFile, span: Span) -> bool {
    let line_fits =
        |offset: usize| source.line_text(source.line_of(offset)).len() <= MAX_SNIPPET_LINE;
    line_fits(span.start) && line_fits(span.end)
}

/// Where a label's span is shown: in the window when there is one (`None`
/// when it falls outside), else in whole lines when they are short enough.
fn shown_span(source: &SourceFile, window: Option<&Excerpt>, span: Span) -> Option<SourceSpan> {
    match window {
        Some(window) => window.map(span),
        None => fits_in_snippet(source, span).then(|| span.into()),
    }
}

/// One block: the findings of one rule entry (or a single finding).
struct BlockDiagnostic<'a> {
    /// Most severe first; never empty.
    findings: Vec<&'a Finding>,
    source: &'a SourceFile,
    /// Secondary labels in other files, shown as related snippets.
    related: Vec<RelatedLabel<'a>>,
    /// A window of the head's line, when whole lines are too long to show
    /// (see [`fits_in_snippet`]); labels outside it are left out.
    window: Option<Excerpt<'a>>,
}

impl BlockDiagnostic<'_> {
    fn head(&self) -> &Finding {
        self.findings[0]
    }

    /// `rule: text` when the block holds findings of several rules, else `text`.
    fn tagged(&self, finding: &Finding, text: &str) -> String {
        if self.findings.iter().all(|f| f.rule == finding.rule) {
            text.to_string()
        } else {
            format!("{}: {text}", finding.rule)
        }
    }
}

/// A label in another file than the finding's (e.g. the contributing
/// ClusterRole of an aggregated role), rendered with its own snippet.
struct RelatedLabel<'a> {
    label: &'a Label,
    source: &'a SourceFile,
}

impl fmt::Debug for RelatedLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for RelatedLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "related: {} ({})", self.label.text, self.label.path)
    }
}

impl std::error::Error for RelatedLabel<'_> {}

impl Diagnostic for RelatedLabel<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.text.clone()), self.label.span),
        )))
    }
}

impl fmt::Debug for BlockDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head().message)
    }
}

/// The header: `rule: message` per finding, the first one naming the object.
impl fmt::Display for BlockDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = self.head();
        write!(f, "{}: {}", rule_id(head), visible(&head.message))?;
        let object = format!("{}: ", head.object);
        for finding in &self.findings[1..] {
            let message = finding
                .message
                .strip_prefix(&object)
                .unwrap_or(&finding.message);
            write!(f, "\n{}: {}", rule_id(finding), visible(message))?;
        }
        Ok(())
    }
}

impl std::error::Error for BlockDiagnostic<'_> {}

impl Diagnostic for BlockDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.head().severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut lines: Vec<String> = Vec::new();
        for finding in &self.findings {
            let line = self.tagged(finding, &visible(&finding.help));
            if !finding.help.is_empty() && !lines.contains(&line) {
                lines.push(line);
            }
        }
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(match &self.window {
            Some(window) => window as &dyn SourceCode,
            None => self.source,
        })
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let mut labels = Vec::new();
        for (i, finding) in self.findings.iter().enumerate() {
            let primary = &finding.primary;
            let text = self.tagged(finding, &visible(&primary.text));
            if let Some(span) = shown_span(self.source, self.window.as_ref(), primary.span) {
                labels.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(text), span)
                } else {
                    LabeledSpan::new_with_span(Some(text), span)
                });
            }
            labels.extend(
                finding
                    .secondary
                    .iter()
                    .filter(|l| l.file == primary.file)
                    .filter_map(|l| {
                        let span = shown_span(self.source, self.window.as_ref(), l.span)?;
                        Some(LabeledSpan::new_with_span(
                            Some(visible(&l.text).into_owned()),
                            span,
                        ))
                    }),
            );
        }
        Some(Box::new(labels.into_iter()))
    }
}

struct ErrorDiagnostic<'a> {
    error: &'a LoadError,
    source: &'a SourceFile,
    /// A window of the error's line when it is too long to show whole.
    window: Option<Excerpt<'a>>,
}

impl fmt::Debug for ErrorDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for ErrorDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "load-error: cannot lint {}: {}",
            error_location(self.error, self.source),
            visible(&self.error.message)
        )
    }
}

impl std::error::Error for ErrorDiagnostic<'_> {}

impl Diagnostic for ErrorDiagnostic<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(match &self.window {
            Some(window) => window as &dyn SourceCode,
            None => self.source,
        })
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = shown_span(self.source, self.window.as_ref(), self.error.span?)?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), span),
        )))
    }
}
