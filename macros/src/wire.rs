//! serde's own reading of a model: the names on the wire, what is skipped or may be
//! absent, and how an enum is represented, read by `serde_derive_internals` — the crate
//! `serde_derive` itself is built on — so that the schema and the model rules see exactly
//! what `#[derive(Serialize, Deserialize)]` will do (`rename_all` of an acronym, `HTTPS` →
//! `hTTPS`, included).
//!
//! It reads the item as it leaves `#[model]`, with the renaming `#[model]` adds already
//! written on it.

use std::ops::Range;

use proc_macro2::Span;
use serde_derive_internals::{Ctxt, Derive, ast, attr};
use syn::{DeriveInput, Ident};

use crate::ast::doc_text;

/// How an enum's variants appear on the wire (serde's four representations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tagging {
    /// `{"variant": …}`, and a unit variant as `"variant"` (serde's default).
    External,
    /// `#[serde(tag = "type")]`: `{"type": "variant", …fields}`.
    Internal { tag: String },
    /// `#[serde(tag = "t", content = "c")]`: `{"t": "variant", "c": …}`.
    Adjacent { tag: String, content: String },
    /// `#[serde(untagged)]`: the variant's content alone.
    Untagged,
}

/// The shape of a variant's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Unit,
    Newtype,
    Tuple,
    Struct,
}

/// One variant as serde writes it.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// The Rust name, for the schema's `title`.
    pub(crate) rust_name: String,
    /// The name on the wire.
    pub(crate) name: String,
    pub(crate) style: Style,
    /// Its fields, as indices into `Model::fields`.
    pub(crate) fields: Range<usize>,
    /// `#[serde(untagged)]` on the variant: its content alone, even in a tagged enum.
    pub(crate) untagged: bool,
    /// Skipped in every direction the type derives.
    pub(crate) skipped: bool,
    pub(crate) docs: String,
}

/// What the type is on the wire besides its fields.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// An object of the model's fields; with `#[serde(tag = "t")]` on the struct, the tag
    /// property and the value serde writes in it (the struct's name).
    Struct(Option<(String, String)>),
    /// `#[serde(transparent)]`: the one field's value alone.
    Transparent,
    /// `#[serde(into = "T")]` (serialized) or `from`/`try_from` (read): `T`'s shape.
    Via(syn::Type),
    Enum {
        tagging: Tagging,
        variants: Vec<Variant>,
    },
}

/// Which derives run on the type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derives {
    pub(crate) serialize: bool,
    pub(crate) deserialize: bool,
}

/// serde's reading of a type.
#[derive(Debug, Clone)]
pub(crate) struct Wire {
    pub(crate) fields: Vec<WireField>,
    pub(crate) shape: Shape,
}

/// One field as serde reads it, in the type's order (a struct's fields, or each
/// variant's in turn).
#[derive(Debug, Clone)]
pub(crate) struct WireField {
    /// The name on the wire; `None` for a tuple field.
    pub(crate) name: Option<String>,
    /// Skipped in every direction the type derives.
    pub(crate) skipped: bool,
    pub(crate) flatten: bool,
    /// `default`, `skip_serializing_if`, or skipped one way: it may be absent.
    pub(crate) may_be_absent: bool,
    /// The names it is also read by (`alias`, a `rename(deserialize = …)`).
    pub(crate) aliases: Vec<String>,
    /// Sent, never read (`skip_deserializing` on a type that derives both): `readOnly`.
    pub(crate) read_only: bool,
    /// Read, never sent (`skip_serializing`): `writeOnly`.
    pub(crate) write_only: bool,
}

/// Reads `input` as serde will: its fields and its shape. `None` when serde itself
/// refuses the attributes: `serde_derive` reports that, and the model keeps its
/// syntactic reading.
pub(crate) fn read(input: &DeriveInput, derives: Derives) -> Option<Wire> {
    let cx = Ctxt::new();
    let private = Ident::new("__private", Span::call_site());
    // The direction whose names the schema shows: what is sent, for a model that is sent.
    let derive = if derives.serialize {
        Derive::Serialize
    } else {
        Derive::Deserialize
    };
    let container = ast::Container::from_ast(&cx, input, derive, &private);
    let refused = cx.check().is_err();
    let container = container.filter(|_| !refused)?;
    let name = |name: &serde_derive_internals::name::MultiName| {
        if derives.serialize {
            name.serialize_name().value.clone()
        } else {
            name.deserialize_name().value.clone()
        }
    };
    let skipped = |ser: bool, de: bool| {
        (!derives.serialize || ser) && (!derives.deserialize || de) && (ser || de)
    };
    let fields = container
        .data
        .all_fields()
        .map(|field| {
            let attrs = &field.attrs;
            WireField {
                name: matches!(field.member, syn::Member::Named(_)).then(|| name(attrs.name())),
                skipped: skipped(attrs.skip_serializing(), attrs.skip_deserializing()),
                flatten: attrs.flatten(),
                read_only: derives.serialize
                    && derives.deserialize
                    && attrs.skip_deserializing()
                    && !attrs.skip_serializing(),
                write_only: derives.serialize
                    && derives.deserialize
                    && attrs.skip_serializing()
                    && !attrs.skip_deserializing(),
                aliases: attrs
                    .aliases()
                    .iter()
                    .map(|alias| alias.value.clone())
                    .collect(),
                may_be_absent: attrs.skip_serializing_if().is_some()
                    || !matches!(attrs.default(), attr::Default::None)
                    || !matches!(container.attrs.default(), attr::Default::None)
                    || attrs.skip_serializing()
                    || attrs.skip_deserializing(),
            }
        })
        .collect();
    let via = if derives.serialize {
        container.attrs.type_into()
    } else {
        container
            .attrs
            .type_from()
            .or(container.attrs.type_try_from())
    };
    if let Some(via) = via {
        return Some(Wire {
            fields,
            shape: Shape::Via(via.clone()),
        });
    }
    let ast::Data::Enum(variants) = &container.data else {
        let shape = if container.attrs.transparent() {
            Shape::Transparent
        } else {
            let tag = match container.attrs.tag() {
                attr::TagType::Internal { tag } => {
                    Some((tag.clone(), name(container.attrs.name())))
                }
                _ => None,
            };
            Shape::Struct(tag)
        };
        return Some(Wire { fields, shape });
    };
    let tagging = match container.attrs.tag() {
        attr::TagType::External => Tagging::External,
        attr::TagType::Internal { tag } => Tagging::Internal { tag: tag.clone() },
        attr::TagType::Adjacent { tag, content } => Tagging::Adjacent {
            tag: tag.clone(),
            content: content.clone(),
        },
        attr::TagType::None => Tagging::Untagged,
    };
    let mut start = 0;
    let variants = variants
        .iter()
        .map(|variant| {
            let fields = start..start + variant.fields.len();
            start = fields.end;
            Variant {
                rust_name: variant.ident.to_string(),
                name: name(variant.attrs.name()),
                style: match variant.style {
                    ast::Style::Unit => Style::Unit,
                    ast::Style::Newtype => Style::Newtype,
                    ast::Style::Tuple => Style::Tuple,
                    ast::Style::Struct => Style::Struct,
                },
                fields,
                untagged: variant.attrs.untagged(),
                skipped: skipped(
                    variant.attrs.skip_serializing(),
                    variant.attrs.skip_deserializing(),
                ),
                docs: doc_text(&variant.original.attrs),
            }
        })
        .collect();
    Some(Wire {
        fields,
        shape: Shape::Enum { tagging, variants },
    })
}

/// The wire names of an enum whose variants are all units, tagged externally: a string
/// schema's `enum`.
pub(crate) fn unit_names(shape: &Shape) -> Option<Vec<String>> {
    let Shape::Enum {
        tagging: Tagging::External,
        variants,
    } = shape
    else {
        return None;
    };
    let present: Vec<&Variant> = variants.iter().filter(|variant| !variant.skipped).collect();
    present
        .iter()
        .all(|variant| variant.style == Style::Unit && !variant.untagged)
        .then(|| present.iter().map(|variant| variant.name.clone()).collect())
}
