//! Invariants every run must keep, whatever the input: checked by the
//! property test (`tests/it/mutations.rs`) and the fuzz target (`fuzz/`).

use crate::engine::Outcome;
use crate::source::Span;

/// Every broken invariant of `outcome`, in words; empty when all hold.
///
/// - every span (findings, their related labels, load errors) lies within its
///   file and starts and ends on a character boundary;
/// - no file hit the loader's panic guard (an "internal error").
pub fn violations(outcome: &Outcome) -> Vec<String> {
    let mut broken = Vec::new();
    let mut check = |file: usize, span: Span, what: &str| {
        let text = &outcome.workspace.files[file].text;
        let inside = span.start <= span.end && span.end <= text.len();
        if !inside || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            broken.push(format!(
                "{what}: span {span:?} is not a char range of {} ({} bytes)",
                outcome.workspace.files[file].name,
                text.len()
            ));
        }
    };
    for finding in &outcome.findings {
        check(
            finding.primary.file,
            finding.primary.span,
            finding.rule.as_str(),
        );
        for label in &finding.secondary {
            check(label.file, label.span, finding.rule.as_str());
        }
    }
    for error in &outcome.errors {
        if let Some(span) = error.span {
            check(error.file, span, &error.message);
        }
    }
    broken.extend(
        outcome
            .errors
            .iter()
            .filter(|e| e.message.starts_with("internal error"))
            .map(|e| format!("{}: {}", outcome.workspace.files[e.file].name, e.message)),
    );
    broken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadError;
    use crate::source::SourceFile;

    fn with_error(span: Span, message: &str) -> Outcome {
        let mut outcome = Outcome::default();
        outcome
            .workspace
            .files
            .push(SourceFile::new("x.yaml", "é\n"));
        outcome.errors.push(LoadError {
            file: 0,
            span: Some(span),
            message: message.into(),
            hint: None,
        });
        outcome
    }

    #[test]
    fn spans_inside_a_character_or_the_file_are_caught() {
        assert!(violations(&with_error(Span::new(0, 2), "ok")).is_empty());
        assert!(violations(&with_error(Span::new(3, 3), "ok")).is_empty());
        assert_eq!(
            violations(&with_error(Span::new(1, 1), "mid-char")).len(),
            1
        );
        assert_eq!(
            violations(&with_error(Span::new(0, 9), "past the end")).len(),
            1
        );
        assert_eq!(
            violations(&with_error(Span::new(0, 0), "internal error while parsing")).len(),
            1
        );
    }
}
