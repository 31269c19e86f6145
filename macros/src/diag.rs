//! The one sink every stage reports into.
//!
//! Errors accumulate so that one compile shows every violation; nothing uses `?` across
//! rules. On stable Rust a proc macro cannot attach `help:` children to an error, so a
//! [`Diag`] renders them into its message the way rustc prints them (a blank line, then
//! `= help: …`), as proc-macro-error2 does in its stable fallback.

use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

use crate::rule_id::RuleId;

/// Where an error points: from the first to the last token of a node. On stable a span
/// cannot be joined, but an error whose tokens carry the two ends is shown over the whole
/// range (the trick behind `syn::Error::new_spanned`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SpanRange {
    pub(crate) start: Span,
    pub(crate) end: Span,
}

impl From<Span> for SpanRange {
    fn from(span: Span) -> Self {
        SpanRange {
            start: span,
            end: span,
        }
    }
}

/// One error: where, what is wrong, what to write instead, and which rule said so.
#[derive(Debug)]
pub(crate) struct Diag {
    span: SpanRange,
    message: String,
    helps: Vec<String>,
    notes: Vec<String>,
    rule: Option<RuleId>,
    /// The attribute whose `allow(…)` silences the rule: `None` for `#[endpoint]`.
    item: Option<&'static str>,
}

impl Diag {
    pub(crate) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.helps.push(help.into());
        self
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }

    #[cfg(test)]
    pub(crate) fn rule_id(&self) -> Option<RuleId> {
        self.rule
    }

    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The text rustc shows: the message, then the help and note lines.
    fn render(&self) -> String {
        let mut text = self.message.clone();
        if !self.helps.is_empty() || !self.notes.is_empty() || self.rule.is_some() {
            text.push('\n');
        }
        for help in &self.helps {
            let _ = write!(text, "\n= help: {help}");
        }
        for note in &self.notes {
            let _ = write!(text, "\n= note: {note}");
        }
        match (self.rule, self.item) {
            (Some(rule), None) if !rule.can_be_allowed() => {
                let _ = write!(text, "\n= note: rule `{rule}`; no `allow` silences it");
            }
            (Some(rule), None) => {
                let _ = write!(
                    text,
                    "\n= note: rule `{rule}`; `allow({rule}, reason = \"…\")` silences it for this endpoint"
                );
            }
            (Some(rule), Some(item)) => {
                let _ = write!(
                    text,
                    "\n= note: rule `{rule}`; `#[{item}(allow({rule}, reason = \"…\"))]` silences it for this type"
                );
            }
            (None, _) => {}
        }
        text
    }

    pub(crate) fn to_syn_error(&self) -> syn::Error {
        let mut start = proc_macro2::Punct::new('<', proc_macro2::Spacing::Alone);
        start.set_span(self.span.start);
        let mut end = proc_macro2::Punct::new('>', proc_macro2::Spacing::Alone);
        end.set_span(self.span.end);
        syn::Error::new_spanned(quote::quote!(#start #end), self.render())
    }
}

/// Collects every error of one macro invocation.
#[derive(Default)]
pub(crate) struct Diagnostics {
    diags: Vec<Diag>,
    item: Option<&'static str>,
}

impl Diagnostics {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The sink of `#[model]`/`#[query]`, whose notes name that attribute's `allow`.
    pub(crate) fn for_item(attribute: &'static str) -> Self {
        Diagnostics {
            diags: Vec::new(),
            item: Some(attribute),
        }
    }

    /// An error that is not a guideline rule: the attribute's grammar, the config file.
    pub(crate) fn error(
        &mut self,
        span: impl Into<SpanRange>,
        message: impl Into<String>,
    ) -> &mut Diag {
        self.push(span.into(), message.into(), None)
    }

    /// An error spanning every token of `node`, first to last.
    pub(crate) fn error_spanned(
        &mut self,
        node: impl ToTokens,
        message: impl Into<String>,
    ) -> &mut Diag {
        self.error(span_range(node), message)
    }

    /// A violation of guideline rule `rule`.
    pub(crate) fn violation(
        &mut self,
        rule: RuleId,
        span: impl Into<SpanRange>,
        message: impl Into<String>,
    ) -> &mut Diag {
        self.push(span.into(), message.into(), Some(rule))
    }

    fn push(&mut self, span: SpanRange, message: String, rule: Option<RuleId>) -> &mut Diag {
        self.diags.push(Diag {
            span,
            message,
            helps: Vec::new(),
            notes: Vec::new(),
            rule,
            item: self.item,
        });
        self.diags.last_mut().expect("just pushed")
    }

    /// Adopts an error from syn's parser, whose message already says what went wrong.
    pub(crate) fn syn(&mut self, error: syn::Error) -> &mut Diag {
        let mut errors = error.into_iter();
        let first = errors
            .next()
            .expect("a syn::Error holds at least one message");
        for rest in errors {
            self.error(rest.span(), rest.to_string());
        }
        self.error(first.span(), first.to_string())
    }

    /// Adopts darling's value errors; each carries its own span.
    pub(crate) fn darling(&mut self, error: darling::Error) {
        for error in error.flatten() {
            let span = error.span();
            self.error(span, error.to_string());
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.diags.is_empty()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.diags.len()
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter()
    }

    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.diags
            .into_iter()
            .map(|diag| diag.to_syn_error().to_compile_error())
            .collect()
    }
}

impl ToTokens for Diagnostics {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for diag in &self.diags {
            tokens.extend(diag.to_syn_error().to_compile_error());
        }
    }
}

/// The first and last token of `node`, as `syn::Error::new_spanned` takes them.
pub(crate) fn span_range(node: impl ToTokens) -> SpanRange {
    let mut tokens = node.into_token_stream().into_iter();
    let Some(first) = tokens.next() else {
        return Span::call_site().into();
    };
    let start = first.span();
    let end = tokens.last().map_or(start, |last| last.span());
    SpanRange { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_help_and_rule_like_rustc() {
        let mut diags = Diagnostics::new();
        diags
            .violation(
                RuleId::CollectionPlural,
                Span::call_site(),
                "segment `project` must be plural",
            )
            .help("write `projects`");
        let text = diags.iter().next().unwrap().render();
        assert_eq!(
            text,
            "segment `project` must be plural\n\n= help: write `projects`\n= note: rule `collection_plural`; `allow(collection_plural, reason = \"…\")` silences it for this endpoint"
        );
    }
}
