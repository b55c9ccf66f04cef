//! Places in the source text: byte spans that also carry their line and column.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A range of bytes in the text that was parsed, with the line and column where it starts.
///
/// `start..end` slices the original input (`&text[span.range()]`) to exactly the text a value,
/// label or heading came from. `line` and `column` are 1-based; the column counts characters
/// (not bytes), so `市` is one column here (on screen it is two wide: see
/// [`crate::render_diagnostic`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte, inclusive.
    pub start: usize,
    /// Last byte, exclusive.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub column: u32,
}

impl Span {
    /// A span over `start..end` whose line and column are not known yet (0).
    pub(crate) fn bytes(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: 0,
            column: 0,
        }
    }

    /// The byte range, for slicing the input.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes (0 for a span built with `end` before `start`).
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte (an empty cell between two tabs).
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

impl fmt::Display for Span {
    /// `line L, column C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A value together with the place in the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the input.
    pub span: Span,
}

impl<T> Spanned<T> {
    pub(crate) fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// Bytes per checkpoint of a [`LineIndex`].
const BLOCK: usize = 64;

/// Line and column of any byte offset of a text, in constant time: checkpoints every 64 bytes
/// (lines and characters before them, where their line starts), built in one pass. Locating
/// every span costs time linear in the text and the number of spans, whatever the length of
/// the lines and in whatever order the spans come.
pub(crate) struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Per block: newlines before it, characters before it, start of the line it begins in.
    blocks: Vec<(u32, u32, usize)>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let (mut lines, mut chars, mut line_start) = (0u32, 0u32, 0usize);
        for (i, &b) in bytes.iter().enumerate() {
            if i % BLOCK == 0 {
                blocks.push((lines, chars, line_start));
            }
            if b == b'\n' {
                lines += 1;
                line_start = i + 1;
            }
            if (b & 0xC0) != 0x80 {
                chars += 1;
            }
        }
        if bytes.len() % BLOCK == 0 {
            blocks.push((lines, chars, line_start));
        }
        LineIndex { bytes, blocks }
    }

    /// Characters before byte `pos`, newlines before it and the start of its line.
    fn scan(&self, pos: usize) -> (u32, u32, usize) {
        let k = pos / BLOCK;
        let (mut lines, mut chars, mut line_start) = self.blocks[k];
        for (i, &b) in self.bytes[k * BLOCK..pos].iter().enumerate() {
            if b == b'\n' {
                lines += 1;
                line_start = k * BLOCK + i + 1;
            }
            if (b & 0xC0) != 0x80 {
                chars += 1;
            }
        }
        (lines, chars, line_start)
    }

    /// The 1-based line and column (in characters) of byte `pos` (the end, past the text).
    pub(crate) fn locate(&self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.bytes.len());
        let (lines, chars, line_start) = self.scan(pos);
        let (_, before_line, _) = self.scan(line_start);
        (lines + 1, chars - before_line + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "一、总体\n情况\t0\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text.find('0').unwrap()), (2, 4));
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(text.len()), (3, 1));
        assert_eq!(index.locate(text.len() + 5), (3, 1));
    }

    #[test]
    fn long_lines_and_many_blocks() {
        let line = "规章\t0\t".repeat(40);
        let text = format!("{line}\n{line}\n");
        let index = LineIndex::new(&text);
        let second = line.len() + 1;
        assert_eq!(index.locate(second), (2, 1));
        let last_zero = second + line.rfind('0').unwrap();
        assert_eq!(index.locate(last_zero), (2, 40 * 5 - 1));
        // The same figures as counting from the start.
        for pos in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
            let before = &text[..pos];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
            assert_eq!(index.locate(pos), (line, col), "at {pos}");
        }
    }
}
