//! The one fatal error: the input is not an annual report (or cannot be read as text).

use std::fmt;

/// What kind of failure an [`Error`] is.
///
/// Non-exhaustive: new kinds may be added (a new input format, a size limit); match with a `_`
/// arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no text at all.
    Empty,
    /// The text is not a 政府信息公开工作年度报告: no title and too few section headings.
    NotAReport,
    /// The bytes are not valid in any accepted encoding.
    Decode,
    /// The file could not be read.
    Io,
    /// The text is too long to read: 4 GiB or more.
    TooLarge,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Empty => "empty input",
            ErrorKind::NotAReport => "not an annual report",
            ErrorKind::Decode => "invalid encoding",
            ErrorKind::Io => "cannot read file",
            ErrorKind::TooLarge => "input too large",
        })
    }
}

/// Why a text could not be parsed as a report at all.
///
/// Problems inside a report never produce an `Error`: they come back as
/// [`crate::Diagnostic`]s with the report. The message is one lowercase line that names what was
/// looked for and not found; [`Error::kind`] tells the failures apart and [`Error::offset`]
/// points at invalid bytes.
///
/// An I/O failure says only what failed (`cannot read file: PATH`); the reason is its
/// [`source`](std::error::Error::source), the [`std::io::Error`], as the Rust API guidelines
/// have it: print the chain of sources (as `anyhow` does with `{:#}`) to show it, and it is
/// shown once.
///
/// # Examples
///
/// ```
/// use std::error::Error as _;
/// use zfxxgk::ErrorKind;
///
/// let err = zfxxgk::parse("会议纪要\n今天开会。").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::NotAReport);
/// assert!(err.to_string().starts_with("not an annual report: looked for a title"));
///
/// let err = zfxxgk::parse_bytes(b"2020\xFF").unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::Decode, Some(4)));
///
/// let err = zfxxgk::parse_file("no/such/report.txt").unwrap_err();
/// assert_eq!(err.to_string(), "cannot read file: no/such/report.txt");
/// // The reason, from the operating system: "No such file or directory (os error 2)" or the like.
/// let reason = err.source().unwrap();
/// assert!(reason.downcast_ref::<std::io::Error>().is_some());
/// // For a user, the alternate form adds it.
/// assert_eq!(format!("{err:#}"), format!("cannot read file: no/such/report.txt: {reason}"));
/// ```
#[derive(Debug, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    detail: String,
    offset: Option<usize>,
    #[source]
    source: Option<std::io::Error>,
}

/// `{kind}: {detail}`; the alternate form (`{:#}`) adds the source's message, the reason an
/// I/O failure gives (`cannot read file: a.txt: No such file or directory (os error 2)`).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)?;
        match &self.source {
            Some(source) if f.alternate() => write!(f, ": {source}"),
            _ => Ok(()),
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> Error {
        Error {
            kind,
            detail: detail.into(),
            offset: None,
            source: None,
        }
    }

    pub(crate) fn at(mut self, offset: usize) -> Error {
        self.offset = Some(offset);
        self
    }

    /// A file that could not be read: the message names the path, the reason is the source.
    pub(crate) fn io(path: &std::path::Path, e: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            detail: path.display().to_string(),
            offset: None,
            source: Some(e),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset in the input the error points at, when there is one: for
    /// [`ErrorKind::Decode`], the offset of the first invalid byte, counted from the first byte
    /// of the input (byte order mark included).
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}
