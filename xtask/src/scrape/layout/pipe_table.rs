//! The zh-TW single-operation page (`004`) whose tables are pipe-separated cells spread
//! over several lines (`| MessageId |` / `string |` / `是 |` ...).

use super::{Layout, ParseError};
use crate::scrape::diag::Diagnostics;
use crate::scrape::raw::{LayoutKind, RawDocument};

/// Parser for the zh-TW pipe-table layout.
pub struct PipeTableLayout;

impl Layout for PipeTableLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::PipeTable
    }
    fn detect(&self, text: &str) -> bool {
        text.contains("請求參數") && text.lines().any(|l| l.starts_with("| "))
    }
    fn parse(&self, file: &str, _text: &str, _diag: &mut Diagnostics) -> Result<RawDocument, ParseError> {
        Err(ParseError::new(file, 0, "pipe-table layout: not implemented yet"))
    }
}
