//! Help-center pages saved from a browser as HTML, parsed with the `scraper` crate.

use super::{Layout, ParseError};
use crate::scrape::diag::Diagnostics;
use crate::scrape::raw::{LayoutKind, RawDocument};

/// Parser for saved HTML doc pages.
pub struct HtmlLayout;

impl Layout for HtmlLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::Html
    }
    fn detect(&self, text: &str) -> bool {
        let head = text.trim_start().get(..200).unwrap_or(text.trim_start()).to_ascii_lowercase();
        head.starts_with("<!doctype html") || head.starts_with("<html")
    }
    fn parse(&self, file: &str, _text: &str, _diag: &mut Diagnostics) -> Result<RawDocument, ParseError> {
        Err(ParseError::new(file, 0, "html layout: not implemented yet"))
    }
}
