//! The default terminal report: miette's graphical diagnostics, one per
//! finding, with the source snippet and the label under the exact element.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::load::LoadError;
use crate::report::{files_with_findings, plural};
use crate::source::{SourceFile, Span};

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
    for finding in &outcome.findings {
        while let Some(error) = errors.next_if(|e| e.file < finding.file()) {
            render_error(&handler, outcome, error, &mut out);
        }
        let related: Vec<RelatedLabel> = finding
            .secondary
            .iter()
            .filter(|l| l.file != finding.file())
            .map(|label| RelatedLabel {
                label,
                source: &outcome.files[label.file],
            })
            .collect();
        let diagnostic = FindingDiagnostic {
            finding,
            source: &outcome.files[finding.file()],
            related,
            snippet: fits_in_snippet(&outcome.files[finding.file()], finding.primary.span),
        };
        // Writing to a String cannot fail.
        let _ = handler.render_report(&mut out, &diagnostic);
    }
    for error in errors {
        render_error(&handler, outcome, error, &mut out);
    }
    out.push_str(&summary(outcome));
    out.push('\n');
    out
}

fn render_error(
    handler: &GraphicalReportHandler,
    outcome: &Outcome,
    error: &LoadError,
    out: &mut String,
) {
    let source = &outcome.files[error.file];
    let diagnostic = ErrorDiagnostic {
        error,
        source,
        snippet: error.span.is_some_and(|span| fits_in_snippet(source, span)),
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

/// `3 findings in 2 files (12 files checked)`, plus unreadable files.
pub fn summary(outcome: &Outcome) -> String {
    let mut line = format!(
        "{} in {} ({} checked)",
        plural(outcome.findings.len(), "finding"),
        plural(files_with_findings(outcome), "file"),
        plural(outcome.files.len(), "file"),
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

/// "x.yaml at line 3, column 5" — the plain-words location of a load error.
pub fn error_location(error: &LoadError, source: &SourceFile) -> String {
    match error.span {
        Some(span) => {
            let at = source.position(span.start);
            format!("{} at line {}, column {}", source.name, at.line, at.column)
        }
        None => source.name.clone(),
    }
}

/// Widest column (in bytes from the line start) miette can underline: it pads
/// with `{:width$}`, which panics beyond 65,535, and tabs count 4 columns.
const MAX_SNIPPET_COLUMN: usize = 10_000;

/// Whether both ends of `span` are close enough to their line's start for a
/// snippet; a finding deep inside a minified one-line file is shown without.
fn fits_in_snippet(source: &SourceFile, span: Span) -> bool {
    source.byte_column(span.start) <= MAX_SNIPPET_COLUMN
        && source.byte_column(span.end) <= MAX_SNIPPET_COLUMN
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: &'a SourceFile,
    /// Secondary labels in other files, shown as related snippets.
    related: Vec<RelatedLabel<'a>>,
    /// False when the element is too far right to show (see [`fits_in_snippet`]).
    snippet: bool,
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

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.snippet {
            let at = self.source.position(self.finding.primary.span.start);
            write!(f, "{}:{}:{}: ", self.source.name, at.line, at.column)?;
        }
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.then_some(self.source as &dyn SourceCode)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.snippet {
            return None;
        }
        let primary = &self.finding.primary;
        let first = LabeledSpan::new_primary_with_span(Some(primary.text.clone()), primary.span);
        let rest = self
            .finding
            .secondary
            .iter()
            .filter(|l| l.file == primary.file && fits_in_snippet(self.source, l.span))
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), l.span));
        Some(Box::new(std::iter::once(first).chain(rest)))
    }
}

struct ErrorDiagnostic<'a> {
    error: &'a LoadError,
    source: &'a SourceFile,
    snippet: bool,
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
            "cannot lint {}: {}",
            error_location(self.error, self.source),
            self.error.message
        )
    }
}

impl std::error::Error for ErrorDiagnostic<'_> {}

impl Diagnostic for ErrorDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new("load-error"))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span.filter(|_| self.snippet)?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), span),
        )))
    }
}
