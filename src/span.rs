//! Places in the source text: byte spans that also carry their line and column.

use crate::document::Lines;
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

    /// A span over `start..end` of `text`, located: `start` stands on the line of index `line`
    /// (0-based), which starts at byte `line_start` (the line and column as
    /// [`LineIndex::locate`] gives them).
    pub(crate) fn on_line(
        text: &str,
        start: usize,
        end: usize,
        line: usize,
        line_start: usize,
    ) -> Span {
        let chars = text
            .as_bytes()
            .get(line_start..start)
            .map_or(0, crate::text::char_count);
        Span {
            start,
            end,
            line: line as u32 + 1,
            column: 1 + chars,
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

/// Line and column of byte offsets of a text: the line by stepping forward from the line located
/// last (spans mostly come in order), by binary search when it lies before it or far after it;
/// the column by counting characters from the line start — or from the offset located last,
/// when it stands earlier on the same line (the cells of a row come in order), so that the many
/// spans of one long line cost one pass over it.
pub(crate) struct LineIndex<'a> {
    bytes: &'a [u8],
    lines: Lines<'a, 'a>,
    /// The offset located last: (offset, line index, column).
    last: (usize, usize, u32),
}

impl<'a> LineIndex<'a> {
    /// `lines`: all the lines of their text, in order.
    pub(crate) fn new(lines: Lines<'a, 'a>) -> LineIndex<'a> {
        LineIndex {
            bytes: lines.text().as_bytes(),
            lines,
            last: (0, 0, 1),
        }
    }

    /// The index of the last line starting at or before `pos` (0 when there is none).
    #[inline]
    fn line_of(&self, pos: usize) -> usize {
        let lines = self.lines;
        let mut k = self.last.1;
        if lines.start(k).is_none_or(|s| s > pos) {
            return lines.slice(..k.min(lines.len())).starting_by(pos).max(1) - 1;
        }
        // Here line `k` starts at or before `pos`: a few steps forward, then a binary search.
        for _ in 0..8 {
            match lines.start(k + 1) {
                Some(s) if s <= pos => k += 1,
                _ => return k,
            }
        }
        k + lines.slice(k + 1..).starting_by(pos)
    }

    /// The 1-based line and column (in characters) of byte `pos` (the end, past the text).
    #[inline]
    pub(crate) fn locate(&mut self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.bytes.len());
        let line = self.line_of(pos);
        let start = self.lines.start(line).unwrap_or(0).min(pos);
        let (last_pos, last_line, last_col) = self.last;
        let (from, col) = if last_line == line && (start..=pos).contains(&last_pos) {
            (last_pos, last_col)
        } else {
            (start, 1)
        };
        let chars = crate::text::char_count(&self.bytes[from..pos]);
        self.last = (pos, line, col + chars);
        (line as u32 + 1, col + chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "一、总体\n情况\t0\n";
        let lines = crate::document::lines(text).unwrap();
        let mut index = LineIndex::new(lines.view());
        assert_eq!(index.locate(text.find('0').unwrap()), (2, 4));
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(text.len()), (3, 1));
        assert_eq!(index.locate(text.len() + 5), (3, 1));
    }

    #[test]
    fn any_order() {
        let text = "一、总体\n\n情况\t0\n".repeat(30) + "末";
        let lines = crate::document::lines(&text).unwrap();
        let mut index = LineIndex::new(lines.view());
        let at = |pos: usize| {
            let before = &text[..pos];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
            (line, col)
        };
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&p| text.is_char_boundary(p))
            .collect();
        // Forward in steps of every size, backward, and jumping about.
        for step in [1, 2, 3, 7, 20, 45, 200] {
            for &pos in bounds
                .iter()
                .step_by(step)
                .chain(bounds.iter().rev().step_by(step))
            {
                assert_eq!(index.locate(pos), at(pos), "at {pos}");
            }
        }
        for i in 0..bounds.len() {
            let pos = bounds[(i * 7919) % bounds.len()];
            assert_eq!(index.locate(pos), at(pos), "at {pos}");
        }
        assert_eq!(index.locate(text.len() + 3), at(text.len()));
    }

    #[test]
    fn long_lines_and_many_blocks() {
        let line = "规章\t0\t".repeat(40);
        let text = format!("{line}\n{line}\n");
        let lines = crate::document::lines(&text).unwrap();
        let mut index = LineIndex::new(lines.view());
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
