//! `--format junit`: JUnit XML for CI systems that show test reports
//! (GitLab's test report, Jenkins). One test suite per file. A finding at or
//! above the fail level (`--fail-on`) is a failed test case; a finding below
//! it is a passing test case whose `system-out` holds the finding, so the
//! report shows it without turning the pipeline red where the exit status
//! does not. Each finding's case carries its severity (a `severity`
//! property, and in the text). A load error is an errored case at its line
//! and column; a clean file is one passing case.

use crate::engine::Outcome;
use crate::finding::{Finding, Severity};
use crate::report::region;
use crate::source::SourceFile;

pub fn render(outcome: &Outcome, fail_on: Option<Severity>) -> String {
    let fails = |f: &Finding| fail_on.is_some_and(|level| f.severity >= level);
    let mut suites = String::new();
    let mut total = (0, 0, 0);
    for (id, file) in outcome.workspace.files.iter().enumerate() {
        let findings: Vec<_> = outcome.findings.iter().filter(|f| f.file() == id).collect();
        let errors: Vec<_> = outcome.errors.iter().filter(|e| e.file == id).collect();
        let failures = findings.iter().filter(|f| fails(f)).count();
        let mut cases = String::new();
        for finding in &findings {
            cases.push_str(&case(file, finding, fails(finding)));
        }
        for error in &errors {
            let at = error.span.map(|s| file.position(s.start));
            let (line, column) = at.map_or((1, 1), |p| (p.line, p.column));
            cases.push_str(&format!(
                "    <testcase name=\"load\" classname=\"{name}\" file=\"{name}\" line=\"{line}\">\n      <error type=\"load-error\" message=\"{message}\">{name}:{line}:{column}: {message}</error>\n    </testcase>\n",
                name = escape(&file.name),
                message = escape(&error.message),
            ));
        }
        let passed = findings.is_empty() && errors.is_empty();
        if passed {
            cases.push_str(&format!(
                "    <testcase name=\"rbaclint\" classname=\"{}\" file=\"{}\"/>\n",
                escape(&file.name),
                escape(&file.name),
            ));
        }
        let tests = findings.len() + errors.len() + usize::from(passed);
        total = (total.0 + tests, total.1 + failures, total.2 + errors.len());
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">\n{cases}  </testsuite>\n",
            escape(&file.name),
            errors.len(),
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rbaclint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{suites}</testsuites>\n",
        total.0, total.1, total.2
    )
}

/// One finding's test case: failed, or passing with the finding as output.
fn case(file: &SourceFile, finding: &Finding, fails: bool) -> String {
    let (start, _) = region(file, finding.primary.span);
    let severity = finding.severity.to_string();
    let text = format!(
        "{}:{}:{}: {severity}[{}]: {}\nhelp: {}",
        escape(&file.name),
        start.line,
        start.column,
        finding.rule,
        escape(&finding.message),
        escape(&finding.help),
    );
    let body = if fails {
        format!(
            "      <failure type=\"{}\" message=\"{severity}: {}\">{text}</failure>\n",
            escape(finding.rule.as_str()),
            escape(&finding.message),
        )
    } else {
        format!(
            "      <system-out>{text}\n(below the fail level: reported, not failed)</system-out>\n"
        )
    };
    format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <properties>\n        <property name=\"severity\" value=\"{severity}\"/>\n      </properties>\n{body}    </testcase>\n",
        escape(format!("{} {} {}", finding.rule, finding.object, finding.primary.path).trim_end()),
        escape(&file.name),
        escape(&file.name),
        start.line,
    )
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
