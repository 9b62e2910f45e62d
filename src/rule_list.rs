//! The registry as a list: `rbaclint rules` (one line per rule, or JSON for
//! tools) and the README's rules table, which a test keeps equal to it.
//! `rbaclint explain` is the long form.

use serde_json::{json, Value};

use crate::rule::Rule;
use crate::rules::RULES;

/// The help for an unknown rule id wherever one is written (check flags,
/// the config, suppression comments, `explain`): the nearest id (or one of
/// the `keywords` that may stand there, such as `all`), and where ids are listed.
pub fn unknown_rule_help(id: &str, keywords: &[&str]) -> String {
    let ids = RULES
        .iter()
        .map(|r| r.id.as_str())
        .chain(keywords.iter().copied());
    match crate::suggest::did_you_mean(id, ids) {
        Some(near) => format!("{near} `rbaclint rules` lists the rule ids"),
        None => "`rbaclint rules` lists the rule ids".into(),
    }
}

/// What one line or row says of a rule: id, default severity, set, summary.
fn columns(rule: &Rule) -> [String; 4] {
    [
        rule.id.to_string(),
        rule.default_severity.as_str().to_string(),
        rule.set.as_str().to_string(),
        rule.summary(),
    ]
}

/// `rbaclint rules`: one aligned line per rule.
pub fn text() -> String {
    let width = RULES.iter().map(|r| r.id.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for [id, severity, set, summary] in RULES.iter().map(columns) {
        out.push_str(&format!(
            "{id:<width$}  {severity:<7}  {set:<11}  {summary}\n"
        ));
    }
    out.push_str("\nrecommended rules run by default; opt-in rules with --extend-select RULE or --select all.\n`rbaclint explain RULE` prints a rule's documentation.\n");
    out
}

/// `rbaclint rules --format json`: an array, in registry order.
pub fn json() -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id.name(),
                "severity": rule.default_severity.as_str(),
                "set": rule.set.as_str(),
                "kind": rule.kind.as_str(),
                "controllersOnly": rule.controllers_only,
                "summary": rule.summary(),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rules).expect("serializable");
    out.push('\n');
    out
}

/// The README's rules table (Markdown).
pub fn markdown_table() -> String {
    let mut out = String::from("| id | default | set | summary |\n|---|---|---|---|\n");
    for [id, severity, set, summary] in RULES.iter().map(columns) {
        let summary = summary.replace('|', "\\|");
        out.push_str(&format!("| `{id}` | {severity} | {set} | {summary} |\n"));
    }
    out
}
