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

/// Fills in `line` and `column` of spans, from a cursor that moves forward through the text and
/// jumps back by binary search over the line starts: linear for spans given in text order,
/// `log n` plus the column for the others.
pub(crate) struct Locator<'a> {
    text: &'a [u8],
    line_starts: &'a [usize],
    pos: usize,
    line: u32,
    col: u32,
}

impl<'a> Locator<'a> {
    /// `line_starts`: the byte offset of every line, ascending, the first 0.
    pub(crate) fn new(text: &'a str, line_starts: &'a [usize]) -> Self {
        Locator {
            text: text.as_bytes(),
            line_starts,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    pub(crate) fn fill(&mut self, span: &mut Span) {
        let target = span.start.min(self.text.len());
        if target < self.pos {
            let i = self.line_starts.partition_point(|&s| s <= target).max(1) - 1;
            self.pos = self.line_starts.get(i).copied().unwrap_or(0).min(target);
            self.line = i as u32 + 1;
            self.col = 1;
        }
        let gap = &self.text[self.pos..target];
        let tail = match gap.iter().rposition(|&b| b == b'\n') {
            Some(nl) => {
                self.line += gap.iter().filter(|&&b| b == b'\n').count() as u32;
                self.col = 1;
                &gap[nl + 1..]
            }
            None => gap,
        };
        self.col += tail.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
        self.pos = target;
        span.line = self.line;
        span.column = self.col;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "一、总体\n情况\t0\n";
        let starts = [0, text.find('\n').unwrap() + 1];
        let mut loc = Locator::new(text, &starts);
        let mut a = Span::bytes(text.find('0').unwrap(), text.find('0').unwrap() + 1);
        let mut b = Span::bytes(3, 6);
        loc.fill(&mut a);
        loc.fill(&mut b);
        assert_eq!((a.line, a.column), (2, 4));
        assert_eq!((b.line, b.column), (1, 2));
    }
}
