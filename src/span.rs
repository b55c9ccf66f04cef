//! Places in the source text: byte spans that also carry their line and column.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A range of bytes in the text that was parsed, with the line and column where it starts.
///
/// `start..end` slices the original input (`&text[span.range()]`) to exactly the text a value,
/// label or heading came from. `line` and `column` are 1-based; the column counts characters
/// (not bytes), so `市` is one column here (on screen it is two wide).
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

/// Fills in `line` and `column` of every span given, in one forward pass over `text`.
///
/// Spans are sorted by start first, so the cost is linear in the text plus `n log n` in the number
/// of spans, whatever the length of the lines.
pub(crate) fn locate(text: &str, spans: &mut [&mut Span]) {
    spans.sort_unstable_by_key(|s| s.start);
    let bytes = text.as_bytes();
    let (mut pos, mut line, mut col) = (0usize, 1u32, 1u32);
    for span in spans.iter_mut() {
        let target = span.start.min(bytes.len());
        while pos < target {
            let b = bytes[pos];
            if b == b'\n' {
                line += 1;
                col = 1;
            } else if (b & 0xC0) != 0x80 {
                col += 1;
            }
            pos += 1;
        }
        span.line = line;
        span.column = col;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "一、总体\n情况\t0\n";
        let mut a = Span::bytes(text.find('0').unwrap(), text.find('0').unwrap() + 1);
        let mut b = Span::bytes(0, 3);
        locate(text, &mut [&mut a, &mut b]);
        assert_eq!((a.line, a.column), (2, 4));
        assert_eq!((b.line, b.column), (1, 1));
    }
}
