//! Document layouts: each layout is one parser behind the [`Layout`] trait, which turns a
//! document's text into a [`RawDocument`]: the PDF text dump ([`pdf`]), a help-centre page
//! saved as text in any of its renderings ([`page`]), and a page saved as HTML ([`html`]).
//! [`detect`] picks the parser.

use super::diag::Diagnostics;
use super::raw::{LayoutKind, RawDocument};

pub mod html;
pub mod page;
mod page_common;
pub mod pdf;

/// A fatal problem with a document: it cannot be read as its layout at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ParseError {
    /// File name.
    pub file: String,
    /// Line (1-based); 0 for the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// A new error at `file:line`.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        ParseError {
            file: file.to_owned(),
            line,
            message: message.into(),
        }
    }
}

/// One document layout.
pub trait Layout {
    /// Which layout this is.
    fn kind(&self) -> LayoutKind;
    /// Whether `text` is written in this layout.
    fn detect(&self, text: &str) -> bool;
    /// Parses the document. Rows that cannot be parsed become warnings in `diag`
    /// (naming file and line), never silently dropped; a document that is not this
    /// layout at all is an error.
    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError>;
}

/// Every layout, in detection order (most specific first).
pub fn all() -> Vec<Box<dyn Layout>> {
    vec![
        Box::new(html::HtmlLayout),
        Box::new(pdf::PdfLayout),
        Box::new(page::PageLayout),
    ]
}

/// Picks the layout of a document, or an error naming the file when none fits.
pub fn detect(file: &str, text: &str) -> Result<Box<dyn Layout>, ParseError> {
    all()
        .into_iter()
        .find(|layout| layout.detect(text))
        .ok_or_else(|| {
            ParseError::new(
                file,
                0,
                "unrecognised document layout (expected the PDF text dump, a help-centre \
                 operation page in any language and rendering, or a saved HTML page)",
            )
        })
}
