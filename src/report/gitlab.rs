//! `--format gitlab`: a GitLab Code Quality report (a JSON array), shown in
//! merge requests. GitLab does not display `check_name`, so the description
//! starts with the rule id; fingerprints are stable across line moves.

use serde_json::{json, Value};

use crate::engine::Outcome;
use crate::finding::Severity;
use crate::report::{fingerprints, region};

pub fn render(outcome: &Outcome) -> String {
    let fingerprints = fingerprints(outcome);
    let issues: Vec<Value> = outcome
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(finding, fingerprint)| {
            let file = &outcome.files[finding.file()];
            let (start, end) = region(file, finding.primary.span);
            json!({
                "description": format!("[{}] {}", finding.rule, finding.message),
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": match finding.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Note => "minor",
                },
                "location": {
                    "path": file.name,
                    "lines": { "begin": start.line, "end": end.line },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).expect("report serializes");
    out.push('\n');
    out
}
