//! One input file: its name as the user gave it, its text, and a line index.
//!
//! Every span in rbaclint is a byte range into [`SourceFile::text`]. The line
//! index turns a byte offset into the 1-based line and Unicode-character column
//! users see, and backs miette's [`SourceCode`] so rendering a diagnostic costs
//! one binary search instead of a rescan of the file from byte 0. Columns
//! count characters from a checkpoint every few kilobytes, not from the start
//! of the line, so a thousand findings on one minified line stay cheap.

use std::borrow::Cow;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A byte range `start..end` into a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> Self {
        SourceSpan::new(span.start.into(), span.len())
    }
}

/// A 1-based line and 1-based column counted in Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Index of a file in the run's list of sources.
pub type FileId = usize;

/// A loaded input file. Cheap to clone: the text is shared.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line (or the `--stdin-filename`).
    pub name: String,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// The YAML comments that mention `rbaclint:`, as the loader found them
    /// (outside every scalar); suppression directives are read from these.
    pub directive_comments: Vec<Span>,
    /// Characters before each `CHECKPOINT`-byte boundary.
    chars_before_checkpoint: Arc<[usize]>,
}

/// Bytes between character-count checkpoints.
const CHECKPOINT: usize = 4096;

/// Characters that start in `bytes` (a cut character counts where it starts).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = line_starts(&text).into();
        let chars_before_checkpoint = text
            .as_bytes()
            .chunks(CHECKPOINT)
            .scan(0, |before, chunk| {
                let at = *before;
                *before += count_chars(chunk);
                Some(at)
            })
            .chain(std::iter::once(text.chars().count()))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            directive_comments: Vec::new(),
            chars_before_checkpoint,
        }
    }

    /// Characters before byte `offset` in the file.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoint = offset / CHECKPOINT;
        self.chars_before_checkpoint[checkpoint]
            + count_chars(&self.text.as_bytes()[checkpoint * CHECKPOINT..offset])
    }

    /// Characters between the start of the line holding `offset` and it.
    fn chars_into_line(&self, line: usize, offset: usize) -> usize {
        self.chars_before(offset) - self.chars_before(self.line_starts[line])
    }

    /// 0-based index of the line holding `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The 1-based line of a byte offset (no column: nothing to count).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index(offset.min(self.text.len())) + 1
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let column = self.chars_into_line(line, offset) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of the 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the 1-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line - 1]
    }

    /// End of the 0-based line `line`, including its line break.
    fn line_end_with_break(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// Byte offsets where each line starts. `\n` ends a line (and so does a lone
/// `\r`, as in YAML); `\r\n` counts once.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// Text from the input (file names, object names, messages quoting them)
/// as a terminal or a CI log may show it: control characters and
/// bidirectional overrides become visible escapes (`\n`, `\x1b`,
/// `\u{202e}`), so a name can neither break a line, recolour the terminal,
/// reorder what the reader sees, nor forge a line a CI runner obeys.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && needs_escape(c) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.line_index(start);
        let last_line = self.line_index(end.saturating_sub(1).max(start));
        let from_line = first_line.saturating_sub(context_lines_before);
        let to_line = (last_line + context_lines_after).min(self.line_starts.len() - 1);
        let data_start = if context_lines_before == 0 {
            start
        } else {
            self.line_starts[from_line]
        };
        let data_end = self.line_end_with_break(to_line);
        let column = if context_lines_before == 0 {
            self.chars_into_line(first_line, start)
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            // A file name may hold control characters: show them escaped.
            visible(&self.name).into_owned(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            from_line,
            column,
            to_line - from_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("x.yaml", "a: é\nbé: *\r\nc");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        // `*` sits after "bé: " — 5 bytes but 4 characters.
        let star = file.text.find('*').unwrap();
        assert_eq!(file.position(star), Position { line: 2, column: 5 });
        assert_eq!(
            file.position(file.text.len() - 1),
            Position { line: 3, column: 1 }
        );
        assert_eq!(file.line_text(2), "bé: *");
    }

    #[test]
    fn columns_past_many_checkpoints_and_inside_a_character() {
        let line = format!("{}x", "é€😀a".repeat(3 * CHECKPOINT));
        let file = SourceFile::new("x.yaml", format!("\n{line}\n"));
        let x = file.text.find('x').unwrap();
        assert_eq!(
            file.position(x),
            Position {
                line: 2,
                column: 4 * 3 * CHECKPOINT + 1
            }
        );
        // An offset inside `é` counts the character it cuts.
        assert_eq!(file.position(2), Position { line: 2, column: 2 });
    }

    #[test]
    fn read_span_returns_whole_context_lines() {
        let file = SourceFile::new("x.yaml", "one\ntwo\nthree\nfour\n");
        let two = file.text.find("two").unwrap();
        let contents = file
            .read_span(&Span::new(two, two + 3).into(), 1, 1)
            .unwrap();
        assert_eq!(
            std::str::from_utf8(contents.data()).unwrap(),
            "one\ntwo\nthree\n"
        );
        assert_eq!(contents.line(), 0);
        assert_eq!(contents.name(), Some("x.yaml"));
    }

    #[test]
    fn visible_escapes_what_a_terminal_or_runner_would_obey() {
        assert_eq!(visible("a.yaml"), "a.yaml");
        assert_eq!(
            visible("a\n::error::x\r\x1b[31m\u{202e}b\u{0}"),
            "a\\n::error::x\\r\\x1b[31m\\u{202e}b\\x00"
        );
    }
}
