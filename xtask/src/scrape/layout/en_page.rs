//! The English single-operation page text (`002`): glued header cells
//! (`ParameterTypeRequiredDescriptionExample`) and glued row heads (`ProjectIdlongYes`).

use super::{Layout, ParseError};
use crate::scrape::diag::Diagnostics;
use crate::scrape::raw::{LayoutKind, RawDocument};

/// Parser for the English page layout.
pub struct EnPageLayout;

impl Layout for EnPageLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::EnPage
    }
    fn detect(&self, text: &str) -> bool {
        text.contains("ParameterTypeRequiredDescriptionExample")
            || text.contains("ParameterTypeDescriptionExample")
    }
    fn parse(&self, file: &str, _text: &str, _diag: &mut Diagnostics) -> Result<RawDocument, ParseError> {
        Err(ParseError::new(file, 0, "en-page layout: not implemented yet"))
    }
}
