//! Rendering cost is linear in the number of findings (a complexity check,
//! not a timed test). miette's graphical handler asks the `SourceCode` for
//! each label's context lines and then walks only the bytes it gets back;
//! miette's default `SourceCode` for `str` finds them by scanning the file
//! from byte 0, so N findings cost O(N × file). `SourceFile` answers from its
//! line index, so the bytes it hands out (and the handler's work) stay
//! bounded per finding however far into the file the finding is. The wall
//! clock figure is in BENCHMARKS.md (`benches/run.sh`, 10,000 vs 100,000).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode,
    SourceSpan, SpanContents,
};
use rbaclint::source::SourceFile;

/// A `SourceCode` that counts the bytes it returns.
#[derive(Debug)]
struct Counting {
    inner: SourceFile,
    bytes: AtomicUsize,
    calls: AtomicUsize,
}

impl SourceCode for Counting {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.inner.read_span(span, before, after)?;
        self.bytes
            .fetch_add(contents.data().len(), Ordering::Relaxed);
        self.calls.fetch_add(1, Ordering::Relaxed);
        Ok(contents)
    }
}

#[derive(Debug)]
struct At<'a>(&'a Counting, usize);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("finding")
    }
}

impl std::error::Error for At<'_> {}

impl Diagnostic for At<'_> {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), (self.1, 3)),
        )))
    }
}

/// Bytes handed to miette while rendering one label per rule line.
fn bytes_read(findings: usize) -> (usize, usize) {
    const RULE: &str = "- apiGroups: [\"\"]\n  resources: [\"pods\"]\n  verbs: [\"*\"]\n";
    let mut text = String::from("kind: ClusterRole\nrules:\n");
    let mut stars = Vec::new();
    for _ in 0..findings {
        stars.push(text.len() + RULE.find("\"*\"").unwrap());
        text.push_str(RULE);
    }
    let source = Counting {
        inner: SourceFile::new("many.yaml", text),
        bytes: AtomicUsize::new(0),
        calls: AtomicUsize::new(0),
    };
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    for &star in &stars {
        handler.render_report(&mut out, &At(&source, star)).unwrap();
    }
    assert!(out.contains("verbs: [\"*\"]"));
    (source.bytes.into_inner(), source.calls.into_inner())
}

#[test]
fn rendering_ten_thousand_findings_in_one_file_reads_bounded_bytes_each() {
    let (small, small_calls) = bytes_read(1_000);
    let (large, large_calls) = bytes_read(10_000);
    // Each label reads its line and the context lines around it, nothing more.
    let longest_context = 5 * "  resources: [\"pods\"]\n".len();
    assert!(
        large <= large_calls * longest_context,
        "{large} bytes in {large_calls} reads"
    );
    // Ten times the findings, ten times the bytes (a whole-prefix scan would be ~100×).
    assert_eq!(large_calls, 10 * small_calls);
    assert!(large * 100 <= 10 * small * 101, "{small} → {large}");
}
