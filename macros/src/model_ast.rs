//! The parse layer of `#[model]` and `#[query]`: the type read into plain data
//! ([`Model`], [`Field`], [`Constraint`]) and the attribute's arguments. It validates
//! nothing: the model rules (`rules::models`) read what it builds, and `model.rs`
//! expands it.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitInt, LitStr, Meta, Token, Type};

use crate::ast::{doc_text, last_segment, single_type_arg};
use crate::attr::{self, Allow};
use crate::diag::{Diagnostics, SpanRange, span_range};
use crate::rule_id::RuleId;

pub(crate) use guidepost_core::rules::ModelKind;

/// A model as the rules see it.
#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) kind: ModelKind,
    /// How the fields are renamed, as written: a struct's `#[serde(rename_all = "…")]`,
    /// an enum's `rename_all_fields` (its `rename_all` names the variants, which are
    /// values, not attributes).
    pub(crate) rename_all: Option<LitStr>,
    /// Whether the type is an enum (its fields are its variants').
    pub(crate) is_enum: bool,
    pub(crate) fields: Vec<Field>,
    pub(crate) allows: Vec<RuleId>,
    /// The doc comment, for the schema's description.
    pub(crate) docs: String,
    /// serde's reading of the type (`wire::read`), once `#[model]` has added its renaming;
    /// `None` where serde refuses the attributes (and says why itself).
    pub(crate) shape: Option<crate::wire::Shape>,
}

impl Model {
    pub(crate) fn allows(&self, rule: RuleId) -> bool {
        self.allows.contains(&rule)
    }
}

/// One field (of the struct, or of an enum's variant).
#[derive(Debug)]
pub(crate) struct Field {
    /// `None` for a tuple field, which has no name to check.
    pub(crate) ident: Option<Ident>,
    /// The name in the JSON or the query string.
    pub(crate) name: String,
    /// `#[serde(rename = "…")]`, if written.
    pub(crate) rename: Option<LitStr>,
    pub(crate) ty: Type,
    /// `#[serde(flatten)]`: its fields are the outer object's.
    pub(crate) flatten: bool,
    /// `#[serde(skip)]`: never serialized or read.
    pub(crate) skipped: bool,
    pub(crate) constraints: Vec<Constraint>,
    /// `#[guidepost(example = …)]`: a literal, for the document.
    pub(crate) example: Option<syn::Expr>,
    /// The other names serde reads it by (`alias`), from `wire::read`.
    pub(crate) aliases: Vec<String>,
    /// `Some(true)`: only sent (`readOnly`); `Some(false)`: only read (`writeOnly`).
    pub(crate) one_way: Option<bool>,
    /// `#[guidepost(comma_separated)]`: a list query parameter that also reads `?x=a,b`.
    pub(crate) comma_separated: Option<Span>,
    /// Whether the field sits in an enum variant (constraints are not checked there).
    pub(crate) in_variant: bool,
    /// The doc comment, for the property's description.
    pub(crate) docs: String,
    /// `#[serde(default)]` or `skip_serializing_if`: the field may be absent.
    pub(crate) may_be_absent: bool,
}

impl Field {
    /// The last segment of the type, under `Option`/`Vec`/`Box`: `u64` for `Option<u64>`.
    pub(crate) fn inner_type_name(&self) -> Option<String> {
        inner_type_name(&self.ty)
    }

    /// The outermost type's last segment, under `Option`: `Vec` for `Option<Vec<Id>>`.
    pub(crate) fn container_name(&self) -> Option<String> {
        let ty = peel(&self.ty, &["Option"]);
        last_segment(ty)
    }
}

/// `#[guidepost(length(min = 1, max = 64))]`, `#[guidepost(range(min = 0, max = 100))]`.
#[derive(Debug, Clone)]
pub(crate) enum Constraint {
    Length {
        min: Option<usize>,
        max: Option<usize>,
        span: Span,
    },
    Range {
        min: Option<i128>,
        max: Option<i128>,
        span: Span,
    },
}

/// `ty` without the wrappers named in `wrappers`, outermost first.
pub(crate) fn peel<'a>(mut ty: &'a Type, wrappers: &[&str]) -> &'a Type {
    while let Some(name) = last_segment(ty) {
        match single_type_arg(ty) {
            Some(inner) if wrappers.contains(&name.as_str()) => ty = inner,
            _ => break,
        }
    }
    ty
}

pub(crate) fn inner_type_name(ty: &Type) -> Option<String> {
    last_segment(peel(ty, &["Option", "Vec", "Box", "BTreeSet", "HashSet"]))
}

/// What `#[serde(...)]` says about a container or a field.
#[derive(Default)]
pub(crate) struct SerdeAttrs {
    pub(crate) rename_all: Option<LitStr>,
    pub(crate) rename_all_fields: Option<LitStr>,
    pub(crate) rename: Option<LitStr>,
    pub(crate) flatten: bool,
    pub(crate) skip: bool,
    pub(crate) deny_unknown_fields: Option<Span>,
    /// `tag = "…"`: on a struct, serde writes the tag but cannot read it back past
    /// `deny_unknown_fields`.
    pub(crate) tag: bool,
    pub(crate) may_be_absent: bool,
}

pub(crate) fn serde_attrs(attrs: &[Attribute]) -> SerdeAttrs {
    let mut found = SerdeAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let Ok(items) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            continue;
        };
        for item in items {
            match &item {
                Meta::NameValue(pair) => {
                    let lit = match &pair.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(lit),
                            ..
                        }) => Some(lit.clone()),
                        _ => None,
                    };
                    if pair.path.is_ident("rename_all") {
                        found.rename_all = lit;
                    } else if pair.path.is_ident("tag") {
                        found.tag = true;
                    } else if pair.path.is_ident("rename_all_fields") {
                        found.rename_all_fields = lit;
                    } else if pair.path.is_ident("rename") {
                        found.rename = lit;
                    } else if pair.path.is_ident("default")
                        || pair.path.is_ident("skip_serializing_if")
                    {
                        found.may_be_absent = true;
                    }
                }
                Meta::Path(path) if path.is_ident("flatten") => found.flatten = true,
                Meta::Path(path) if path.is_ident("skip") => found.skip = true,
                Meta::Path(path) if path.is_ident("default") => found.may_be_absent = true,
                Meta::Path(path) if path.is_ident("deny_unknown_fields") => {
                    found.deny_unknown_fields = Some(path.span());
                }
                _ => {}
            }
        }
    }
    found
}

/// `#[guidepost(...)]` on a field: its constraints, whether it is comma-separated, and
/// its example, reported on error.
fn constraints(
    attrs: &[Attribute],
    diags: &mut Diagnostics,
) -> (Vec<Constraint>, Option<Span>, Option<syn::Expr>) {
    let mut found = Vec::new();
    let mut comma_separated = None;
    let mut example = None;
    for attr in attrs
        .iter()
        .filter(|attr| attr.path().is_ident("guidepost"))
    {
        let parsed = attr.parse_nested_meta(|meta| {
            let kind = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if kind == "comma_separated"
                && !meta.input.peek(syn::token::Paren)
                && !meta.input.peek(Token![=])
            {
                comma_separated = Some(meta.path.span());
                return Ok(());
            }
            if kind == "example" && meta.input.peek(Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                let literal = match &value {
                    syn::Expr::Lit(lit) => !matches!(lit.lit, syn::Lit::Verbatim(_)),
                    syn::Expr::Unary(unary) => {
                        matches!(unary.op, syn::UnOp::Neg(_))
                            && matches!(&*unary.expr, syn::Expr::Lit(_))
                    }
                    _ => false,
                };
                if literal {
                    example = Some(value);
                } else {
                    diags
                        .error_spanned(&value, "an example is a literal")
                        .help("write `example = \"backend\"`, `example = 42` or `example = true`");
                }
                return Ok(());
            }
            if kind != "length" && kind != "range" {
                let help = match attr::closest(&kind, &["length", "range", "comma_separated", "example"]) {
                    Some("example") => "write `example = \"…\"`".to_owned(),
                    Some("comma_separated") => "write `comma_separated`".to_owned(),
                    Some(best) => format!("write `{best}(min = …, max = …)`"),
                    None => "write `length(min = 1, max = 64)` for a string or a list, `range(min = 0, max = 100)` for an integer".to_owned(),
                };
                diags
                    .error(meta.path.span(), format!("unknown constraint `{kind}`"))
                    .help(help);
                // Skip its arguments, if any.
                if meta.input.peek(syn::token::Paren) {
                    let _ = meta.parse_nested_meta(|inner| {
                        if inner.input.peek(Token![=]) {
                            let _: syn::Expr = inner.value()?.parse()?;
                        }
                        Ok(())
                    });
                } else if meta.input.peek(Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                return Ok(());
            }
            let (mut min, mut max) = (None::<LitInt>, None::<LitInt>);
            meta.parse_nested_meta(|bound| {
                let slot = if bound.path.is_ident("min") {
                    &mut min
                } else if bound.path.is_ident("max") {
                    &mut max
                } else {
                    return Err(bound.error("expected `min = …` or `max = …`"));
                };
                *slot = Some(bound.value()?.parse()?);
                Ok(())
            })?;
            let span = meta.path.span();
            if min.is_none() && max.is_none() {
                diags
                    .error(span, format!("`{kind}` sets no bound"))
                    .help(format!("write `{kind}(min = …, max = …)`, or one of the two"));
                return Ok(());
            }
            let constraint = if kind == "length" {
                let parse = |lit: &Option<LitInt>| -> syn::Result<Option<usize>> {
                    lit.as_ref().map(LitInt::base10_parse).transpose()
                };
                Constraint::Length {
                    min: parse(&min)?,
                    max: parse(&max)?,
                    span,
                }
            } else {
                let parse = |lit: &Option<LitInt>| -> syn::Result<Option<i128>> {
                    lit.as_ref().map(LitInt::base10_parse).transpose()
                };
                Constraint::Range {
                    min: parse(&min)?,
                    max: parse(&max)?,
                    span,
                }
            };
            found.push(constraint);
            Ok(())
        });
        if let Err(error) = parsed {
            diags
                .syn(error)
                .help("write `#[guidepost(length(min = 1, max = 64))]` or `#[guidepost(range(min = 0, max = 100))]`");
        }
    }
    (found, comma_separated, example)
}

fn serialized_name(ident: &Ident, rename: Option<&LitStr>) -> String {
    match rename {
        Some(rename) => rename.value(),
        None => {
            let text = ident.to_string();
            let text = text.strip_prefix("r#").unwrap_or(&text);
            heck::ToLowerCamelCase::to_lower_camel_case(text)
        }
    }
}

fn field(field: &syn::Field, in_variant: bool, diags: &mut Diagnostics) -> Field {
    let serde = serde_attrs(&field.attrs);
    let name = field
        .ident
        .as_ref()
        .map(|ident| serialized_name(ident, serde.rename.as_ref()))
        .unwrap_or_default();
    let (constraints, comma_separated, example) = constraints(&field.attrs, diags);
    if in_variant && !constraints.is_empty() {
        diags
            .error(
                field.ty.span(),
                "constraints are checked on struct fields only",
            )
            .help("move the field into a struct declared with `#[guidepost::model]`");
    }
    Field {
        ident: field.ident.clone(),
        name,
        rename: serde.rename,
        ty: field.ty.clone(),
        flatten: serde.flatten,
        skipped: serde.skip,
        constraints,
        comma_separated,
        example,
        aliases: Vec::new(),
        one_way: None,
        in_variant,
        docs: doc_text(&field.attrs),
        may_be_absent: serde.may_be_absent,
    }
}

/// Reads the type; `None` when it cannot be a model at all (reported).
pub(crate) fn parse(
    kind: ModelKind,
    input: &DeriveInput,
    diags: &mut Diagnostics,
) -> Option<Model> {
    let container = serde_attrs(&input.attrs);
    if let (ModelKind::Query, Some(span)) = (kind, container.deny_unknown_fields) {
        diags
            .error(span, "a query struct cannot deny unknown fields")
            .help("remove `deny_unknown_fields`: the query string also holds `cursor`, `limit`, `sortBy`, `expand`… which other extractors read");
    }
    let mut fields = Vec::new();
    let mut is_enum = false;
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                fields.extend(named.named.iter().map(|f| field(f, false, diags)));
            }
            Fields::Unit => {}
            Fields::Unnamed(_) => {
                diags
                    .error(
                        input.ident.span(),
                        format!("`#[{}]` needs named fields", kind.attribute()),
                    )
                    .help("name each field: the names are the JSON attributes");
                return None;
            }
        },
        Data::Enum(data) if kind == ModelKind::Body => {
            for variant in &data.variants {
                fields.extend(variant.fields.iter().map(|f| field(f, true, diags)));
            }
            is_enum = true;
        }
        Data::Enum(_) | Data::Union(_) => {
            diags
                .error(
                    input.ident.span(),
                    format!("`#[{}]` goes on a struct", kind.attribute()),
                )
                .help(match kind {
                    ModelKind::Query => "declare the parameters as the fields of a struct",
                    ModelKind::Body => "declare a struct or an enum",
                });
            return None;
        }
    }
    Some(Model {
        kind,
        rename_all: if is_enum {
            container.rename_all_fields
        } else {
            container.rename_all
        },
        is_enum,
        fields,
        allows: Vec::new(),
        docs: doc_text(&input.attrs),
        shape: None,
    })
}

/// What `#[model(…)]` says besides the type itself.
#[derive(Default)]
pub(crate) struct ModelArgs {
    /// `allow(<rule>, reason = "…")`.
    pub(crate) allows: Vec<RuleId>,
    /// `ignore_unknown_fields`: an input model that lets unknown fields through.
    pub(crate) ignore_unknown_fields: bool,
}

/// `#[model(allow(<rule>, reason = "…"), ignore_unknown_fields)]`.
pub(crate) fn model_args(args: TokenStream, kind: ModelKind, diags: &mut Diagnostics) -> ModelArgs {
    let mut found = ModelArgs::default();
    if args.is_empty() {
        return found;
    }
    let items = match darling::ast::NestedMeta::parse_meta_list(args) {
        Ok(items) => items,
        Err(error) => {
            diags.syn(error);
            return found;
        }
    };
    let allowed = &mut found.allows;
    for item in items {
        let darling::ast::NestedMeta::Meta(meta) = &item else {
            diags
                .error_spanned(
                    &item,
                    format!("`#[{}]` takes only `allow(…)`", kind.attribute()),
                )
                .help("write `allow(plural_collections, reason = \"…\")`");
            continue;
        };
        if kind == ModelKind::Body
            && matches!(meta, syn::Meta::Path(path) if path.is_ident("ignore_unknown_fields"))
        {
            found.ignore_unknown_fields = true;
            continue;
        }
        if !meta.path().is_ident("allow") {
            diags
                .error_spanned(
                    meta.path(),
                    format!("`#[{}]` takes only `allow(…)`", kind.attribute()),
                )
                .help("write `allow(plural_collections, reason = \"…\")`");
            continue;
        }
        let Ok(allow) = <Allow as darling::FromMeta>::from_meta(meta) else {
            continue;
        };
        match allow.rule {
            Err(bad) => attr::report_all(&bad, diags),
            Ok((rule, span)) if !rule.is_model_rule() => {
                diags
                    .error(span, format!("rule `{rule}` is not a model rule"))
                    .help("allow it on the endpoint: `#[endpoint(…, allow(…))]`");
            }
            Ok((rule, _)) if allow.reason.is_none() => {
                diags
                    .error(allow.span, format!("`allow({rule})` gives no reason"))
                    .help(format!("write `allow({rule}, reason = \"…\")`"));
            }
            Ok((rule, _)) => allowed.push(rule),
        }
    }
    found
}

/// The span of a field's name, for errors about the name.
pub(crate) fn name_span(field: &Field) -> SpanRange {
    match (&field.rename, &field.ident) {
        (Some(rename), _) => span_range(rename),
        (None, Some(ident)) => ident.span().into(),
        (None, None) => span_range(&field.ty),
    }
}
