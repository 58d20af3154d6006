//! The zh-CN single-operation page text (`000`, `001`): `名称 类型 是否必选 示例值 描述`
//! tables whose rows are `Name Type [Example]` followed by description paragraphs.

use super::{Layout, ParseError};
use crate::scrape::diag::Diagnostics;
use crate::scrape::raw::{LayoutKind, RawDocument};

/// Parser for the zh-CN page layout.
pub struct ZhPageLayout;

impl Layout for ZhPageLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::ZhPage
    }
    fn detect(&self, text: &str) -> bool {
        text.contains("请求参数") && text.contains("示例值")
    }
    fn parse(&self, file: &str, _text: &str, _diag: &mut Diagnostics) -> Result<RawDocument, ParseError> {
        Err(ParseError::new(file, 0, "zh-page layout: not implemented yet"))
    }
}
