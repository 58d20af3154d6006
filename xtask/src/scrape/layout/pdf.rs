//! The PDF-to-text dump of the full Chinese API reference (`003`).

use super::{Layout, ParseError};
use crate::scrape::diag::Diagnostics;
use crate::scrape::raw::{LayoutKind, RawDocument};

/// Parser for the PDF text dump.
pub struct PdfLayout;

impl Layout for PdfLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::PdfText
    }
    fn detect(&self, text: &str) -> bool {
        text.contains("文档版本：") && text.contains("API参考")
    }
    fn parse(&self, file: &str, _text: &str, _diag: &mut Diagnostics) -> Result<RawDocument, ParseError> {
        Err(ParseError::new(file, 0, "pdf layout: not implemented yet"))
    }
}
