//! `--statistics`: how many findings each rule raised, most first, instead
//! of the findings themselves (to size a cleanup, or pick rules to baseline).

use serde_json::json;

use crate::engine::Outcome;
use crate::finding::Severity;

/// `(rule, severity, count)`, most findings first, then by rule id.
pub fn counts(outcome: &Outcome) -> Vec<(&'static str, Severity, usize)> {
    let mut counts: Vec<(&'static str, Severity, usize)> = Vec::new();
    for finding in &outcome.findings {
        match counts
            .iter_mut()
            .find(|(r, s, _)| *r == finding.rule.as_str() && *s == finding.severity)
        {
            Some(entry) => entry.2 += 1,
            None => counts.push((finding.rule.as_str(), finding.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    counts
}

/// A table: count, rule id, severity.
pub fn render_text(outcome: &Outcome) -> String {
    let mut out = String::new();
    for (rule, severity, count) in counts(outcome) {
        out.push_str(&format!("{count:>6}  {rule:<30} {severity}\n"));
    }
    out.push_str(&format!("{:>6}  total\n", outcome.findings.len()));
    out
}

/// The same as JSON: `[{"rule", "severity", "count"}]`.
pub fn render_json(outcome: &Outcome) -> String {
    let rows: Vec<_> = counts(outcome)
        .into_iter()
        .map(|(rule, severity, count)| json!({"rule": rule, "severity": severity, "count": count}))
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).expect("statistics serialize");
    out.push('\n');
    out
}
