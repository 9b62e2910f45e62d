//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//! Rule metadata comes from the registry (help = the rule's doc); regions are
//! 1-based with exclusive end columns counted in Unicode code points.
//! GitHub code scanning shows a result's related locations only where its
//! message links them (`[text](id)`), so the message ends with those links;
//! it keeps at most [`GITHUB_RESULT_LIMIT`] results of a run, which
//! [`limit_warning`] says on stderr.

use serde_json::{json, Value};

use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::fix::Applicability;
use crate::report::{fingerprints, region};
use crate::rule::{Kind, Rule};
use crate::rules::RULES;
use crate::settings::Settings;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Results per run that GitHub code scanning accepts; it drops the rest.
pub const GITHUB_RESULT_LIMIT: usize = 25_000;

/// The warning for stderr when GitHub would drop results of this report.
pub fn limit_warning(outcome: &Outcome) -> Option<String> {
    let n = outcome.findings.len();
    (n > GITHUB_RESULT_LIMIT).then(|| {
        format!(
            "warning: the SARIF report has {n} results; GitHub code scanning keeps only the first {GITHUB_RESULT_LIMIT} of a run (narrow the inputs, or fix and baseline findings)"
        )
    })
}

/// Plain text for a SARIF message. Brackets in a link's text must be
/// escaped (SARIF 2.1.0 §3.11.6); elsewhere they may stay literal, and are
/// escaped only where `…](` could be read as an embedded link.
fn message_text(text: &str, link: bool) -> String {
    if link || text.contains("](") {
        text.replace('[', "\\[").replace(']', "\\]")
    } else {
        text.to_string()
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A URI reference for a path as the user gave it: relative paths stay
/// relative references, absolute ones become `file://` URIs. A `:` is
/// percent-encoded so that no relative path parses as a scheme (`c:x.yaml`),
/// and a backslash is data (percent-encoded) except where it is the
/// platform's path separator.
pub fn artifact_uri(name: &str) -> String {
    let name = if std::path::MAIN_SEPARATOR == '\\' {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let mut uri = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | '/'
            | '@'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '=' => uri.push(c),
            _ => {
                let mut buf = [0u8; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    uri.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    if uri.starts_with('/') {
        format!("file://{uri}")
    } else {
        uri
    }
}

fn location(outcome: &Outcome, label: &Label) -> Value {
    let file = &outcome.workspace.files[label.file];
    let (start, end) = region(file, label.span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": artifact_uri(&file.name) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        },
        "message": { "text": label.text },
    })
}

fn result(outcome: &Outcome, finding: &Finding, fingerprint: &str) -> Value {
    let rule_index = finding.rule.index();
    let mut text = message_text(
        &format!("{}\nhelp: {}", finding.message, finding.help),
        false,
    );
    if !finding.secondary.is_empty() {
        let links: Vec<String> = finding
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| format!("[{}]({})", message_text(&l.text, true), i + 1))
            .collect();
        text.push_str(&format!("\nsee: {}", links.join(", ")));
    }
    let mut result = json!({
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [location(outcome, &finding.primary)],
        "partialFingerprints": { "primaryLocationLineHash": fingerprint },
    });
    if let Some(fixes) = fixes(outcome, finding) {
        result["fixes"] = fixes;
    }
    if !finding.secondary.is_empty() {
        result["relatedLocations"] = Value::Array(
            finding
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(outcome, l);
                    loc["id"] = json!(i + 1);
                    loc
                })
                .collect(),
        );
    }
    result
}

/// SARIF `fixes` (§3.55): the finding's fix as replacements in its file;
/// none for a display-only fix, which is advice, not an edit to apply.
fn fixes(outcome: &Outcome, finding: &Finding) -> Option<Value> {
    let fix = finding
        .fix
        .as_ref()
        .filter(|f| f.applicability != Applicability::DisplayOnly)?;
    let file = &outcome.workspace.files[finding.file()];
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let (start, end) = region(file, edit.span);
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": { "text": edit.replacement },
            })
        })
        .collect();
    Some(json!([{
        "description": { "text": format!("{} ({})", fix.title, fix.applicability.as_str()) },
        "artifactChanges": [{
            "artifactLocation": { "uri": artifact_uri(&file.name) },
            "replacements": replacements,
        }],
    }]))
}

/// Tags, and for security rules GitHub's `security-severity` (a CVSS-like
/// score: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low) from the severity the
/// run gives the rule (configured, else its default; a rule turned off keeps
/// its default's score).
/// Rules the engine raises itself (input validity, suppressions) are tagged
/// `correctness` and carry no security score.
fn properties(rule: &Rule, severity: Severity) -> Value {
    if !matches!(rule.kind, Kind::Check(_)) {
        return json!({ "tags": ["kubernetes", "rbac", "correctness"], "precision": "very-high" });
    }
    let score = match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    };
    json!({
        "tags": ["security", "kubernetes", "rbac", "least-privilege"],
        "precision": "high",
        "security-severity": score,
    })
}

fn rules(settings: &Settings) -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|rule| {
                let severity = settings.severity(rule.id).unwrap_or(rule.default_severity);
                json!({
                    "id": rule.id,
                    "name": rule.id.name(),
                    "shortDescription": { "text": rule.summary() },
                    "fullDescription": { "text": rule.doc_section("Why is this bad?").unwrap_or_default().replace('\n', " ") },
                    "help": { "text": rule.doc(), "markdown": rule.doc() },
                    "defaultConfiguration": { "level": level(rule.default_severity) },
                    "properties": properties(rule, severity),
                })
            })
            .collect(),
    )
}

pub fn render(outcome: &Outcome, settings: &Settings) -> String {
    let notifications: Vec<Value> = outcome
        .errors
        .iter()
        .map(|e| {
            let file = &outcome.workspace.files[e.file];
            let mut physical = json!({ "artifactLocation": { "uri": artifact_uri(&file.name) } });
            if let Some(span) = e.span {
                let at = file.position(span.start);
                physical["region"] = json!({ "startLine": at.line, "startColumn": at.column });
            }
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [{ "physicalLocation": physical }],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "rbaclint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules(settings),
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": outcome.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": outcome
                .findings
                .iter()
                .zip(fingerprints(outcome))
                .map(|(f, fingerprint)| result(outcome, f, &fingerprint))
                .collect::<Vec<_>>(),
        }]
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn brackets_are_escaped_where_they_could_read_as_links() {
        use super::message_text;
        assert_eq!(message_text("e.g. [get, list]", false), "e.g. [get, list]");
        assert_eq!(message_text("f[0](1)", false), "f\\[0\\](1)");
        assert_eq!(message_text("rules[0]", true), "rules\\[0\\]");
    }

    #[test]
    fn uris_are_references_no_reader_takes_for_a_scheme() {
        assert_eq!(artifact_uri("c:x.yaml"), "c%3Ax.yaml");
        assert_eq!(artifact_uri("dir/a b#1.yaml"), "dir/a%20b%231.yaml");
        assert_eq!(artifact_uri("/abs/x.yaml"), "file:///abs/x.yaml");
        if std::path::MAIN_SEPARATOR == '/' {
            assert_eq!(artifact_uri("a\\b.yaml"), "a%5Cb.yaml");
        }
    }
}
