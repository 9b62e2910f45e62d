//! `--format github`: GitHub Actions workflow commands (`::error file=…::…`),
//! which GitHub shows as annotations on the pull request's diff, followed by
//! the concise report, because GitHub shows only 10 annotations of each level
//! per step: past that, a first notice says how many were hidden and where
//! all of them are. [`step_summary`] is the Markdown table written to
//! `$GITHUB_STEP_SUMMARY` (the job's summary page).

use std::fmt::Write as _;

use crate::engine::Outcome;
use crate::finding::Severity;
use crate::report::{concise, plural, region};
use crate::source::visible;

/// Annotations GitHub shows per level (error, warning, notice) and step.
pub const SHOWN_PER_LEVEL: usize = 10;

/// Findings listed one by one in the step summary; the rest are counted.
const SUMMARY_FINDINGS: usize = 20;

pub fn render(outcome: &Outcome) -> String {
    let mut out = hidden_notice(outcome);
    for finding in &outcome.findings {
        let file = &outcome.workspace.files[finding.file()];
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
        let file = &outcome.workspace.files[error.file];
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

/// `::notice` saying how many annotations of each level GitHub will hide,
/// or nothing when every one is shown. It comes first so that it is shown
/// itself, and counts as one of the notices.
fn hidden_notice(outcome: &Outcome) -> String {
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let errors = count(Severity::Error) + outcome.errors.len();
    let warnings = count(Severity::Warning);
    let notices = count(Severity::Note);
    if errors.max(warnings).max(notices) <= SHOWN_PER_LEVEL {
        return String::new();
    }
    let hidden: Vec<String> = [
        (errors, "error"),
        (warnings, "warning"),
        (notices + 1, "notice"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > SHOWN_PER_LEVEL)
    .map(|(n, level)| plural(n - SHOWN_PER_LEVEL, &format!("{level} annotation")))
    .collect();
    format!(
        "::notice title=rbaclint::{}\n",
        message(&format!(
            "GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step: {} hidden. All {} are listed in this step's log and in the job summary.",
            hidden.join(", "),
            plural(outcome.findings.len(), "finding"),
        ))
    )
}

/// The job summary (`$GITHUB_STEP_SUMMARY`, Markdown): counts per rule
/// (most first, as `--statistics`), then the first findings with their locations.
pub fn step_summary(outcome: &Outcome) -> String {
    let mut out = String::from("## rbaclint\n\n");
    let _ = writeln!(
        out,
        "{} in {} ({} checked).",
        plural(outcome.findings.len(), "finding"),
        plural(crate::report::files_with_findings(outcome), "file"),
        plural(outcome.workspace.files.len(), "file"),
    );
    if !outcome.errors.is_empty() {
        let _ = writeln!(
            out,
            "\n**{} could not be linted** (see the step's log).",
            plural(outcome.errors.len(), "file"),
        );
    }
    if outcome.findings.is_empty() {
        return out;
    }
    out.push_str("\n| Rule | Severity | Findings |\n| --- | --- | ---: |\n");
    for (rule, severity, n) in crate::report::statistics::counts(outcome) {
        let _ = writeln!(out, "| `{rule}` | {severity} | {n} |");
    }
    out.push_str("\n| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n");
    for finding in outcome.findings.iter().take(SUMMARY_FINDINGS) {
        let file = &outcome.workspace.files[finding.file()];
        let (start, _) = region(file, finding.primary.span);
        let _ = writeln!(
            out,
            "| {}:{}:{} | {} | `{}` | {} |",
            cell(&file.name),
            start.line,
            start.column,
            finding.severity,
            finding.rule,
            cell(&finding.message),
        );
    }
    if outcome.findings.len() > SUMMARY_FINDINGS {
        let _ = writeln!(
            out,
            "\n{} more in the step's log.",
            plural(outcome.findings.len() - SUMMARY_FINDINGS, "finding"),
        );
    }
    out
}

/// Text inside a Markdown table cell: no line breaks, pipes and HTML escaped.
fn cell(text: &str) -> String {
    visible(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

/// Appends [`step_summary`] to the file `$GITHUB_STEP_SUMMARY` names, when
/// it is set (GitHub Actions sets it for every step).
pub fn append_step_summary(outcome: &Outcome) -> Result<(), String> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(step_summary(outcome).as_bytes()))
        .map_err(|e| {
            format!(
                "cannot write the step summary {}: {e}",
                path.to_string_lossy()
            )
        })
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
