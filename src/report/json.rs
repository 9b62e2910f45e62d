//! `--format json`: a stable, documented schema (see README, "JSON output").
//! Lines and columns are 1-based; columns count Unicode characters; the end
//! position is exclusive.

use serde::Serialize;

use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::fix::{Applicability, Fix};
use crate::report::region;
use crate::source::SourceFile;

/// Bumped on any incompatible change to this schema.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    object: JsonObject<'a>,
    element: String,
    message: &'a str,
    help: &'a str,
    related: Vec<JsonLabel<'a>>,
    /// `null` when the rule offers no fix.
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the bytes `start_byte..end_byte` (the same range as
/// `line:column..end_line:end_column`) of the finding's file by `replacement`.
#[derive(Serialize)]
struct JsonEdit<'a> {
    start_byte: usize,
    end_byte: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonObject<'a> {
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    element: String,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    objects: usize,
    rbac_objects: usize,
    findings: usize,
    errors: usize,
    /// Findings removed by suppressions and the baseline.
    suppressed: usize,
}

fn label<'a>(outcome: &'a Outcome, label: &'a Label) -> JsonLabel<'a> {
    let file = &outcome.workspace.files[label.file];
    let (start, end) = region(file, label.span);
    JsonLabel {
        file: &file.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        element: label.path.to_string(),
        message: &label.text,
    }
}

fn finding<'a>(outcome: &'a Outcome, f: &'a Finding) -> JsonFinding<'a> {
    let primary = label(outcome, &f.primary);
    JsonFinding {
        rule: f.rule.as_str(),
        severity: f.severity,
        file: primary.file,
        line: primary.line,
        column: primary.column,
        end_line: primary.end_line,
        end_column: primary.end_column,
        object: JsonObject {
            kind: &f.object.kind,
            namespace: f.object.namespace.as_deref(),
            name: &f.object.name,
        },
        element: primary.element,
        message: &f.message,
        help: &f.help,
        related: f.secondary.iter().map(|l| label(outcome, l)).collect(),
        fix: f
            .fix
            .as_ref()
            .map(|fix| json_fix(&outcome.workspace.files[f.file()], fix)),
    }
}

fn json_fix<'a>(file: &SourceFile, fix: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        title: &fix.title,
        applicability: fix.applicability,
        edits: fix
            .edits
            .iter()
            .map(|edit| {
                let (start, end) = region(file, edit.span);
                JsonEdit {
                    start_byte: edit.span.start,
                    end_byte: edit.span.end,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    replacement: &edit.replacement,
                }
            })
            .collect(),
    }
}

pub fn render(outcome: &Outcome) -> String {
    let report = Report {
        version: SCHEMA_VERSION,
        findings: outcome
            .findings
            .iter()
            .map(|f| finding(outcome, f))
            .collect(),
        errors: outcome
            .errors
            .iter()
            .map(|e| {
                let file = &outcome.workspace.files[e.file];
                let at = e.span.map(|s| file.position(s.start));
                JsonError {
                    file: &file.name,
                    line: at.map(|p| p.line),
                    column: at.map(|p| p.column),
                    message: &e.message,
                    hint: e.hint.as_deref(),
                }
            })
            .collect(),
        summary: Summary {
            files: outcome.workspace.files.len(),
            objects: outcome.workspace.object_count,
            rbac_objects: outcome.workspace.objects.len(),
            findings: outcome.findings.len(),
            errors: outcome.errors.len(),
            suppressed: outcome.suppressed,
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("report serializes");
    out.push('\n');
    out
}
