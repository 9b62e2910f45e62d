//! `--format github`: GitHub Actions workflow commands (`::error file=…::…`),
//! which GitHub shows as annotations on the pull request's diff, followed by
//! the concise report, because GitHub shows only 10 annotations of each level
//! per step.

use crate::engine::Outcome;
use crate::finding::Severity;
use crate::report::{concise, region, visible};

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for finding in &outcome.findings {
        let file = &outcome.files[finding.file()];
        let (start, end) = region(file, finding.primary.span);
        let level = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&file.name),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("rbaclint ({})", finding.rule)),
            message(&format!("{}\nhelp: {}", finding.message, finding.help)),
        ));
    }
    for error in &outcome.errors {
        let file = &outcome.files[error.file];
        let mut properties = format!("file={}", property(&file.name));
        if let Some(span) = error.span {
            let at = file.position(span.start);
            properties.push_str(&format!(",line={},col={}", at.line, at.column));
        }
        out.push_str(&format!(
            "::error {properties},title=rbaclint (load-error)::{}\n",
            message(&format!("cannot lint: {}", error.message))
        ));
    }
    for line in concise::render(outcome).lines() {
        out.push_str(&inert(line));
        out.push('\n');
    }
    out
}

/// A line of the concise tail that the runner cannot read as a workflow
/// command: concise output already shows control characters as escapes, so
/// only a line that starts with `::` (a file named `::error::x`) or holds
/// the legacy `##[` form could; their first character becomes an escape.
fn inert(line: &str) -> String {
    let line = line.replace("##[", "\\x23#[");
    match line.trim_start().starts_with("::") {
        true => line.replacen(':', "\\x3a", 1),
        false => line,
    }
}

/// Escapes a workflow command's message (the data after `::`).
/// Line breaks are percent-encoded (GitHub shows them); other control
/// characters are shown as escapes ([`visible`]).
pub fn message(text: &str) -> String {
    let encoded = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    visible(&encoded).into_owned()
}

/// Escapes a workflow command's property value (`file=`, `title=`).
pub fn property(text: &str) -> String {
    message(text).replace(':', "%3A").replace(',', "%2C")
}
