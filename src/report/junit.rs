//! `--format junit`: JUnit XML for CI systems that show test reports. One
//! test suite per file; each finding is a failed test case, each load error
//! an errored one, and a clean file one passing test case.

use crate::engine::Outcome;
use crate::report::region;

pub fn render(outcome: &Outcome) -> String {
    let mut suites = String::new();
    let mut total = (0, 0, 0);
    for (id, file) in outcome.files.iter().enumerate() {
        let findings: Vec<_> = outcome.findings.iter().filter(|f| f.file() == id).collect();
        let errors: Vec<_> = outcome.errors.iter().filter(|e| e.file == id).collect();
        let mut cases = String::new();
        for finding in &findings {
            let (start, _) = region(file, finding.primary.span);
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}\nhelp: {}</failure>\n    </testcase>\n",
                escape(format!("{} {} {}", finding.rule, finding.object, finding.primary.path).trim_end()),
                escape(&file.name),
                escape(&file.name),
                start.line,
                escape(finding.rule),
                escape(&finding.message),
                escape(&file.name),
                start.line,
                start.column,
                escape(&finding.message),
                escape(&finding.help),
            ));
        }
        for error in &errors {
            cases.push_str(&format!(
                "    <testcase name=\"load\" classname=\"{}\" file=\"{}\">\n      <error type=\"load-error\" message=\"{}\"/>\n    </testcase>\n",
                escape(&file.name),
                escape(&file.name),
                escape(&error.message),
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
        total = (
            total.0 + tests,
            total.1 + findings.len(),
            total.2 + errors.len(),
        );
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">\n{cases}  </testsuite>\n",
            escape(&file.name),
            findings.len(),
            errors.len(),
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rbaclint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{suites}</testsuites>\n",
        total.0, total.1, total.2
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
