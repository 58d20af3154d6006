//! Type cells: the documents' printed types (`Long`, `Array of DeployedItem`,
//! `array<object>`, `List`, ...) read into the spec's [`Type`]s.
//!
//! Reading is case-insensitive and tolerant of the spacing damage the PDF dump
//! shows (`Array  of  X`, `Arrayof X`, `Array of CalcEngine s`). Anything not
//! recognised gives `None`; the caller reports it (`WarningKind::UnknownType`)
//! and falls back to `any`.

use dwgen_spec::Type;

/// A printed type, read: the spec type, the element type for arrays, and the
/// docs' name for the shape where they give one (`Array of DeployedItem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocType {
    /// The spec type.
    pub ty: Type,
    /// For `array`: the element type; `None` where the docs print a bare
    /// `List`/`Array` (the example, if any, decides; else `any`).
    pub items: Option<Box<DocType>>,
    /// The docs' name for an object shape (`DeployedItem` from
    /// `Array of DeployedItem`), where one is given.
    pub type_name: Option<String>,
}

impl DocType {
    /// A plain type with no element and no name.
    pub fn of(ty: Type) -> Self {
        DocType {
            ty,
            items: None,
            type_name: None,
        }
    }

    /// An array of the given element type.
    pub fn array_of(item: DocType) -> Self {
        DocType {
            ty: Type::Array,
            items: Some(Box::new(item)),
            type_name: None,
        }
    }

    /// An object shape with the docs' name for it.
    pub fn named_object(name: &str) -> Self {
        DocType {
            ty: Type::Object,
            items: None,
            type_name: Some(name.to_owned()),
        }
    }

    /// Whether this is an array whose elements are objects (rows describing the
    /// element's members follow it).
    pub fn is_array_of_objects(&self) -> bool {
        self.ty == Type::Array && self.items.as_ref().is_some_and(|i| i.ty == Type::Object)
    }
}

/// Reads a printed type cell. Returns `None` for text that is not a type the
/// scraper knows (empty cells, garbage, unknown words).
///
/// * `Integer`/`int`/`int32` → `int32`, `Long`/`int64` → `int64`, `String`,
///   `Boolean`/`bool`, `Float`, `Double`;
/// * `Object`/`Struct` → `object`, `Map` (also `map<k, v>`) → `map`,
///   `JSON`/`any` → `any`;
/// * `Array of X`, `array<X>`, `List<X>`, `List of X` → `array` of `X`, where a
///   non-primitive `X` is an object shape named `X`;
/// * bare `List`/`Array` → `array` with an unknown element.
pub fn parse_type(text: &str) -> Option<DocType> {
    parse_depth(text, 0)
}

/// Recursion guard for pathological nesting (`Array of Array of ...`).
const MAX_DEPTH: usize = 8;

fn parse_depth(text: &str, depth: usize) -> Option<DocType> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // Compact form: lower-case, no whitespace at all.
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(ty) = primitive(&compact) {
        return Some(ty);
    }
    // Generic forms: array<X>, list<X>, map<K, V>.
    if let Some(inner) = generic_inner(text, "array").or_else(|| generic_inner(text, "list")) {
        return element(inner, depth).map(DocType::array_of);
    }
    if generic_inner(text, "map").is_some() {
        return Some(DocType::of(Type::Map));
    }
    // `Array of X` / `Arrayof X` / `List of X`.
    for head in ["array", "list"] {
        if let Some(rest) = strip_prefix_ci(text, head) {
            let rest = rest.trim_start();
            if let Some(elem) = strip_prefix_ci(rest, "of") {
                if elem.trim().is_empty() {
                    return Some(DocType::of(Type::Array));
                }
                return element(elem, depth).map(DocType::array_of);
            }
        }
    }
    None
}

/// The primitive (non-generic) spellings, on compacted lower-case text.
fn primitive(compact: &str) -> Option<DocType> {
    let ty = match compact {
        "string" | "str" => Type::String,
        "integer" | "int" | "int32" => Type::Int32,
        "long" | "int64" => Type::Int64,
        "boolean" | "bool" => Type::Boolean,
        "float" => Type::Float,
        "double" => Type::Double,
        "object" | "struct" => Type::Object,
        "map" => Type::Map,
        "json" | "any" => Type::Any,
        "list" | "array" => Type::Array,
        _ => return None,
    };
    Some(DocType::of(ty))
}

/// Reads an array's element text: a type (recursively) or a shape name.
fn element(text: &str, depth: usize) -> Option<DocType> {
    let text = text.trim();
    if let Some(t) = parse_depth(text, depth + 1) {
        return Some(t);
    }
    // A shape name, possibly split by PDF damage (`CalcEngine s`).
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if is_shape_name(&joined) {
        if let Some(t) = primitive(&joined.to_lowercase()) {
            return Some(t);
        }
        return Some(DocType::named_object(&joined));
    }
    None
}

/// Whether `s` looks like a shape name (`DeployedItem`, `Data`, `EntityDto`).
fn is_shape_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// For `head<inner>` (any case, any spacing), the inner text.
fn generic_inner<'a>(text: &'a str, head: &str) -> Option<&'a str> {
    let rest = strip_prefix_ci(text, head)?.trim_start();
    let rest = rest.strip_prefix('<')?;
    let rest = rest.trim_end().strip_suffix('>')?;
    Some(rest)
}

/// `text` without a leading `prefix` (ASCII, case-insensitive).
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        parse_type(text).map(|d| d.ty).unwrap_or(Type::Any)
    }

    fn item(text: &str) -> Option<DocType> {
        parse_type(text).and_then(|d| d.items.map(|b| *b))
    }

    #[test]
    fn primitives() {
        assert_eq!(ty("Integer"), Type::Int32);
        assert_eq!(ty("integer"), Type::Int32);
        assert_eq!(ty("int32"), Type::Int32);
        assert_eq!(ty("Long"), Type::Int64);
        assert_eq!(ty("long"), Type::Int64);
        assert_eq!(ty("int64"), Type::Int64);
        assert_eq!(ty("String"), Type::String);
        assert_eq!(ty(" string "), Type::String);
        assert_eq!(ty("Boolean"), Type::Boolean);
        assert_eq!(ty("boolean"), Type::Boolean);
        assert_eq!(ty("Float"), Type::Float);
        assert_eq!(ty("Double"), Type::Double);
        assert_eq!(ty("Object"), Type::Object);
        assert_eq!(ty("Struct"), Type::Object);
        assert_eq!(ty("object"), Type::Object);
        assert_eq!(ty("Map"), Type::Map);
        assert_eq!(ty("JSON"), Type::Any);
        assert_eq!(ty("any"), Type::Any);
        assert_eq!(parse_type("Long"), Some(DocType::of(Type::Int64)));
    }

    #[test]
    fn bare_list_and_array_have_unknown_element() {
        for t in ["List", "Array", "list", "ARRAY", "Array of"] {
            let d = parse_type(t).expect(t);
            assert_eq!(d.ty, Type::Array, "{t}");
            assert!(d.items.is_none(), "{t}");
        }
    }

    #[test]
    fn array_of_primitive() {
        assert_eq!(item("Array of String"), Some(DocType::of(Type::String)));
        assert_eq!(item("Array of Integer"), Some(DocType::of(Type::Int32)));
        assert_eq!(item("Array of Long"), Some(DocType::of(Type::Int64)));
        assert_eq!(item("Array  of  String"), Some(DocType::of(Type::String)));
        assert_eq!(item("Arrayof String"), Some(DocType::of(Type::String)));
        assert_eq!(item("array of string"), Some(DocType::of(Type::String)));
        assert_eq!(item("Array of Object"), Some(DocType::of(Type::Object)));
    }

    #[test]
    fn array_of_named_shape() {
        let d = parse_type("Array of DeployedItem").unwrap();
        assert_eq!(d.ty, Type::Array);
        assert!(d.is_array_of_objects());
        assert_eq!(
            item("Array of DeployedItem"),
            Some(DocType::named_object("DeployedItem"))
        );
        // PDF damage inside the shape name.
        assert_eq!(
            item("Array of CalcEngine s"),
            Some(DocType::named_object("CalcEngines"))
        );
        assert_eq!(
            item("Array of\nCalcEngines"),
            Some(DocType::named_object("CalcEngines"))
        );
    }

    #[test]
    fn generic_arrays() {
        let d = parse_type("array<object>").unwrap();
        assert!(d.is_array_of_objects());
        assert_eq!(d.items.as_deref().and_then(|i| i.type_name.clone()), None);
        assert_eq!(item("array<string>"), Some(DocType::of(Type::String)));
        assert_eq!(item("Array< Integer >"), Some(DocType::of(Type::Int32)));
        assert_eq!(item("List<Long>"), Some(DocType::of(Type::Int64)));
        let nested = parse_type("array<array<string>>").unwrap();
        assert_eq!(nested.items.as_deref().map(|i| i.ty), Some(Type::Array));
        assert_eq!(ty("map<string, string>"), Type::Map);
    }

    #[test]
    fn unknown_is_none() {
        for t in [
            "",
            "  ",
            "Strin g x",
            "是",
            "Array of 字符串",
            "array<",
            "<>",
            "Arr",
            "文本",
        ] {
            assert_eq!(parse_type(t), None, "{t:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "a",
            "ar",
            "ä",
            "Arrayö",
            "array<ö>",
            "list<",
            "of",
            "Array of of of",
        ] {
            let _ = parse_type(t);
        }
        let deep = "array<".repeat(50) + &">".repeat(50);
        assert_eq!(parse_type(&deep), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic(s in "\\PC{0,40}") {
            let _ = parse_type(&s);
        }
    }
}
