//! Read China's government information disclosure annual reports (政府信息公开工作年度报告) into
//! typed, validated data.
//!
//! Every agency publishes such a report each year on a national template (2019 or 2021): six
//! sections, narrative and fixed tables. Copies of them arrive as text with the tables wrecked in
//! several ways (tab-separated, one cell per line, blank cells dropped). [`parse`] reads any of
//! them into an [`AnnualReport`]: metadata, the six sections, and every table value as a typed
//! [`Cell`] with its [`Span`] in the input. A value that cannot be placed with certainty is
//! [`Value::Missing`], with a [`Diagnostic`] that says where.
//!
//! The pipeline:
//!
//! ```text
//! &str ─► lines ─► blocks (title, sections, signature) ─► table layouts ─► rows of cells
//!      ─► binding to the template (labels → keys) ─► AnnualReport (+ diagnostics)
//! ```
//!
//! # Examples
//!
//! ```
//! use zfxxgk::{parse, Template, Value};
//!
//! let text = include_str!("../tests/fixtures/004.txt");
//! let report = parse(text)?;
//! assert_eq!(report.metadata.template, Template::T2019);
//! assert_eq!(report.metadata.agency.as_ref().unwrap().value, "石家庄市商务局");
//!
//! // Typed access …
//! if let zfxxgk::Proactive::T2019(p) = &report.proactive {
//!     assert_eq!(p.penalty.prev_items.value, Value::Count(5));
//! }
//! // … by canonical key …
//! let cell = report.cell("proactive.normative_docs.total_published").unwrap();
//! assert_eq!(cell.value, Value::Count(4));
//! // … and every value points into the text it came from.
//! let span = cell.span.unwrap();
//! assert_eq!(&text[span.range()], "4");
//! assert_eq!((span.line, span.column), (38, 11));
//! // A blank cell is blank, never 0.
//! assert_eq!(report.cell("applications.new_received.natural_person").unwrap().value, Value::Blank);
//! # Ok::<(), zfxxgk::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bind;
mod cells;
mod decode;
mod diagnostic;
mod document;
mod error;
mod layout;
mod model;
mod parser;
mod render;
mod span;
pub mod template;
mod text;

pub use cells::META_KEYS;
pub use decode::{decode, parse_bytes, parse_file, Document, Encoding};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::{Error, ErrorKind};
pub use layout::Layout;
pub use model::{
    Amount, AnnualReport, ApplicantCounts, Applications, Cell, Date, Decimal, DecimalError,
    Decisions, Denied, DocumentCounts, ExtraRow, FeeAmount, FeeItems, ItemCounts, Label, Metadata,
    NotProcessed, OtherItemized, OtherProcessing, Outcomes, Proactive, Proactive2019,
    Proactive2021, Procurement, PublishedCounts, ReviewLitigation, Row, RowMut, Section,
    Unavailable, Unit, Value,
};
pub use parser::parse;
pub use render::render;
pub use span::{Span, Spanned};
pub use template::{SectionKind, TableKind, Template};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
