//! `#[model]` and `#[query]`: the entry point. Parse the type (`model_ast`), run the model
//! rules (`rules::models`), and emit the type (with camelCase renaming added) and its
//! `ModelField`/`ApiModel` or `QueryModel` impls. The impls are emitted even when a rule
//! fails, so code that uses the type reports no second error.
//!
//! What the type checker must see through (aliases, nested types) is a bound on each
//! field's type, spanned at it: `ModelField` (`no_floats`) and `StringId` (`string_ids`).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::{Attribute, Data, DeriveInput, Fields, Ident};

use crate::ast::last_segment;
use crate::diag::{Diagnostics, span_range};
pub(crate) use crate::model_ast::ModelKind;
use crate::model_ast::{Constraint, Field, Model, model_args, parse, peel, serde_attrs};
use crate::rule_id::RuleId;
use crate::rules;
use crate::wire::{self, Shape, Style, Tagging, Variant};

pub(crate) fn expand(kind: ModelKind, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut diags = Diagnostics::for_item(kind.attribute());
    let mut input: DeriveInput = match syn::parse2(item.clone()) {
        Ok(input) => input,
        Err(error) => {
            diags
                .syn(error)
                .help(format!("`#[{}]` goes on a struct", kind.attribute()));
            let errors = diags.into_compile_errors();
            return quote!(#item #errors);
        }
    };
    let args = model_args(args, kind, &mut diags);
    let Some(mut model) = parse(kind, &input, &mut diags) else {
        let errors = diags.into_compile_errors();
        return quote!(#item #errors);
    };
    model.allows = args.allows;
    if !derives_serde(&input.attrs) {
        diags
            .error(
                input.ident.span(),
                format!(
                    "`#[{}]` sees no `#[derive(Serialize)]` or `#[derive(Deserialize)]` below it",
                    kind.attribute()
                ),
            )
            .help(format!(
                "write `#[{}]` above the serde derives: a derive written above it has already run, without the camelCase renaming",
                kind.attribute()
            ));
    }
    strip_constraints(&mut input);
    if model.kind == ModelKind::Query {
        read_commas(&model, &mut input);
    }
    for span in misplaced_commas(&model) {
        diags
            .error(span, "`comma_separated` is for a list query parameter")
            .help("put it on a `Vec<T>` or `Option<Vec<T>>` field of a `#[query]` struct");
    }
    let written = serde_attrs(&input.attrs);
    if written.rename_all.is_none() {
        input
            .attrs
            .push(syn::parse_quote!(#[serde(rename_all = "camelCase")]));
    }
    if matches!(input.data, Data::Enum(_)) && written.rename_all_fields.is_none() {
        // A struct variant's fields are attributes too: camelCase, like a struct's.
        input
            .attrs
            .push(syn::parse_quote!(#[serde(rename_all_fields = "camelCase")]));
    }
    if refuses_unknown_fields(&model, &input, args.ignore_unknown_fields) {
        input
            .attrs
            .push(syn::parse_quote!(#[serde(deny_unknown_fields)]));
    }
    let directions = wire::Derives {
        serialize: kind == ModelKind::Body && derives(&input.attrs, &["Serialize"]),
        deserialize: derives(&input.attrs, &["Deserialize"]),
    };
    if let Some(wire) =
        wire::read(&input, directions).filter(|wire| wire.fields.len() == model.fields.len())
    {
        for (field, wire) in model.fields.iter_mut().zip(wire.fields) {
            if let Some(name) = wire.name {
                field.name = name;
            }
            field.skipped = wire.skipped;
            field.flatten = wire.flatten;
            field.may_be_absent = wire.may_be_absent;
            field.aliases = wire.aliases;
            field.one_way = if wire.read_only {
                Some(true)
            } else if wire.write_only {
                Some(false)
            } else {
                None
            };
        }
        model.shape = Some(wire.shape);
    }
    rules::models::validate(&model, &mut diags);
    if model.kind == ModelKind::Body && derives(&input.attrs, &["Deserialize"]) {
        bound_lists_while_parsing(&model, &mut input);
    }
    let impls = impls(&model, &input);
    let errors = diags.into_compile_errors();
    quote! {
        #input
        #impls
        #errors
    }
}

/// Whether a serde derive is still to run on the item, after this macro.
fn derives_serde(attrs: &[Attribute]) -> bool {
    derives(attrs, &["Serialize", "Deserialize"])
}

/// Whether a `#[derive(…)]` below names one of `traits`.
fn derives(attrs: &[Attribute], traits: &[&str]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .any(|attr| {
            attr.meta
                .to_token_stream()
                .into_iter()
                .any(|token| match token {
                    proc_macro2::TokenTree::Group(group) => {
                        group.stream().into_iter().any(|token| {
                            matches!(&token, proc_macro2::TokenTree::Ident(ident)
                                if traits.iter().any(|name| ident == name))
                        })
                    }
                    _ => false,
                })
        })
}

/// A `Vec` (or `Option<Vec>`) field with `length(max = N)` is read through
/// `bounded_seq::<N>`, which refuses element `N + 1` without keeping it, unless the field
/// already has a `deserialize_with` or `with` of its own.
fn bound_lists_while_parsing(model: &Model, input: &mut DeriveInput) {
    let Data::Struct(data) = &mut input.data else {
        return;
    };
    for field in &mut data.fields {
        let Some(max) = model
            .fields
            .iter()
            .filter(|known| !known.in_variant && known.ident == field.ident)
            .flat_map(|known| &known.constraints)
            .find_map(|constraint| match constraint {
                Constraint::Length { max, .. } => *max,
                Constraint::Range { .. } => None,
            })
        else {
            continue;
        };
        let custom = field.attrs.iter().any(|attr| {
            attr.path().is_ident("serde") && {
                let text = attr.meta.to_token_stream().to_string();
                text.contains("deserialize_with") || text.contains("with =")
            }
        });
        if custom {
            continue;
        }
        let outer = last_segment(&field.ty);
        let inner = last_segment(peel(&field.ty, &["Option"]));
        let function = match (outer.as_deref(), inner.as_deref()) {
            (Some("Vec"), _) => "bounded_seq",
            (Some("Option"), Some("Vec")) => "bounded_optional_seq",
            _ => continue,
        };
        let path = format!("::guidepost::__private::{function}::<_, _, {max}>");
        field
            .attrs
            .push(syn::parse_quote!(#[serde(deserialize_with = #path)]));
        if function == "bounded_optional_seq" && !serde_attrs(&field.attrs).may_be_absent {
            // `deserialize_with` makes serde require the field; absent stays `None`.
            field.attrs.push(syn::parse_quote!(#[serde(default)]));
        }
    }
}

/// Types whose `ModelField::validate_at` is the provided one, which checks nothing:
/// `String`, `bool`, `char` and the integers, alone or in `Option`, `Vec`, `Box` or
/// `BTreeSet`. A model's `validate` calls nothing for such a field (its type is still
/// checked to be a `ModelField`, by the assertion at the field). Read by name, as
/// serde_derive reads `Option` and `Cow`, and so only the standard library's names: a
/// type of your own called `Id` or `Slug` may carry constraints of its own and is
/// validated.
fn is_plain(ty: &syn::Type) -> bool {
    const PLAIN: &[&str] = &[
        "String", "bool", "char", "i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64",
        "usize",
    ];
    let leaf = peel(ty, &["Option", "Vec", "Box", "BTreeSet"]);
    let syn::Type::Path(path) = leaf else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .segments
            .iter()
            .all(|segment| segment.arguments.is_none())
        && path
            .path
            .segments
            .last()
            .is_some_and(|segment| PLAIN.iter().any(|name| segment.ident == name))
}

/// Whether a field is a list: `Vec<T>` or `Option<Vec<T>>`.
fn is_list(field: &Field) -> bool {
    field.container_name().as_deref() == Some("Vec")
}

/// `#[guidepost(comma_separated)]` written where it means nothing.
fn misplaced_commas(model: &Model) -> Vec<proc_macro2::Span> {
    model
        .fields
        .iter()
        .filter(|field| model.kind != ModelKind::Query || !is_list(field))
        .filter_map(|field| field.comma_separated)
        .collect()
}

/// A `#[guidepost(comma_separated)]` list of a query struct reads `?x=a,b` as well as
/// `?x=a&x=b`, through `comma_separated`.
fn read_commas(model: &Model, input: &mut DeriveInput) {
    let Data::Struct(data) = &mut input.data else {
        return;
    };
    for field in &mut data.fields {
        let Some(known) = model
            .fields
            .iter()
            .find(|known| known.ident == field.ident && known.comma_separated.is_some())
            .filter(|known| is_list(known))
        else {
            continue;
        };
        let optional = last_segment(&known.ty).as_deref() == Some("Option");
        let function = if optional {
            "::guidepost::__private::comma_separated_optional"
        } else {
            "::guidepost::__private::comma_separated"
        };
        field
            .attrs
            .push(syn::parse_quote!(#[serde(deserialize_with = #function)]));
        if optional && !serde_attrs(&field.attrs).may_be_absent {
            // `deserialize_with` makes serde require the field; absent stays `None`.
            field.attrs.push(syn::parse_quote!(#[serde(default)]));
        }
    }
}

/// Whether `#[model]` adds `deny_unknown_fields`: an input struct with named fields (or an
/// enum with struct variants) refuses a field it does not know (a misspelt `"nmae"` in a `PUT` is a 422 naming it,
/// not a silent no-op), unless it says `ignore_unknown_fields`, already denies them, or
/// flattens a field (serde cannot combine the two).
fn refuses_unknown_fields(model: &Model, input: &DeriveInput, ignore: bool) -> bool {
    // A struct with named fields, or an enum with a struct variant (serde applies the
    // container's refusal to its variants' fields).
    let named = match &input.data {
        // A tagged struct's tag would be an unknown field to its own reading.
        Data::Struct(data) => {
            matches!(data.fields, Fields::Named(_)) && !serde_attrs(&input.attrs).tag
        }
        Data::Enum(data) => data
            .variants
            .iter()
            .any(|variant| matches!(variant.fields, Fields::Named(_))),
        Data::Union(_) => false,
    };
    model.kind == ModelKind::Body
        && named
        && !ignore
        && derives(&input.attrs, &["Deserialize"])
        && serde_attrs(&input.attrs).deny_unknown_fields.is_none()
        && !model.fields.iter().any(|field| field.flatten)
}

/// `#[guidepost(...)]` is this macro's; the compiler would not know it.
fn strip_constraints(input: &mut DeriveInput) {
    let strip = |fields: &mut Fields| {
        for field in fields.iter_mut() {
            field
                .attrs
                .retain(|attr| !attr.path().is_ident("guidepost"));
        }
    };
    match &mut input.data {
        Data::Struct(data) => strip(&mut data.fields),
        Data::Enum(data) => {
            for variant in &mut data.variants {
                strip(&mut variant.fields);
            }
        }
        Data::Union(_) => {}
    }
}

fn impls(model: &Model, input: &DeriveInput) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut bounds: Vec<TokenStream> = where_clause
        .map(|clause| {
            clause
                .predicates
                .iter()
                .map(ToTokens::to_token_stream)
                .collect()
        })
        .unwrap_or_default();
    // Allowing `no_floats` drops the field checks, and with them nested validation.
    let bounded = !model.allows(RuleId::NoFloats);
    if bounded {
        for param in input.generics.type_params() {
            let param = &param.ident;
            bounds.push(quote!(#param: ::guidepost::ModelField));
        }
    }
    // Each field type is checked where the field is written, once: by the call that
    // validates it (struct fields of a body), else by an assertion. No bound on the
    // impls, so a float fails at its own model and not again at every model holding it.
    let mut checks = Vec::new();
    let mut asserts = Vec::new();
    for field in model.fields.iter().filter(|field| !field.skipped) {
        let ty = &field.ty;
        let span = span_range(ty).start;
        if rules::models::wants_string_id_bound(model, field) {
            asserts.push(quote_spanned!(span=> ::guidepost::rules::string_id::<#ty>();));
        }
        let validated =
            model.kind == ModelKind::Body && !field.in_variant && bounded && !is_plain(ty);
        if bounded {
            asserts.push(quote_spanned!(span=> ::guidepost::rules::model_field::<#ty>();));
        }
        let (Some(ident), false) = (&field.ident, field.in_variant) else {
            continue;
        };
        let path = if field.flatten {
            ""
        } else {
            field.name.as_str()
        };
        for constraint in &field.constraints {
            checks.push(constraint_check(constraint, ident, path));
        }
        if validated {
            checks.push(quote! {
                (&::guidepost::__private::Field::<#ty>::new()).validate_of(&self.#ident, #path)?;
            });
        } else if model.kind == ModelKind::Body && bounded && field.constraints.is_empty() {
            // Read, as the validation used to read it: a plain field the handler never
            // reads warns no more than it did before plain fields went unvalidated.
            checks.push(quote!(let _ = &self.#ident;));
        }
    }
    let assertions = (!asserts.is_empty()).then(|| {
        quote! {
            const _: () = {
                #[allow(dead_code)]
                fn __guidepost_field_types #impl_generics () where #(#bounds,)* {
                    #(#asserts)*
                }
            };
        }
    });
    let result = quote!(::core::result::Result<(), ::guidepost::ApiError>);
    let schema_fn = schema_fn(model, name, bounded);
    let example_fn = example_fn(model, bounded);
    let schema_name = name.to_string();
    match model.kind {
        ModelKind::Body => quote! {
            #assertions

            #[automatically_derived]
            impl #impl_generics ::guidepost::ModelField for #name #ty_generics
            where #(#bounds,)*
            {
                fn validate_at(&self, path: &str) -> #result {
                    ::guidepost::ApiModel::validate(self)
                        .map_err(|error| ::guidepost::__private::nest(error, path))
                }

                #schema_fn

                #example_fn
            }

            #[automatically_derived]
            impl #impl_generics ::guidepost::__private::utoipa::PartialSchema for #name #ty_generics
            where #(#bounds,)*
            {
                fn schema() -> ::guidepost::__private::utoipa::openapi::RefOr<::guidepost::__private::utoipa::openapi::schema::Schema> {
                    ::guidepost::__private::inline_schema::<Self>(#schema_name)
                }
            }

            #[automatically_derived]
            impl #impl_generics ::guidepost::__private::utoipa::ToSchema for #name #ty_generics
            where #(#bounds,)*
            {
                fn name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#schema_name)
                }

                fn schemas(
                    schemas: &mut ::std::vec::Vec<(
                        ::std::string::String,
                        ::guidepost::__private::utoipa::openapi::RefOr<::guidepost::__private::utoipa::openapi::schema::Schema>,
                    )>,
                ) {
                    ::guidepost::__private::referenced_schemas::<Self>(#schema_name, schemas)
                }
            }

            #[automatically_derived]
            impl #impl_generics ::guidepost::ApiModel for #name #ty_generics
            where #(#bounds,)*
            {
                fn validate(&self) -> #result {
                    #[allow(unused_imports)]
                    use ::guidepost::__private::{KnownField as _, UnknownField as _};
                    #(#checks)*
                    ::core::result::Result::Ok(())
                }
            }
        },
        ModelKind::Query => quote! {
            #assertions

            #[automatically_derived]
            impl #impl_generics ::guidepost::QueryModel for #name #ty_generics
            where #(#bounds,)*
            {
                #schema_fn

                fn validate(&self) -> #result {
                    #(#checks)*
                    ::core::result::Result::Ok(())
                }
            }
        },
    }
}

/// A field as data for the runtime (`FieldModel`): its wire name, doc comment, its
/// type's `ModelField` functions (one probe: a type that is not a `ModelField`, already
/// reported at the field, or a model allowing `no_floats`, stands for any value), and
/// what the field declares.
fn field_model(field: &Field, query: bool, bounded: bool) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let ty = &field.ty;
    let (name, docs) = (&field.name, &field.docs);
    let field_type = if bounded {
        quote!((&#private::Field::<#ty>::new()).field_type())
    } else {
        quote!(#private::FieldType::unknown())
    };
    let mut model = quote!(#private::FieldModel::new(#name, #docs, #field_type));
    for constraint in &field.constraints {
        model = match constraint {
            Constraint::Length { min, max, .. } => {
                let (min, max) = (optional(*min), optional(*max));
                quote!(#model.length(#min, #max))
            }
            Constraint::Range { min, max, .. } => {
                let (min, max) = (optional(*min), optional(*max));
                quote!(#model.range(#min, #max))
            }
        };
    }
    if let Some(read_only) = field.one_way {
        model = quote!(#model.one_way(#read_only));
    }
    match &field.example {
        // One item of a list.
        Some(example) if is_list(field) => {
            model = quote!(#model.example(::std::vec![#example]));
        }
        Some(example) => model = quote!(#model.example(#example)),
        None => {}
    }
    if field.flatten {
        model = quote!(#model.flatten());
    }
    if field.may_be_absent {
        model = quote!(#model.may_be_absent());
    }
    if query && is_list(field) {
        let commas = field.comma_separated.is_some();
        model = quote!(#model.list(#commas));
    }
    model
}

/// A field's schema: its type's, with its constraints and its doc comment.
fn field_schema(field: &Field, bounded: bool) -> TokenStream {
    let model = field_model(field, false, bounded);
    quote!(#model.schema(schemas))
}

/// A field's example: its `#[guidepost(example = …)]` (one item, for a list), or its
/// type's own, kept only if it holds the field's constraints.
fn field_example(field: &Field) -> TokenStream {
    let model = field_model(field, false, true);
    quote!(#model.example_value())
}

/// `ModelField::example`: an object of the fields' examples (none if a field the model
/// must hold has none), the first value of a unit-only enum, the one field of a
/// transparent model. Data-carrying enums have none.
fn example_fn(model: &Model, bounded: bool) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let none = quote!(::core::option::Option::None);
    let fields: Vec<&Field> = model
        .fields
        .iter()
        .filter(|field| !field.skipped && !field.in_variant && field.ident.is_some())
        .collect();
    let body = match &model.shape {
        // A struct's example is `ModelField::example`'s, from its `StructModel`.
        Some(Shape::Struct(_)) => return TokenStream::new(),
        _ if !bounded => {
            return quote! {
                fn example() -> ::core::option::Option<#private::serde_json::Value> {
                    #none
                }
            };
        }
        Some(Shape::Transparent) => fields
            .iter()
            .find(|field| !field.flatten)
            .map_or(none, |field| field_example(field)),
        Some(Shape::Via(ty)) => quote!((&#private::Field::<#ty>::new()).field_type().example()),
        Some(shape @ Shape::Enum { .. }) => match wire::unit_names(shape) {
            Some(names) if !names.is_empty() => {
                let first = &names[0];
                quote!(::core::option::Option::Some(#private::example_value(#first)))
            }
            _ => none,
        },
        None => none,
    };
    quote! {
        fn example() -> ::core::option::Option<#private::serde_json::Value> {
            #[allow(unused_imports)]
            use ::guidepost::__private::{KnownField as _, UnknownField as _};
            let _building = #private::ExampleGuard::enter(::core::any::type_name::<Self>())?;
            #body
        }
    }
}

fn optional<T: ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// An object of `fields` (their `#[serde(flatten)]`ed ones joined by `allOf`), with the
/// tag property `tag` first when an internally tagged variant carries it, as data.
fn object_model(
    fields: &[&Field],
    docs: &str,
    tag: Option<(&str, &str)>,
    bounded: bool,
) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let fields = fields
        .iter()
        .map(|field| field_model(field, false, bounded));
    let tag = tag.map(|(tag, name)| quote!(.tagged(#tag, #name)));
    quote!(#private::ObjectModel::new(#docs, ::std::vec![#(#fields),*])#tag)
}

/// The schema of an enum variant's object of `fields` (see `object_model`).
fn object_schema(fields: &[&Field], tag: Option<(&str, &str)>) -> TokenStream {
    let model = object_model(fields, "", tag, true);
    quote!(#model.schema(schemas))
}

/// An enum's schema: one alternative per variant in serde's representation, joined by
/// `oneOf` (the tags tell the alternatives apart) or, where a variant is untagged, by
/// `anyOf` (untagged contents may overlap, and serde takes the first that reads).
fn enum_schema(model: &Model, tagging: &Tagging, variants: &[Variant], docs: &str) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let present: Vec<&Variant> = variants.iter().filter(|variant| !variant.skipped).collect();
    let untagged = |variant: &Variant| variant.untagged || *tagging == Tagging::Untagged;
    // Externally tagged units are strings; together, one alternative.
    let units: Vec<&str> = present
        .iter()
        .filter(|variant| {
            *tagging == Tagging::External && variant.style == Style::Unit && !untagged(variant)
        })
        .map(|variant| variant.name.as_str())
        .collect();
    let mut alternatives = Vec::new();
    if !units.is_empty() {
        alternatives.push(quote!(#private::string_enum(&[#(#units),*], "")));
    }
    for variant in &present {
        let fields: Vec<&Field> = model.fields[variant.fields.clone()]
            .iter()
            .filter(|field| !field.skipped)
            .collect();
        let content = || match variant.style {
            Style::Unit => None,
            Style::Newtype => fields.first().map(|field| field_schema(field, true)),
            Style::Tuple => {
                let items = fields.iter().map(|field| field_schema(field, true));
                Some(quote!(#private::tuple(::std::vec![#(#items),*])))
            }
            Style::Struct => Some(object_schema(&fields, None)),
        };
        let name = variant.name.as_str();
        let bare = || content().unwrap_or_else(|| quote!(#private::null_schema()));
        let schema = if untagged(variant) {
            bare()
        } else {
            match tagging {
                Tagging::Untagged => bare(),
                Tagging::External if variant.style == Style::Unit => continue,
                Tagging::External => {
                    let content = content();
                    quote!(#private::external(#name, #content))
                }
                Tagging::Internal { tag } => match variant.style {
                    Style::Struct => object_schema(&fields, Some((tag, name))),
                    _ => {
                        let content = optional(content());
                        quote!(#private::internal(#tag, #name, #content))
                    }
                },
                Tagging::Adjacent { tag, content: key } => {
                    let content = optional(content());
                    quote!(#private::adjacent(#tag, #key, #name, #content))
                }
            }
        };
        let (title, variant_docs) = (&variant.rust_name, &variant.docs);
        alternatives.push(quote!(#private::alternative(#schema, #title, #variant_docs)));
    }
    let join = if present.iter().any(|variant| untagged(variant)) {
        quote!(#private::any_of)
    } else {
        quote!(#private::one_of)
    };
    quote!(#join(::std::vec![#(#alternatives),*], #docs))
}

/// `ModelField::schema` of a body model, or `QueryModel::parameters` of a query model.
fn schema_fn(model: &Model, name: &Ident, bounded: bool) -> TokenStream {
    let private = quote!(::guidepost::__private);
    let openapi = quote!(#private::utoipa::openapi);
    let docs = &model.docs;
    let schema_name = name.to_string();
    let fields: Vec<&Field> = model
        .fields
        .iter()
        .filter(|field| !field.skipped && !field.in_variant && field.ident.is_some())
        .collect();
    if model.kind == ModelKind::Query {
        let parameters = fields
            .iter()
            .filter(|field| !field.flatten)
            .map(|field| field_model(field, true, bounded));
        return quote! {
            fn parameters(
                schemas: &mut ::guidepost::Schemas,
            ) -> ::std::vec::Vec<#openapi::path::Parameter> {
                #[allow(unused_imports)]
                use ::guidepost::__private::{KnownField as _, UnknownField as _};
                #private::query_parameters(schemas, ::std::vec![#(#parameters),*])
            }
        };
    }
    if let Some(Shape::Struct(tag)) = &model.shape {
        // Data, not code: the provided `ModelField::schema` and `example` read it.
        let object = object_model(
            &fields,
            docs,
            tag.as_ref()
                .map(|(tag, name)| (tag.as_str(), name.as_str())),
            bounded,
        );
        let example = (!bounded).then(|| quote!(.without_example()));
        return quote! {
            fn __described() -> ::core::option::Option<#private::StructModel> {
                #[allow(unused_imports)]
                use ::guidepost::__private::{KnownField as _, UnknownField as _};
                ::core::option::Option::Some(
                    #private::StructModel::new(#schema_name, #object)#example,
                )
            }
        };
    }
    let body = match &model.shape {
        Some(Shape::Transparent) => match fields.iter().find(|field| !field.flatten) {
            Some(field) => field_schema(field, bounded),
            None => quote!(#private::any_schema()),
        },
        Some(Shape::Via(ty)) if bounded => {
            quote!(#private::describe((&#private::Field::<#ty>::new()).field_type().schema(schemas), #docs))
        }
        Some(shape @ Shape::Enum { tagging, variants }) if bounded => {
            match wire::unit_names(shape) {
                Some(names) => quote!(#private::string_enum(&[#(#names),*], #docs)),
                None => enum_schema(model, tagging, variants, docs),
            }
        }
        _ => quote!(#private::describe(#private::any_schema(), #docs)),
    };
    quote! {
        fn schema(
            schemas: &mut ::guidepost::Schemas,
        ) -> #openapi::RefOr<#openapi::schema::Schema> {
            #[allow(unused_imports)]
            use ::guidepost::__private::{KnownField as _, UnknownField as _};
            if !#private::begin_schema(schemas, #schema_name, ::core::any::type_name::<Self>()) {
                return #private::schema_ref(#schema_name);
            }
            let schema =
                #private::exemplified(#body, <Self as ::guidepost::ModelField>::example());
            #private::define_schema(schemas, #schema_name, schema)
        }
    }
}

fn constraint_check(constraint: &Constraint, ident: &Ident, path: &str) -> TokenStream {
    let option = |value: Option<TokenStream>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    match constraint {
        Constraint::Length { min, max, span } => {
            let (min, max) = (
                option(min.map(|v| quote!(#v))),
                option(max.map(|v| quote!(#v))),
            );
            quote_spanned! {*span=>
                ::guidepost::rules::check_length(&self.#ident, #path, #min, #max)?;
            }
        }
        Constraint::Range { min, max, span } => {
            let (min, max) = (
                option(min.map(|v| quote!(#v))),
                option(max.map(|v| quote!(#v))),
            );
            quote_spanned! {*span=>
                ::guidepost::rules::check_range(&self.#ident, #path, #min, #max)?;
            }
        }
    }
}
