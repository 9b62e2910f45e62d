//! A window of one long line, shown in a snippet in place of the whole line.
//!
//! miette prints whole lines, so a finding on a 21 MB minified line would
//! print 21 MB once per finding. An [`Excerpt`] is a `SourceCode` holding a
//! bounded window around a span, cut at character boundaries and marked with
//! `…` where the line goes on. It reports the real line and column of what it
//! shows, so the snippet's header and gutter name the place in the file, and
//! the caret lands under the element however many multi-byte characters
//! come before it.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{visible, SourceFile, Span};

/// Characters shown on each side of the span.
const CONTEXT_CHARS: usize = 60;
/// Characters of the span itself shown at most (a longer span is cut).
const SPAN_CHARS: usize = 120;
/// Marks where the window cuts the line.
const ELLIPSIS: &str = "…";

pub struct Excerpt<'a> {
    source: &'a SourceFile,
    /// The shown part of the line, as a byte range of the file.
    window: Span,
    /// The window with an ellipsis on each side where the line goes on.
    text: String,
    /// Bytes of the leading ellipsis (0 when the window starts the line).
    lead: usize,
    /// 1-based line of the window.
    line: usize,
}

impl<'a> Excerpt<'a> {
    /// A window of `span`'s first line: up to [`CONTEXT_CHARS`] characters
    /// either side of the span, which is cut to [`SPAN_CHARS`] characters
    /// and to the end of its line. Costs the window's size, not the line's.
    pub fn around(source: &'a SourceFile, span: Span) -> Self {
        let text = &*source.text;
        let line = source.line_of(span.start);
        let line_start = source.line_start(line);
        let line_end = line_start + source.line_text(line).len();
        let span_start = span.start.clamp(line_start, line_end);
        let span_end = span.end.clamp(span_start, line_end);
        // Byte offset `n` characters after `from`, or `limit`.
        let forward = |from: usize, n: usize, limit: usize| {
            text[from..limit]
                .char_indices()
                .nth(n)
                .map_or(limit, |(i, _)| from + i)
        };
        let span_end = forward(span_start, SPAN_CHARS, span_end);
        let start = text[line_start..span_start]
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .last()
            .map_or(span_start, |(i, _)| line_start + i);
        let end = forward(span_end, CONTEXT_CHARS, line_end);
        let lead = if start > line_start {
            ELLIPSIS.len()
        } else {
            0
        };
        let mut shown = String::with_capacity(lead + (end - start) + ELLIPSIS.len());
        shown.push_str(&ELLIPSIS[..lead]);
        shown.push_str(&text[start..end]);
        if end < line_end {
            shown.push_str(ELLIPSIS);
        }
        Excerpt {
            source,
            window: Span::new(start, end),
            text: shown,
            lead,
            line,
        }
    }

    /// Where a file span lies in the excerpt, cut to the window; `None` when
    /// it starts outside the window.
    pub fn map(&self, span: Span) -> Option<SourceSpan> {
        if span.start < self.window.start || span.start > self.window.end {
            return None;
        }
        let end = span.end.min(self.window.end);
        Some(SourceSpan::new(
            (self.lead + span.start - self.window.start).into(),
            end - span.start,
        ))
    }

    /// The file offset shown at excerpt offset `offset` (an ellipsis maps to
    /// the window's edge).
    fn file_offset(&self, offset: usize) -> usize {
        (self.window.start + offset.saturating_sub(self.lead)).min(self.window.end)
    }
}

impl SourceCode for Excerpt<'_> {
    /// The whole excerpt, as line `line` of the file; its column is the real
    /// column of the span's start (miette prints it in the snippet header).
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        if span.offset() + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let column = self.source.position(self.file_offset(span.offset())).column;
        Ok(Box::new(MietteSpanContents::new_named(
            visible(&self.source.name).into_owned(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.line - 1,
            column - 1,
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_cut_at_characters_and_marked() {
        let line = format!("{}X{}", "é".repeat(200), "€".repeat(200));
        let file = SourceFile::new("x.yaml", format!("a: 1\n{line}\n"));
        let x = file.text.find('X').unwrap();
        let excerpt = Excerpt::around(&file, Span::new(x, x + 1));
        assert_eq!(
            excerpt.text,
            format!("…{}X{}…", "é".repeat(60), "€".repeat(60))
        );
        let mapped = excerpt.map(Span::new(x, x + 1)).unwrap();
        assert_eq!(&excerpt.text[mapped.offset()..][..1], "X");
        let contents = excerpt.read_span(&mapped, 0, 0).unwrap();
        assert_eq!((contents.line(), contents.column()), (1, 200));
        assert_eq!(excerpt.map(Span::new(x + 200, x + 203)), None);
    }

    #[test]
    fn short_line_is_whole_and_long_span_is_cut() {
        let file = SourceFile::new("x.yaml", "k: [a, b]\n");
        let excerpt = Excerpt::around(&file, Span::new(3, 9));
        assert_eq!(excerpt.text, "k: [a, b]");
        let long = format!("k: [{}]", "x".repeat(500));
        let file = SourceFile::new("x.yaml", long.as_str());
        let excerpt = Excerpt::around(&file, Span::new(3, long.len()));
        assert_eq!(excerpt.text, format!("k: [{}…", "x".repeat(179)));
        let mapped = excerpt.map(Span::new(3, long.len())).unwrap();
        assert_eq!((mapped.offset(), mapped.len()), (3, 180));
    }
}
