//! The grammar of `#[endpoint(...)]`, parsed with darling into plain structs.
//!
//! darling dispatches keys to fields; the values parse into our own types, which never
//! fail inside darling but keep what was wrong as a [`BadValue`]. That way every grammar
//! error leaves with a `help:` line in rustc's voice, which darling's own messages lack.
//! Keys are checked before darling sees them (unknown and duplicate keys), and no key is
//! required here: a missing `owner` is the `owner_required` rule's to report, with the
//! guide's fix.

use darling::FromMeta;
use darling::ast::NestedMeta;
use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, Lit, LitStr, Meta};

use crate::diag::{Diagnostics, SpanRange, span_range};
use crate::rule_id::RuleId;

/// Every key the attribute accepts, in the order the docs list them.
pub(crate) const KEYS: &[&str] = &[
    "method",
    "path",
    "owner",
    "publish",
    "scope",
    "scopes",
    "tags",
    "expand",
    "collapse",
    "sort_by",
    "rate_limit",
    "auth",
    "tenant",
    "silo",
    "status",
    "operation_id",
    "max_size",
    "content_types",
    "deprecated",
    "allow",
];

/// The attribute as darling reads it. Every field is optional; see the module docs.
#[derive(FromMeta, Default)]
pub(crate) struct EndpointArgs {
    // method = GET
    pub(crate) method: Option<Arg<Method>>,
    // path = "/organizations/{org}/projects/"
    pub(crate) path: Option<Arg<LitStr>>,
    // owner = Owner::Enterprise
    pub(crate) owner: Option<Arg<syn::Path>>,
    // publish = Public
    pub(crate) publish: Option<Arg<Publish>>,
    // scope = "project:read"
    pub(crate) scope: Option<Arg<Scope>>,
    // scopes = ["project:read", "org:read"]
    pub(crate) scopes: Option<Arg<Vec<Scope>>>,
    // tags = ["Projects"]
    pub(crate) tags: Option<Arg<Vec<LitStr>>>,
    // expand = ["organization"]
    pub(crate) expand: Option<Arg<Vec<FieldName>>>,
    // collapse = ["stats"]
    pub(crate) collapse: Option<Arg<Vec<FieldName>>>,
    // sort_by = ["name", "dateCreated"]
    pub(crate) sort_by: Option<Arg<Vec<FieldName>>>,
    // rate_limit = "40/s"
    pub(crate) rate_limit: Option<Arg<RateLimit>>,
    // auth = none
    pub(crate) auth: Option<Arg<Auth>>,
    // tenant = user
    pub(crate) tenant: Option<Arg<Tenant>>,
    // silo = region
    pub(crate) silo: Option<Arg<Silo>>,
    // status = 200
    pub(crate) status: Option<Arg<Status>>,
    // operation_id = "listProjects"
    pub(crate) operation_id: Option<Arg<LitStr>>,
    // max_size = "10 MB"
    pub(crate) max_size: Option<Arg<ByteSize>>,
    // content_types = ["application/json"]
    pub(crate) content_types: Option<Arg<Vec<MediaType>>>,
    // deprecated = "2027-06-01", or deprecated(since = "2026-12-01", sunset = "2027-06-01")
    pub(crate) deprecated: Option<Deprecated>,
    // allow(collection_plural, reason = "…")
    #[darling(multiple)]
    pub(crate) allow: Vec<Allow>,
}

/// A value the attribute could not use: where, what, and what to write instead.
#[derive(Debug, Clone)]
pub(crate) struct BadValue {
    pub(crate) span: SpanRange,
    pub(crate) message: String,
    pub(crate) help: String,
}

impl BadValue {
    fn new(
        node: impl quote::ToTokens,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        BadValue {
            span: span_range(node),
            message: message.into(),
            help: help.into(),
        }
    }
}

/// One `key = value`: the key's span, and the value, or why there is none.
#[derive(Debug, Clone)]
pub(crate) struct Arg<T> {
    pub(crate) key: Span,
    /// The value's tokens, for errors about the value.
    pub(crate) span: SpanRange,
    pub(crate) value: Result<T, Vec<BadValue>>,
}

/// How a value type reads the right-hand side of `key = value`.
pub(crate) trait Value: Sized {
    /// What the value looks like, for `help: write `key = …``.
    const EXAMPLE: &'static str;
    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>>;
}

impl<T: Value> FromMeta for Arg<T> {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        let key_path = item.path();
        let key = key_path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        let value = match item {
            Meta::NameValue(pair) => T::parse(&key, &pair.value),
            Meta::Path(_) | Meta::List(_) => Err(vec![BadValue::new(
                item,
                format!("`{key}` takes a value"),
                format!("write `{key} = {}`", T::EXAMPLE),
            )]),
        };
        let span = match item {
            Meta::NameValue(pair) => span_range(&pair.value),
            _ => span_range(item),
        };
        Ok(Arg {
            key: key_path.span(),
            span,
            value,
        })
    }
}

fn str_lit(expr: &Expr) -> Option<&LitStr> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Some(lit),
        _ => None,
    }
}

/// A bare word such as `GET` or `none`.
fn word(expr: &Expr) -> Option<&syn::Ident> {
    match expr {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident(),
        _ => None,
    }
}

impl Value for LitStr {
    const EXAMPLE: &'static str = "\"…\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        str_lit(expr).cloned().ok_or_else(|| {
            vec![BadValue::new(
                expr,
                format!("`{key}` takes a string literal"),
                format!("write `{key} = \"…\"`"),
            )]
        })
    }
}

impl Value for syn::Path {
    const EXAMPLE: &'static str = "Owner::Team";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        match expr {
            Expr::Path(path) if path.qself.is_none() => Ok(path.path.clone()),
            _ => Err(vec![BadValue::new(
                expr,
                format!("`{key}` takes a path to a variant of your owner enum"),
                "write `owner = Owner::Team`, where `Owner` implements `guidepost::ApiOwner`",
            )]),
        }
    }
}

impl<T: Value> Value for Vec<T> {
    const EXAMPLE: &'static str = "[…]";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let Expr::Array(array) = expr else {
            return Err(vec![BadValue::new(
                expr,
                format!("`{key}` takes a list"),
                format!("write `{key} = [{}]`", T::EXAMPLE),
            )]);
        };
        let mut items = Vec::new();
        let mut errors = Vec::new();
        for element in &array.elems {
            match T::parse(key, element) {
                Ok(item) => items.push(item),
                Err(bad) => errors.extend(bad),
            }
        }
        if errors.is_empty() {
            Ok(items)
        } else {
            Err(errors)
        }
    }
}

/// Reads one of the core vocabulary's words (`GET`, `Public`, `none`, `system`) as a bare
/// word; a string, or a word it does not know, is an error that proposes the nearest.
macro_rules! keyword_value {
    ($name:ty, example $example:literal, help $help:literal) => {
        impl Value for $name {
            const EXAMPLE: &'static str = $example;

            fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
                if let Some(value) = word(expr).and_then(|w| <$name>::from_word(&w.to_string())) {
                    return Ok(value);
                }
                if let Some(value) = str_lit(expr).and_then(|lit| <$name>::from_word(&lit.value()))
                {
                    return Err(vec![BadValue::new(
                        expr,
                        format!("`{key}` takes a bare word, not a string"),
                        format!("write `{key} = {}`", value.as_str()),
                    )]);
                }
                let text = word(expr)
                    .map(ToString::to_string)
                    .or_else(|| str_lit(expr).map(LitStr::value));
                let listing = <$name>::WORDS
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let message = match &text {
                    Some(text) => format!("invalid {} `{text}`", $help),
                    None => format!("`{key}` takes one of {listing}"),
                };
                let help = match text.as_deref().and_then(|t| closest(t, <$name>::WORDS)) {
                    Some(best) => format!("write `{key} = {best}`"),
                    None => format!("write one of {listing}"),
                };
                Err(vec![BadValue::new(expr, message, help)])
            }
        }
    };
}

// The words are the core vocabulary's: one definition for the macro, the runtime and the
// linter. PATCH parses in every profile; `no_patch` refuses it in `sentry`.
pub(crate) use guidepost_core::{Auth, Method, Publish, RateLimit, Silo, TenantKind as Tenant};

keyword_value!(Method, example "GET", help "method");
keyword_value!(Publish, example "Public", help "publish status");
keyword_value!(Auth, example "none", help "auth");
keyword_value!(Tenant, example "user", help "tenant");
keyword_value!(Silo, example "region", help "silo");

pub(crate) use guidepost_core::rules::closest;

/// A scope `resource:action`, checked for form here; whether the resource and the action
/// are known is `scope_format`'s to say.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub(crate) lit: LitStr,
}

impl Value for Scope {
    const EXAMPLE: &'static str = "\"project:read\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let lit = <LitStr as Value>::parse(key, expr)?;
        let text = lit.value();
        // The grammar is the core's (`resource:action`), the one tokens are read with.
        match text.parse::<guidepost_core::Scope>() {
            Ok(_) => Ok(Scope { lit }),
            Err(_) => {
                // `project-read` or `project.read`: the writer meant `project:read`.
                let lower = text.to_ascii_lowercase();
                let guess = lower
                    .rsplit_once(['-', '.', '_', ' ', ':'])
                    .filter(|(resource, level)| {
                        ["read", "write", "admin"].contains(level)
                            && format!("{resource}:{level}")
                                .parse::<guidepost_core::Scope>()
                                .is_ok()
                    })
                    .map(|(resource, level)| format!("write `\"{resource}:{level}\"`"));
                Err(vec![BadValue::new(
                    &lit,
                    format!("invalid scope `{text}`"),
                    guess.unwrap_or_else(|| {
                        "a scope is `<resource>:<action>` in lowercase, such as `\"project:read\"` or `\"project:releases\"`".into()
                    }),
                )])
            }
        }
    }
}

/// A field name in `expand = [...]`, `collapse = [...]` or `sort_by = [...]`.
#[derive(Debug, Clone)]
pub(crate) struct FieldName(pub(crate) LitStr);

impl Value for FieldName {
    const EXAMPLE: &'static str = "\"organization\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let lit = <LitStr as Value>::parse(key, expr)?;
        let text = lit.value();
        let camel = heck::ToLowerCamelCase::to_lower_camel_case(text.as_str());
        if text.is_empty() || camel != text {
            let fix = if camel.is_empty() {
                "organization".to_owned()
            } else {
                camel
            };
            return Err(vec![BadValue::new(
                &lit,
                format!(
                    "invalid `{key}` value `{text}`: it names a response attribute, in camelCase"
                ),
                format!("write `\"{fix}\"`"),
            )]);
        }
        Ok(FieldName(lit))
    }
}

/// `rate_limit = "40/s"`: the core grammar, requests per principal per second, minute or
/// hour.
impl Value for RateLimit {
    const EXAMPLE: &'static str = "\"40/s\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let lit = <LitStr as Value>::parse(key, expr)?;
        let text = lit.value();
        text.parse().map_err(|_: guidepost_core::ParseRateLimitError| {
            vec![BadValue::new(
                &lit,
                format!("invalid rate limit `{text}`"),
                "write a positive count per second, minute or hour: `\"40/s\"`, `\"600/m\"`, `\"10000/h\"`",
            )]
        })
    }
}

/// `status = 200`: the success status of an action endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status(pub(crate) u16);

impl Value for Status {
    const EXAMPLE: &'static str = "200";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let code = match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Int(int), ..
            }) => int.base10_parse::<u16>().ok(),
            _ => None,
        };
        match code {
            Some(code @ 200..=299) => Ok(Status(code)),
            _ => Err(vec![BadValue::new(
                expr,
                format!("`{key}` takes a success status code (200-299)"),
                "write `status = 200` for an action, `status = 202` for accepted work",
            )]),
        }
    }
}

/// `max_size = "10 MB"`: an upload's largest file, in bytes. Units: `B`, decimal `KB`,
/// `MB`, `GB` (powers of 1,000) and binary `KiB`, `MiB`, `GiB` (powers of 1,024); or a
/// plain integer of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteSize(pub(crate) u64);

impl Value for ByteSize {
    const EXAMPLE: &'static str = "\"10 MB\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let bad = || {
            vec![BadValue::new(
                expr,
                format!("`{key}` takes a size such as `\"10 MB\"`"),
                "write a positive whole number and a unit: `\"512 KiB\"`, `\"10 MB\"`, `\"1 GiB\"` (B, KB, MB, GB, KiB, MiB, GiB)",
            )]
        };
        let bytes = match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Int(int), ..
            }) => int.base10_parse::<u64>().ok(),
            _ => str_lit(expr).and_then(|lit| {
                let text = lit.value();
                let text = text.trim();
                let split = text
                    .find(|c: char| !c.is_ascii_digit() && c != '_')
                    .unwrap_or(text.len());
                let (number, unit) = text.split_at(split);
                let number: u64 = number.replace('_', "").parse().ok()?;
                let scale: u64 = match unit.trim() {
                    "" | "B" => 1,
                    "KB" => 1_000,
                    "MB" => 1_000_000,
                    "GB" => 1_000_000_000,
                    "KiB" => 1 << 10,
                    "MiB" => 1 << 20,
                    "GiB" => 1 << 30,
                    _ => return None,
                };
                number.checked_mul(scale)
            }),
        };
        match bytes {
            Some(bytes) if bytes > MAX_UPLOAD_SIZE => Err(vec![BadValue::new(
                expr,
                format!("`{key}` is over 1 TiB, which is no limit"),
                "declare the largest file the endpoint really takes; a larger one belongs in object storage, uploaded there directly",
            )]),
            Some(bytes) if bytes > 0 => Ok(ByteSize(bytes)),
            _ => Err(bad()),
        }
    }
}

/// The largest `max_size`: 1 TiB.
const MAX_UPLOAD_SIZE: u64 = 1 << 40;

/// A media type in `content_types = [...]`: `type/subtype` or `type/*`, without
/// parameters, kept lowercase.
#[derive(Debug, Clone)]
pub(crate) struct MediaType(pub(crate) String, pub(crate) SpanRange);

impl Value for MediaType {
    const EXAMPLE: &'static str = "\"application/json\"";

    fn parse(key: &str, expr: &Expr) -> Result<Self, Vec<BadValue>> {
        let lit = <LitStr as Value>::parse(key, expr)?;
        let text = lit.value();
        // RFC 9110 §8.3.1: `type "/" subtype`, each a token.
        let token = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
        };
        let lower = text.trim().to_ascii_lowercase();
        let help = match lower.split_once('/') {
            Some(("multipart", "form-data")) => Some("declare the file's own type: an upload always takes a `multipart/form-data` body whose `file` part has one of the declared types".to_owned()),
            Some(("*", _)) => Some("name the media types the endpoint reads; `*/*` accepts anything, which is no limit".to_owned()),
            Some((kind, subtype))
                if token(kind) && (subtype == "*" || (token(subtype) && !subtype.contains('*'))) =>
            {
                None
            }
            _ => Some(match lower.split_once(';') {
                Some((essence, _)) => format!(
                    "write `\"{}\"`: a declared type has no parameters, and a sent one is matched without them",
                    essence.trim()
                ),
                None => "write a media type as `type/subtype`, such as `\"application/json\"` or `\"image/*\"`".to_owned(),
            }),
        };
        match help {
            None => Ok(MediaType(lower, span_range(&lit))),
            Some(help) => Err(vec![BadValue::new(
                &lit,
                format!("invalid media type `{text}`"),
                help,
            )]),
        }
    }
}

/// `deprecated = "2027-06-01"` (Sentry's one date: deprecated until the sunset) or
/// `deprecated(since = "2026-12-01", sunset = "2027-06-01")`: dates in UTC, `since` no
/// later than `sunset`.
#[derive(Debug, Clone)]
pub(crate) struct Deprecated {
    pub(crate) value: Result<guidepost_core::Deprecation, Vec<BadValue>>,
}

const DEPRECATED_EXAMPLE: &str = "write `deprecated = \"2027-06-01\"` (the sunset date), or `deprecated(since = \"2026-12-01\", sunset = \"2027-06-01\")`";

/// A date in `deprecated`, or why it is none.
fn date(expr: &Expr, what: &str) -> Result<guidepost_core::Date, BadValue> {
    let Some(lit) = str_lit(expr) else {
        return Err(BadValue::new(
            expr,
            format!("`{what}` takes a date string"),
            DEPRECATED_EXAMPLE,
        ));
    };
    lit.value().parse().map_err(|_| {
        BadValue::new(
            lit,
            format!("invalid {what} date `{}`", lit.value()),
            "write a calendar date as `YYYY-MM-DD` (UTC), such as `\"2027-06-01\"`",
        )
    })
}

impl FromMeta for Deprecated {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        let value = match item {
            Meta::NameValue(pair) => date(&pair.value, "sunset")
                .map(guidepost_core::Deprecation::until)
                .map_err(|bad| vec![bad]),
            Meta::Path(_) => Err(vec![BadValue::new(
                item,
                "`deprecated` takes the sunset date: the day from which the operation may stop answering",
                DEPRECATED_EXAMPLE,
            )]),
            Meta::List(list) => {
                let mut errors = Vec::new();
                let (mut since, mut sunset) = (None, None);
                let nested =
                    NestedMeta::parse_meta_list(list.tokens.clone()).unwrap_or_else(|error| {
                        errors.push(BadValue {
                            span: error.span().into(),
                            message: error.to_string(),
                            help: DEPRECATED_EXAMPLE.into(),
                        });
                        Vec::new()
                    });
                for meta in &nested {
                    match meta {
                        NestedMeta::Meta(Meta::NameValue(pair))
                            if pair.path.is_ident("since") && since.is_none() =>
                        {
                            since = Some(date(&pair.value, "since"));
                        }
                        NestedMeta::Meta(Meta::NameValue(pair))
                            if pair.path.is_ident("sunset") && sunset.is_none() =>
                        {
                            sunset = Some((date(&pair.value, "sunset"), span_range(&pair.value)));
                        }
                        other => errors.push(BadValue::new(
                            other,
                            "unexpected item in `deprecated(…)`",
                            DEPRECATED_EXAMPLE,
                        )),
                    }
                }
                let since = match since {
                    Some(Ok(date)) => Some(date),
                    Some(Err(bad)) => {
                        errors.push(bad);
                        None
                    }
                    None => None,
                };
                match sunset {
                    Some((Ok(sunset), at)) if errors.is_empty() => {
                        if since.is_none_or(|since| since <= sunset) {
                            Ok(guidepost_core::Deprecation { since, sunset })
                        } else {
                            Err(vec![BadValue {
                                span: at,
                                message: format!(
                                    "the sunset `{sunset}` comes before the deprecation `{}`",
                                    since.map(|since| since.to_string()).unwrap_or_default()
                                ),
                                help: "a sunset is no earlier than the deprecation (RFC 9745): give clients the time between them to move".into(),
                            }])
                        }
                    }
                    Some((Ok(_), _)) => Err(errors),
                    Some((Err(bad), _)) => {
                        errors.push(bad);
                        Err(errors)
                    }
                    None => {
                        errors.push(BadValue::new(
                            item,
                            "`deprecated(…)` names no `sunset`",
                            DEPRECATED_EXAMPLE,
                        ));
                        Err(errors)
                    }
                }
            }
        };
        Ok(Deprecated { value })
    }
}

/// `allow(<rule>, reason = "…")`: one rule silenced on one endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Allow {
    pub(crate) span: SpanRange,
    pub(crate) rule: Result<(RuleId, Span), Vec<BadValue>>,
    pub(crate) reason: Option<LitStr>,
}

const ALLOW_EXAMPLE: &str =
    "write `allow(collection_plural, reason = \"why this endpoint differs\")`";

impl FromMeta for Allow {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        let span = span_range(item);
        let Meta::List(list) = item else {
            return Ok(Allow {
                span,
                rule: Err(vec![BadValue::new(
                    item,
                    "`allow` takes a rule id and a reason",
                    ALLOW_EXAMPLE,
                )]),
                reason: None,
            });
        };
        let mut errors = Vec::new();
        let mut rule = None;
        let mut reason = None;
        let nested = NestedMeta::parse_meta_list(list.tokens.clone()).unwrap_or_else(|error| {
            errors.push(BadValue {
                span: error.span().into(),
                message: error.to_string(),
                help: ALLOW_EXAMPLE.into(),
            });
            Vec::new()
        });
        for meta in &nested {
            match meta {
                // allow(collection_plural, ..)
                NestedMeta::Meta(Meta::Path(path)) if rule.is_none() => {
                    let text = path
                        .get_ident()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    match text.parse::<RuleId>() {
                        Ok(id) => rule = Some((id, path.span())),
                        Err(_) => {
                            let help = match closest(&text, RuleId::NAMES) {
                                Some(best) => format!("write `allow({best}, reason = \"…\")`"),
                                None => "the rule id is the one named in the error's note".into(),
                            };
                            errors.push(BadValue::new(
                                path,
                                format!("`{text}` is not a guidepost rule"),
                                help,
                            ));
                            rule = Some((RuleId::PathSyntax, path.span()));
                        }
                    }
                }
                // allow(.., reason = "…")
                NestedMeta::Meta(Meta::NameValue(pair)) if pair.path.is_ident("reason") => {
                    match str_lit(&pair.value) {
                        Some(lit) if !lit.value().trim().is_empty() => reason = Some(lit.clone()),
                        _ => errors.push(BadValue::new(
                            &pair.value,
                            "`reason` takes a non-empty string",
                            "say why this endpoint departs from the guide: `reason = \"kept for compatibility with v1 clients\"`",
                        )),
                    }
                }
                other => errors.push(BadValue::new(
                    other,
                    "unexpected item in `allow(…)`",
                    ALLOW_EXAMPLE,
                )),
            }
        }
        let rule = match rule {
            _ if !errors.is_empty() => Err(errors),
            Some(rule) => Ok(rule),
            None => Err(vec![BadValue::new(
                item,
                "`allow` names no rule",
                ALLOW_EXAMPLE,
            )]),
        };
        Ok(Allow { span, rule, reason })
    }
}

/// Parses the attribute's tokens, reporting unknown and duplicate keys and every bad
/// value. Returns `None` only when the tokens are not a list of `key = value` items.
pub(crate) fn parse(args: TokenStream, diags: &mut Diagnostics) -> Option<EndpointArgs> {
    let items = match NestedMeta::parse_meta_list(args) {
        Ok(items) => items,
        Err(error) => {
            diags
                .syn(error)
                .help("the attribute is a list of `key = value` items: `#[endpoint(method = GET, path = \"/organizations/{org}/projects/\", …)]`");
            return None;
        }
    };

    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut kept = Vec::new();
    for item in items {
        let meta = match &item {
            NestedMeta::Meta(meta) => meta,
            NestedMeta::Lit(_) => {
                diags
                    .error_spanned(&item, "expected `key = value`, found a literal")
                    .help("write `path = \"/organizations/{org}/projects/\"`");
                continue;
            }
            NestedMeta::NameValueInvalidExpr(pair) => {
                diags
                    .error_spanned(
                        &item,
                        format!(
                            "`{}` has no readable value",
                            pair.path
                                .get_ident()
                                .map(ToString::to_string)
                                .unwrap_or_default()
                        ),
                    )
                    .help("write `key = value`, such as `method = GET`");
                continue;
            }
        };
        let key = meta
            .path()
            .get_ident()
            .map_or_else(|| quote::quote!(#meta).to_string(), ToString::to_string);
        if !KEYS.contains(&key.as_str()) {
            let help = match closest(&key, KEYS) {
                Some(best) => format!("write `{best}`"),
                None => format!(
                    "the keys are {}",
                    KEYS.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags
                .error_spanned(meta.path(), format!("unknown endpoint key `{key}`"))
                .help(help);
            continue;
        }
        if key != "allow" {
            if seen.iter().any(|(k, _)| *k == key) {
                diags
                    .error_spanned(meta.path(), format!("duplicate endpoint key `{key}`"))
                    .help(format!("give `{key}` once; remove this one"));
                continue;
            }
            seen.push((key, meta.path().span()));
        }
        kept.push(item);
    }

    let args = match EndpointArgs::from_list(&kept) {
        Ok(args) => args,
        Err(error) => {
            diags.darling(error);
            EndpointArgs::default()
        }
    };
    args.report_bad_values(diags);
    Some(args)
}

impl EndpointArgs {
    /// The keys present in the attribute, whether their values parsed or not.
    pub(crate) fn written(&self) -> Vec<&'static str> {
        let present = [
            self.method.is_some(),
            self.path.is_some(),
            self.owner.is_some(),
            self.publish.is_some(),
            self.scope.is_some(),
            self.scopes.is_some(),
            self.tags.is_some(),
            self.expand.is_some(),
            self.collapse.is_some(),
            self.sort_by.is_some(),
            self.rate_limit.is_some(),
            self.auth.is_some(),
            self.tenant.is_some(),
            self.silo.is_some(),
            self.status.is_some(),
            self.operation_id.is_some(),
            self.max_size.is_some(),
            self.content_types.is_some(),
            self.deprecated.is_some(),
            !self.allow.is_empty(),
        ];
        KEYS.iter()
            .zip(present)
            .filter_map(|(key, present)| present.then_some(*key))
            .collect()
    }

    fn report_bad_values(&self, diags: &mut Diagnostics) {
        fn report<T>(arg: &Option<Arg<T>>, diags: &mut Diagnostics) {
            if let Some(Arg {
                value: Err(bad), ..
            }) = arg
            {
                report_all(bad, diags);
            }
        }
        report(&self.method, diags);
        report(&self.path, diags);
        report(&self.owner, diags);
        report(&self.publish, diags);
        report(&self.scope, diags);
        report(&self.scopes, diags);
        report(&self.tags, diags);
        report(&self.expand, diags);
        report(&self.collapse, diags);
        report(&self.sort_by, diags);
        report(&self.rate_limit, diags);
        report(&self.auth, diags);
        report(&self.tenant, diags);
        report(&self.silo, diags);
        report(&self.status, diags);
        report(&self.operation_id, diags);
        report(&self.max_size, diags);
        report(&self.content_types, diags);
        if let Some(Deprecated {
            value: Err(bad), ..
        }) = &self.deprecated
        {
            report_all(bad, diags);
        }
        for allow in &self.allow {
            if let Err(bad) = &allow.rule {
                report_all(bad, diags);
            }
        }
        if let Some(Arg {
            value: Ok(types),
            span,
            ..
        }) = &self.content_types
        {
            if types.is_empty() {
                diags
                    .error(*span, "`content_types` names no media type")
                    .help("list the types the endpoint reads, such as `content_types = [\"application/json\"]`: with none, every upload is refused");
            }
            for (index, media) in types.iter().enumerate() {
                let family = |range: &str, media: &str| {
                    range
                        .strip_suffix("/*")
                        .is_some_and(|kind| media.split_once('/').is_some_and(|(k, _)| k == kind))
                };
                let overlapping = types[..index].iter().find(|earlier| {
                    earlier.0 == media.0
                        || family(&earlier.0, &media.0)
                        || family(&media.0, &earlier.0)
                });
                if let Some(earlier) = overlapping {
                    diags
                        .error(
                            media.1,
                            format!("`{}` overlaps `{}`, listed before it", media.0, earlier.0),
                        )
                        .help("list each type once: `type/*` already takes every `type/…`");
                }
            }
        }
        if let (Some(_), Some(scopes)) = (&self.scope, &self.scopes) {
            diags
                .error(scopes.key, "`scope` and `scopes` are both given")
                .help("list every scope in `scopes = [..]`, and remove `scope`");
        }
    }
}

pub(crate) fn report_all(bad: &[BadValue], diags: &mut Diagnostics) {
    for bad in bad {
        diags
            .error(bad.span, bad.message.clone())
            .help(bad.help.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_ok(tokens: TokenStream) -> (EndpointArgs, Vec<String>) {
        let mut diags = Diagnostics::new();
        let args = parse(tokens, &mut diags).expect("a key = value list");
        let messages = diags.iter().map(|d| d.message().to_owned()).collect();
        (args, messages)
    }

    #[test]
    fn parses_the_whole_grammar() {
        let (args, errors) = parse_ok(quote! {
            method = GET, path = "/organizations/{org}/projects/", owner = Owner::Enterprise,
            publish = Public, scopes = ["project:read", "org:admin"], tags = ["Projects"],
            expand = ["organization"], collapse = ["stats"], rate_limit = "40/m",
            auth = bearer, tenant = org, status = 200, operation_id = "listProjects",
            allow(collection_plural, reason = "legacy route"), allow(max_nesting, reason = "x")
        });
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(args.method.unwrap().value.ok(), Some(Method::Get));
        assert_eq!(
            args.scopes.unwrap().value.unwrap()[1].lit.value(),
            "org:admin"
        );
        assert_eq!(
            args.rate_limit.unwrap().value.ok(),
            Some(RateLimit {
                count: 40,
                per_seconds: 60
            })
        );
        assert_eq!(args.allow.len(), 2);
        assert_eq!(args.allow[1].rule.as_ref().unwrap().0, RuleId::MaxNesting);
    }

    #[test]
    fn reports_every_grammar_error_at_once() {
        let (_, errors) = parse_ok(quote! {
            methd = GET, path = 5, path = "/x/", publish = public, scope = "project-read",
            rate_limit = "fast", status = 404, allow(colection_plural), expand = ["org_id"]
        });
        assert_eq!(
            errors,
            [
                "unknown endpoint key `methd`",
                "duplicate endpoint key `path`",
                "`path` takes a string literal",
                "invalid publish status `public`",
                "invalid scope `project-read`",
                "invalid `expand` value `org_id`: it names a response attribute, in camelCase",
                "invalid rate limit `fast`",
                "`status` takes a success status code (200-299)",
                "`colection_plural` is not a guidepost rule",
            ]
        );
    }

    #[test]
    fn unreadable_tokens_give_none() {
        let mut diags = Diagnostics::new();
        assert!(parse(quote!(method GET), &mut diags).is_none());
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn suggests_the_nearest_word() {
        assert_eq!(closest("GTE", Method::WORDS), Some("GET"));
        assert_eq!(closest("methd", KEYS), Some("method"));
        assert_eq!(closest("zzz", KEYS), None);
    }
}
