//! `--format concise`: one line a finding, `path:line:col: severity[rule-id]
//! message` (the shape compilers, editors' problem matchers and grep know),
//! load errors as `path:line:col: error[load-error] message`, then the summary.

use crate::engine::Outcome;
use crate::report::human;
use crate::source::visible;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for finding in &outcome.findings {
        let file = &outcome.workspace.files[finding.file()];
        let at = file.position(finding.primary.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            visible(&file.name),
            at.line,
            at.column,
            finding.severity,
            finding.rule,
            visible(&finding.message)
        ));
    }
    for error in &outcome.errors {
        let file = &outcome.workspace.files[error.file];
        let location = match error.span {
            Some(span) => {
                let at = file.position(span.start);
                format!("{}:{}:{}", visible(&file.name), at.line, at.column)
            }
            None => visible(&file.name).into_owned(),
        };
        out.push_str(&format!(
            "{location}: error[load-error] {}\n",
            visible(&error.message)
        ));
    }
    out.push_str(&human::summary(outcome));
    out.push('\n');
    if let Some(fixable) = human::fixable(outcome) {
        out.push_str(&fixable);
        out.push('\n');
    }
    out
}
