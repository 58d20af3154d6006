//! Response emitter: `XResponse` and its nested types (named after the docs' type names or
//! their path in the operation's module), every member `Option<T>` with
//! `#[serde(rename = "Wire")]`, tolerant of numbers sent as strings and of a single object
//! where an array is documented; `Serialize` only with the `serialize` feature. Also the
//! generated crate's `src/de.rs`, the helpers that tolerance goes through.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{enums, types, OpCx};
use crate::naming::{self, Namespace};
use crate::spec::{EnumValue, Field, Schema, Type};

/// The response type tree for one operation: returns `XResponse`; nested structs and
/// value-set enums go to `cx.items` (each struct before the types it uses).
pub fn emit(cx: &mut OpCx<'_>) -> TokenStream {
    let op = cx.op;
    let name = cx.names.response.clone();
    let mut text = format!("The response of {}: {}", op.name, op.summary);
    if op.deprecated {
        text.push_str("\nThe operation is deprecated in the documentation.");
    }
    let mut em = Emitter {
        cx,
        shared: Vec::new(),
    };
    em.structure(&name, &text, &op.response.fields)
}

/// The Rust type of a member and how it is deserialized.
struct Member {
    ty: TokenStream,
    with: Option<&'static str>,
    /// For an array member, the element type.
    element: Option<TokenStream>,
}

/// A member of a response struct as emitted, for the emitters that generate code reading
/// responses (paginators, waiters): the struct, the wire name, the field and its type.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The struct's name (`GetDeploymentResponse`, `Deployment`, ...).
    pub parent: String,
    /// The member's wire name.
    pub wire: String,
    /// The field.
    pub field: Ident,
    /// The field's type inside its `Option` (`Vec<File>`, `Data`, `i64`, ...).
    pub ty: TokenStream,
    /// For an array member, the element type (`File`).
    pub element: Option<TokenStream>,
}

/// A field or an anonymous schema, seen the same way.
#[derive(Clone, Copy)]
struct Shape<'s> {
    ty: Type,
    type_name: Option<&'s str>,
    description: &'s str,
    enum_values: &'s [EnumValue],
    fields: &'s [Field],
    items: Option<&'s Schema>,
    values: Option<&'s Schema>,
    /// For an array element or map value: its role, the container's wire name and
    /// description (documentation for an element the docs do not describe).
    container: Option<(&'static str, &'s str, &'s str)>,
}

impl<'s> From<&'s Field> for Shape<'s> {
    fn from(f: &'s Field) -> Self {
        Shape {
            ty: f.ty,
            type_name: None,
            description: &f.description,
            enum_values: &f.enum_values,
            fields: &f.fields,
            items: f.items.as_deref(),
            values: f.values.as_deref(),
            container: None,
        }
    }
}

impl<'s> From<&'s Schema> for Shape<'s> {
    fn from(s: &'s Schema) -> Self {
        Shape {
            ty: s.ty,
            type_name: s.type_name.as_deref(),
            description: &s.description,
            enum_values: &s.enum_values,
            fields: &s.fields,
            items: s.items.as_deref(),
            values: s.values.as_deref(),
            container: None,
        }
    }
}

impl<'s> Shape<'s> {
    /// An array element's or map value's shape; without a description of its own it is
    /// described by its container's (`role` is "element" or "value").
    fn element(
        schema: &'s Schema,
        role: &'static str,
        wire: &'s str,
        container: Shape<'s>,
    ) -> Self {
        Shape {
            container: Some((role, wire, container.description)),
            ..Shape::from(schema)
        }
    }

    /// The rustdoc text of the type made for this shape.
    fn doc(&self, wire: &str) -> String {
        match self.container {
            _ if !self.description.trim().is_empty() => self.description.to_owned(),
            Some((role, of, text)) if text.trim().is_empty() => format!("One {role} of {of}."),
            Some((role, of, text)) => format!("One {role} of {of}: {text}"),
            None => format!("The {wire} member."),
        }
    }
}

/// What makes two nested types of one operation the same type: the member name they
/// hang under and their documented content.
#[derive(PartialEq)]
enum SharedKey {
    Struct(String, Vec<Field>),
    Enum(String, Type, Vec<EnumValue>),
}

struct Emitter<'c, 'a> {
    cx: &'c mut OpCx<'a>,
    /// Nested types already emitted, reused for an identical shape under the same name.
    shared: Vec<(SharedKey, Ident)>,
}

impl Emitter<'_, '_> {
    fn reuse(&self, key: &SharedKey) -> Option<Ident> {
        self.shared
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, i)| i.clone())
    }

    /// A response struct named `name` with `fields` as members.
    fn structure(&mut self, name: &Ident, doc: &str, fields: &[Field]) -> TokenStream {
        let mut names = Namespace::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut members = Vec::with_capacity(fields.len());
        for field in fields {
            if seen.contains(&field.name.as_str()) {
                continue; // a repeated documentation row: serde rejects duplicate names
            }
            seen.push(&field.name);
            let ident = naming::ident(&names.claim(&naming::field_name(&field.name)));
            let Member { ty, with, element } = self.member(name, &field.name, field.into());
            self.cx.response_members.push(Emitted {
                parent: name.to_string(),
                wire: field.name.clone(),
                field: ident.clone(),
                ty: ty.clone(),
                element,
            });
            let wire = &field.name;
            let docs = doc_attrs(&field_doc(field));
            let de = match with {
                Some(f) => {
                    let path = format!("crate::de::{f}");
                    quote! { #[serde(rename = #wire, default, deserialize_with = #path)] }
                }
                None => quote! { #[serde(rename = #wire)] },
            };
            members.push(quote! {
                #docs
                #de
                #[cfg_attr(feature = "serialize", serde(skip_serializing_if = "Option::is_none"))]
                pub #ident: Option<#ty>,
            });
        }
        let docs = doc_attrs(doc);
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
            #[non_exhaustive]
            pub struct #name {
                #(#members)*
            }
        }
    }

    /// The type of member `wire` of struct `parent`, emitting the nested types it needs.
    fn member(&mut self, parent: &Ident, wire: &str, shape: Shape<'_>) -> Member {
        let plain = |ty| Member {
            ty,
            with: None,
            element: None,
        };
        if !shape.enum_values.is_empty() && shape.ty.is_scalar() {
            let ident = self.value_set(parent, wire, shape);
            let int = enums::is_integer_set(shape.enum_values, shape.ty);
            return Member {
                ty: quote! { #ident },
                with: int.then_some("int_value_set"),
                element: None,
            };
        }
        match shape.ty {
            Type::String
            | Type::Int32
            | Type::Int64
            | Type::Float
            | Type::Double
            | Type::Boolean => Member {
                ty: types::scalar(shape.ty),
                with: Some("lenient"),
                element: None,
            },
            Type::Any => plain(types::scalar(shape.ty)),
            Type::Object if shape.fields.is_empty() => plain(types::scalar(Type::Any)),
            Type::Object => {
                let ident = self.nested(parent, wire, shape);
                plain(quote! { #ident })
            }
            Type::Map => {
                let value = match shape.values {
                    Some(v) => {
                        let hint = format!("{wire}Value");
                        self.element(parent, &hint, Shape::element(v, "value", wire, shape))
                    }
                    None => types::scalar(Type::Any),
                };
                Member {
                    ty: quote! { std::collections::BTreeMap<String, #value> },
                    with: Some("json_text"),
                    element: None,
                }
            }
            Type::Array => {
                let lenient = shape
                    .items
                    .is_some_and(|i| i.enum_values.is_empty() && i.ty.is_scalar());
                let item = match shape.items {
                    Some(i) => {
                        self.element(parent, wire, Shape::element(i, "element", wire, shape))
                    }
                    None => types::scalar(Type::Any),
                };
                Member {
                    ty: quote! { Vec<#item> },
                    with: Some(if lenient {
                        "lenient_many"
                    } else {
                        "one_or_many"
                    }),
                    element: Some(item),
                }
            }
        }
    }

    /// The type of an array element or map value (`hint` names it).
    fn element(&mut self, parent: &Ident, hint: &str, shape: Shape<'_>) -> TokenStream {
        match shape.ty {
            Type::Array => {
                let inner = match shape.items {
                    Some(i) => {
                        self.element(parent, hint, Shape::element(i, "element", hint, shape))
                    }
                    None => types::scalar(Type::Any),
                };
                quote! { Vec<#inner> }
            }
            _ => self.member(parent, hint, shape).ty,
        }
    }

    /// The struct for an object member, named from the docs' type name, the member name,
    /// or the parent's name and the member name.
    fn nested(&mut self, parent: &Ident, wire: &str, shape: Shape<'_>) -> Ident {
        let key = SharedKey::Struct(wire.to_owned(), shape.fields.to_vec());
        if let Some(ident) = self.reuse(&key) {
            return ident;
        }
        let own = naming::type_name(wire);
        let mut hints: Vec<String> = shape.type_name.map(naming::type_name).into_iter().collect();
        hints.push(own.clone());
        hints.push(format!("{parent}{own}"));
        let ident = naming::ident(&self.cx.types.claim_first(&hints));
        self.shared.push((key, ident.clone()));
        let doc = shape.doc(wire);
        let slot = self.cx.items.len();
        let tokens = self.structure(&ident, &doc, shape.fields);
        self.cx.items.insert(slot, tokens);
        ident
    }

    /// The enum for a member with a documented value set.
    fn value_set(&mut self, parent: &Ident, wire: &str, shape: Shape<'_>) -> Ident {
        let key = SharedKey::Enum(wire.to_owned(), shape.ty, shape.enum_values.to_vec());
        if let Some(ident) = self.reuse(&key) {
            return ident;
        }
        let own = naming::type_name(wire);
        let hints = [own.clone(), format!("{parent}{own}")];
        let ident = enums::emit(
            self.cx,
            &hints,
            shape.enum_values,
            shape.ty,
            &shape.doc(wire),
        );
        self.shared.push((key, ident.clone()));
        ident
    }
}

/// A member's rustdoc text: its description and example.
fn field_doc(field: &Field) -> String {
    let mut text = if field.description.trim().is_empty() {
        format!("The {} member.", field.name)
    } else {
        field.description.clone()
    };
    if let Some(example) = field.example.as_deref().filter(|e| !e.trim().is_empty()) {
        text.push_str("\nExample: ");
        text.push_str(example);
    }
    text
}

/// `src/de.rs` of the generated crate: tolerant deserializers for response members and
/// value-set enums.
pub fn de_module() -> TokenStream {
    let ints = [
        (quote!(i32), quote!(Self::try_from(v).ok())),
        (quote!(i64), quote!(Some(v))),
    ]
    .map(|(t, from_i64)| {
        quote! {
            impl Lenient for #t {
                const EXPECTED: &'static str = "an integer";
                fn from_text(s: &str) -> Option<Self> {
                    s.parse().ok()
                }
                fn from_i64(v: i64) -> Option<Self> {
                    #from_i64
                }
                fn from_u64(v: u64) -> Option<Self> {
                    Self::try_from(v).ok()
                }
                fn from_f64(v: f64) -> Option<Self> {
                    if v.fract() == 0.0 && v.abs() < 9.0e15 {
                        Self::from_i64(v as i64)
                    } else {
                        None
                    }
                }
            }
        }
    });
    let floats = [quote!(f32), quote!(f64)].map(|t| {
        quote! {
            impl Lenient for #t {
                const EXPECTED: &'static str = "a number";
                fn from_text(s: &str) -> Option<Self> {
                    s.parse().ok()
                }
                fn from_i64(v: i64) -> Option<Self> {
                    Some(v as Self)
                }
                fn from_u64(v: u64) -> Option<Self> {
                    Some(v as Self)
                }
                fn from_f64(v: f64) -> Option<Self> {
                    Some(v as Self)
                }
            }
        }
    });
    quote! {
        //! Tolerant deserialization, used by the generated response types and value-set
        //! enums. The service (and its documentation) sometimes sends numbers and booleans
        //! as strings (`"123"`, `"true"`), `null` or `""` for an absent value, and a single
        //! object where an array is documented; these helpers accept all of that.

        use std::fmt;
        use std::marker::PhantomData;

        use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Unexpected, Visitor};

        /// A scalar that may arrive as its JSON type or as text.
        pub trait Lenient: Sized {
            /// What the value should look like, for error messages.
            const EXPECTED: &'static str;
            /// From text (already trimmed, never empty).
            fn from_text(s: &str) -> Option<Self>;
            /// From a JSON string: `Some(None)` for absent (`""` or blanks), `None` for
            /// invalid, else [`Lenient::from_text`] of the trimmed text.
            fn from_wire_text(s: &str) -> Option<Option<Self>> {
                let t = s.trim();
                if t.is_empty() {
                    Some(None)
                } else {
                    Self::from_text(t).map(Some)
                }
            }
            /// From a JSON integer.
            fn from_i64(v: i64) -> Option<Self>;
            /// From a JSON unsigned integer.
            fn from_u64(v: u64) -> Option<Self>;
            /// From a JSON float.
            fn from_f64(v: f64) -> Option<Self>;
            /// From a JSON boolean.
            fn from_bool(v: bool) -> Option<Self> {
                let _ = v;
                None
            }
        }

        #(#ints)*
        #(#floats)*

        /// Text as sent (`""` included); numbers and booleans as their JSON text.
        impl Lenient for String {
            const EXPECTED: &'static str = "a string";
            fn from_text(s: &str) -> Option<Self> {
                Some(s.to_owned())
            }
            fn from_wire_text(s: &str) -> Option<Option<Self>> {
                Some(Some(s.to_owned()))
            }
            fn from_i64(v: i64) -> Option<Self> {
                Some(v.to_string())
            }
            fn from_u64(v: u64) -> Option<Self> {
                Some(v.to_string())
            }
            fn from_f64(v: f64) -> Option<Self> {
                Some(v.to_string())
            }
            fn from_bool(v: bool) -> Option<Self> {
                Some(v.to_string())
            }
        }

        impl Lenient for bool {
            const EXPECTED: &'static str = "a boolean";
            fn from_text(s: &str) -> Option<Self> {
                match s {
                    "1" => Some(true),
                    "0" => Some(false),
                    _ if s.eq_ignore_ascii_case("true") => Some(true),
                    _ if s.eq_ignore_ascii_case("false") => Some(false),
                    _ => None,
                }
            }
            fn from_i64(v: i64) -> Option<Self> {
                match v {
                    0 => Some(false),
                    1 => Some(true),
                    _ => None,
                }
            }
            fn from_u64(v: u64) -> Option<Self> {
                Self::from_i64(i64::try_from(v).ok()?)
            }
            fn from_f64(_: f64) -> Option<Self> {
                None
            }
            fn from_bool(v: bool) -> Option<Self> {
                Some(v)
            }
        }

        struct LenientVisitor<T>(PhantomData<T>);

        impl<T: Lenient> LenientVisitor<T> {
            fn or_invalid<E: de::Error>(&self, v: Option<T>, got: Unexpected<'_>) -> Result<Option<T>, E> {
                match v {
                    Some(v) => Ok(Some(v)),
                    None => Err(E::invalid_value(got, self)),
                }
            }
        }

        impl<'de, T: Lenient> Visitor<'de> for LenientVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}, or it as a string", T::EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.or_invalid(T::from_i64(v), Unexpected::Signed(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.or_invalid(T::from_u64(v), Unexpected::Unsigned(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                self.or_invalid(T::from_f64(v), Unexpected::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                self.or_invalid(T::from_bool(v), Unexpected::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::from_wire_text(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }

        /// An optional scalar member: accepts the JSON type or its text (and, for a string,
        /// a number or boolean as its text), and `null` as absent (`""` too for numbers and
        /// booleans).
        pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_any(LenientVisitor(PhantomData))
        }

        /// An array element read with [`lenient`].
        struct LenientItem<T>(Option<T>);

        impl<'de, T: Lenient> Deserialize<'de> for LenientItem<T> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                lenient(d).map(LenientItem)
            }
        }

        struct OneOrMany<T>(PhantomData<T>);

        impl<T> OneOrMany<T> {
            fn one<'de, E: de::Error, D: Deserializer<'de, Error = E>>(d: D) -> Result<Option<Vec<T>>, E>
            where
                T: Deserialize<'de>,
            {
                T::deserialize(d).map(|v| Some(vec![v]))
            }
        }

        impl<'de, T: de::DeserializeOwned> Visitor<'de> for OneOrMany<T> {
            type Value = Option<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array, a single element, or the array as JSON text")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element()? {
                    out.push(item);
                }
                Ok(Some(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Self::one(de::value::MapAccessDeserializer::new(map))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                let t = v.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                if t.starts_with('[') {
                    if let Ok(items) = serde_json::from_str(t) {
                        return Ok(Some(items));
                    }
                }
                Self::one(v.into_deserializer())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }

        /// An optional array member: accepts an array, a single element (the service and
        /// its documentation sometimes give one object where an array is documented), a
        /// string holding the array as JSON text, and `null` or `""` as absent.
        pub fn one_or_many<'de, D: Deserializer<'de>, T: de::DeserializeOwned>(
            d: D,
        ) -> Result<Option<Vec<T>>, D::Error> {
            d.deserialize_any(OneOrMany(PhantomData))
        }

        /// An optional array of scalars: [`one_or_many`] with elements read by
        /// [`lenient`]; absent elements (`null`, or `""` for numbers and booleans) are
        /// skipped.
        pub fn lenient_many<'de, D: Deserializer<'de>, T: Lenient>(
            d: D,
        ) -> Result<Option<Vec<T>>, D::Error> {
            let items: Option<Vec<LenientItem<T>>> = one_or_many(d)?;
            Ok(items.map(|v| v.into_iter().filter_map(|i| i.0).collect()))
        }

        struct JsonText<T>(PhantomData<T>);

        impl<'de, T: de::DeserializeOwned> Visitor<'de> for JsonText<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or array, or it as JSON text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.trim().is_empty() {
                    return Ok(None);
                }
                serde_json::from_str(v).map(Some).map_err(E::custom)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }

        /// An optional map member: accepts the JSON object, or a string holding it as JSON
        /// text (the service sends some documented maps that way), and `null` or `""` as
        /// absent.
        pub fn json_text<'de, D: Deserializer<'de>, T: de::DeserializeOwned>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            d.deserialize_any(JsonText(PhantomData))
        }

        /// An optional member holding an integer value-set enum: the integer read with
        /// [`lenient`] (so `null` and `""` are absent), then converted.
        pub fn int_value_set<'de, D: Deserializer<'de>, T: From<i64>>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            Ok(lenient::<D, i64>(d)?.map(T::from))
        }

        struct WireString;

        impl Visitor<'_> for WireString {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
        }

        /// The wire value of a string value-set enum: a string, or a number or boolean as
        /// its text.
        pub fn wire_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            d.deserialize_any(WireString)
        }

        /// The wire value of an integer value-set enum: an integer, or its text.
        pub fn wire_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
            match lenient::<D, i64>(d)? {
                Some(v) => Ok(v),
                None => Err(de::Error::invalid_type(Unexpected::Unit, &"an integer")),
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            type Res<T> = Result<T, serde_json::Error>;

            fn de(json: &str) -> serde_json::Deserializer<serde_json::de::StrRead<'_>> {
                serde_json::Deserializer::from_str(json)
            }

            fn scalar<T: Lenient>(json: &str) -> Res<Option<T>> {
                lenient(&mut de(json))
            }

            fn list<T: de::DeserializeOwned>(json: &str) -> Res<Option<Vec<T>>> {
                one_or_many(&mut de(json))
            }

            #[test]
            fn scalars_are_lenient() {
                assert_eq!(scalar("\"123\"").ok(), Some(Some(123i64)));
                assert_eq!(scalar("123").ok(), Some(Some(123i32)));
                assert_eq!(scalar("7.0").ok(), Some(Some(7i32)));
                assert_eq!(scalar("\"1.5\"").ok(), Some(Some(1.5f32)));
                assert_eq!(scalar("\"true\"").ok(), Some(Some(true)));
                assert_eq!(scalar("42").ok(), Some(Some(String::from("42"))));
                assert_eq!(scalar("\"\"").ok(), Some(Some(String::new())));
                let absent: Res<Option<i64>> = scalar("\"\"");
                assert_eq!(absent.ok(), Some(None));
                let null: Res<Option<f64>> = scalar("null");
                assert_eq!(null.ok(), Some(None));
                let text: Res<Option<i64>> = scalar("\"abc\"");
                assert!(text.is_err());
                let overflow: Res<Option<i32>> = scalar("3000000000");
                assert!(overflow.is_err());
            }

            #[test]
            fn arrays_accept_one_element_or_json_text() {
                let many = vec![String::from("a"), String::from("b")];
                assert_eq!(list("[\"a\", \"b\"]").ok(), Some(Some(many)));
                let one = vec![serde_json::json!({"k": 1})];
                assert_eq!(list("{\"k\": 1}").ok(), Some(Some(one)));
                let prod = vec![String::from("PROD")];
                assert_eq!(list(r#""[\"PROD\"]""#).ok(), Some(Some(prod)));
                let null: Res<Option<Vec<String>>> = list("null");
                assert_eq!(null.ok(), Some(None));
                let ints: Res<Option<Vec<i64>>> = lenient_many(&mut de("[1, \"2\", null]"));
                assert_eq!(ints.ok(), Some(Some(vec![1, 2])));
            }

            #[test]
            fn maps_accept_json_text_and_enums_text_or_numbers() {
                type Map = std::collections::BTreeMap<String, i64>;
                let map: Res<Option<Map>> = json_text(&mut de(r#""{\"a\": 1}""#));
                assert_eq!(map.ok(), Some(Some(Map::from([(String::from("a"), 1)]))));
                let blank: Res<Option<Map>> = json_text(&mut de("\"\""));
                assert_eq!(blank.ok(), Some(None));
                assert_eq!(wire_int(&mut de("\"7\"")).ok(), Some(7));
                assert_eq!(wire_string(&mut de("7")).ok(), Some(String::from("7")));
                let set: Res<Option<i64>> = int_value_set(&mut de("\"\""));
                assert_eq!(set.ok(), Some(None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Operation, Request, Response};
    use crate::spec_io::Spec;

    pub(crate) fn field(name: &str, ty: Type) -> Field {
        Field {
            description: format!("{name} 的说明。"),
            ..Field::new(name, ty)
        }
    }

    fn value(value: &str, description: &str, label: Option<&str>) -> EnumValue {
        EnumValue {
            value: value.into(),
            description: description.into(),
            label: label.map(Into::into),
        }
    }

    fn spec(fields: Vec<Field>) -> Spec {
        let service = crate::emit::test_support::service("tenant", "租户");
        let op = Operation {
            name: "GetDeployment".into(),
            category: "tenant".into(),
            qps_tier: Some(1),
            summary: "获取发布包的详情。".into(),
            description: "获取发布包的详情。".into(),
            deprecated: false,
            request: Request::default(),
            response: Response { fields },
            errors: vec![],
            examples: Default::default(),
            sources: vec![],
        };
        Spec {
            service,
            operations: vec![op],
        }
    }

    /// The response tokens and the items they need, rendered as one file.
    fn render(spec: &Spec) -> String {
        let mut cx = OpCx::new(spec, &spec.operations[0]);
        let resp = emit(&mut cx);
        let items = &cx.items;
        let tokens = quote! { #resp #(#items)* };
        super::super::format::rust_file(std::path::Path::new("x.rs"), &tokens).unwrap()
    }

    fn sample() -> Spec {
        let mut status = field("Status", Type::Int32);
        status.enum_values = vec![value("0", "就绪", None), value("1", "成功", None)];
        let mut deployment = field("Deployment", Type::Object);
        let mut create_time = field("CreateTime", Type::Int64);
        create_time.example = Some("1593877765000".into());
        deployment.fields = vec![status, create_time, field("Type", Type::String)];
        let mut item_status = field("Status", Type::Int32);
        item_status.enum_values = vec![
            value("0", "未发布", Some("UNPUBLISHED")),
            value("1", "发布成功", Some("SUCCESS")),
        ];
        let mut item = Schema::of(Type::Object);
        item.type_name = Some("DeployedItem".into());
        item.fields = vec![field("FileId", Type::Int64), item_status];
        let mut items = field("DeployedItems", Type::Array);
        items.items = Some(Box::new(item));
        let mut tags = field("Tags", Type::Array);
        tags.items = Some(Box::new(Schema::of(Type::Int32)));
        let mut extra = field("Extra", Type::Map);
        extra.values = Some(Box::new(Schema::of(Type::Any)));
        let mut data = field("Data", Type::Object);
        data.fields = vec![deployment, items, tags, extra, field("Empty", Type::Object)];
        spec(vec![
            field("RequestId", Type::String),
            field("TaskID", Type::String),
            field("TaskId", Type::Int64),
            field("Success", Type::Boolean),
            field("Ratio", Type::Float),
            data,
        ])
    }

    #[test]
    fn response_tree_has_option_members_renamed_and_nested_types() {
        let out = render(&sample());
        assert!(out.contains("/// The response of GetDeployment: 获取发布包的详情。"));
        assert!(out.contains("#[non_exhaustive]\npub struct GetDeploymentResponse {"));
        assert!(out.contains("#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]"));
        assert!(out.contains("#[cfg_attr(feature = \"serialize\", derive(serde::Serialize))]"));
        assert!(!out.contains("deny_unknown_fields"));
        assert!(out.contains(
            "#[cfg_attr(feature = \"serialize\", serde(skip_serializing_if = \"Option::is_none\"))]"
        ));
        // Wire names equal after case conversion get distinct Rust names.
        assert!(out.contains("pub task_id: Option<String>,"));
        assert!(out.contains("pub task_id2: Option<i64>,"));
        assert!(out.contains("rename = \"TaskID\""));
        assert!(out.contains("rename = \"TaskId\""));
        // Keywords become raw identifiers.
        assert!(out.contains(
            "#[serde(rename = \"Type\", default, deserialize_with = \"crate::de::lenient\")]"
        ));
        assert!(out.contains("pub r#type: Option<String>,"));
        // Scalars are lenient; floats are f32.
        assert!(out.contains("pub success: Option<bool>,"));
        assert!(out.contains("pub ratio: Option<f32>,"));
        // Nested structs: member names, docs' type names; parent first.
        assert!(out.contains("pub data: Option<Data>,"));
        assert!(out.contains("pub deployment: Option<Deployment>,"));
        assert!(out.contains("pub deployed_items: Option<Vec<DeployedItem>>,"));
        assert!(out.find("pub struct Data {") < out.find("pub struct Deployment {"));
        assert!(out.contains("/// One element of DeployedItems: DeployedItems 的说明。\n"));
        assert!(out.contains("deserialize_with = \"crate::de::one_or_many\""));
        assert!(out.contains("pub tags: Option<Vec<i32>>,"));
        assert!(out.contains("deserialize_with = \"crate::de::lenient_many\""));
        assert!(out
            .contains("pub extra: Option<std::collections::BTreeMap<String, serde_json::Value>>,"));
        assert!(out.contains("deserialize_with = \"crate::de::json_text\""));
        assert!(out.contains("pub empty: Option<serde_json::Value>,"));
        // Value sets: the member name first, then parent-prefixed.
        assert!(out.contains("pub status: Option<Status>,"));
        assert!(out.contains("deserialize_with = \"crate::de::int_value_set\""));
        assert!(out.contains("pub status: Option<DeployedItemStatus>,"));
        assert!(out.contains("pub enum DeployedItemStatus {"));
        assert!(out.contains("    Unpublished,\n"));
        // Docs and examples.
        assert!(out.contains("/// CreateTime 的说明。\n    ///\n    /// Example: 1593877765000"));
    }

    #[test]
    fn identical_nested_types_are_shared_and_other_collisions_prefixed() {
        let mut inner = field("Owner", Type::Object);
        inner.fields = vec![field("Name", Type::String)];
        let mut other = field("Owner", Type::Object);
        other.fields = vec![field("Id", Type::Int64)];
        let mut a = field("A", Type::Object);
        a.fields = vec![inner.clone()];
        let mut b = field("B", Type::Object);
        b.fields = vec![inner];
        let mut c = field("C", Type::Object);
        c.fields = vec![other];
        let out = render(&spec(vec![a, b, c]));
        assert_eq!(out.matches("pub struct Owner {").count(), 1, "{out}");
        assert!(out.contains("pub struct COwner {"));
        assert_eq!(out.matches("pub owner: Option<Owner>,").count(), 2);
        assert_eq!(out.matches("pub owner: Option<COwner>,").count(), 1);
        // The top level prefixes with the response name.
        let mut data = field("Data", Type::Object);
        data.fields = vec![field("X", Type::String)];
        let s = spec(vec![data]);
        let mut cx = OpCx::new(&s, &s.operations[0]);
        cx.types.claim("Data");
        let _ = emit(&mut cx);
        assert!(cx.items[0]
            .to_string()
            .contains("GetDeploymentResponseData"));
    }

    #[test]
    fn de_module_parses() {
        let out =
            super::super::format::rust_file(std::path::Path::new("de.rs"), &de_module()).unwrap();
        for f in [
            "lenient",
            "one_or_many",
            "lenient_many",
            "json_text",
            "int_value_set",
            "wire_string",
            "wire_int",
        ] {
            assert!(out.contains(&format!("pub fn {f}<")), "{f}");
        }
    }
}
