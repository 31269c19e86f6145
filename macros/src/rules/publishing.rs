//! Ownership, publishing and docs (Sentry's "Publishing an API").

use crate::ast::Endpoint;
use crate::attr::closest;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::rules::RuleId;

pub(crate) fn owner_required(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    if !endpoint.wrote("owner") {
        diags
            .violation(
                RuleId::OwnerRequired,
                endpoint.attr_span,
                format!("endpoint `{}` names no owner", endpoint.name),
            )
            .help("add `owner = Owner::Team`: the team that answers for this endpoint");
    }
}

pub(crate) fn publish_required(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    if !endpoint.wrote("publish") {
        diags
            .violation(
                RuleId::PublishRequired,
                endpoint.attr_span,
                format!("endpoint `{}` has no publish status", endpoint.name),
            )
            .help("add `publish = Public`, `publish = Experimental` or `publish = Private`");
    }
}

pub(crate) fn public_needs_tags(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    let Some(publish) = endpoint.publish.filter(|_| endpoint.is_public()) else {
        return;
    };
    if endpoint.tags.is_empty() {
        let example = config
            .tags
            .as_ref()
            .and_then(|tags| tags.first())
            .map_or("Projects", String::as_str);
        diags
            .violation(
                RuleId::PublicNeedsTags,
                publish.span,
                format!("public endpoint `{}` has no sidebar tag", endpoint.name),
            )
            .help(format!(
                "add `tags = [\"{example}\"]`: the tag is the docs' sidebar section"
            ));
    }
}

pub(crate) fn unknown_tag(endpoint: &Endpoint, config: &Config, diags: &mut Diagnostics) {
    let Some(known) = &config.tags else { return };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for tag in &endpoint.tags {
        let text = tag.value();
        if known.contains(&text.as_str()) {
            continue;
        }
        let help = match closest(&text, &known) {
            Some(best) => format!("write `\"{best}\"`"),
            None => format!(
                "use one of {}, or add `{text}` to `tags` in `guidepost.toml`",
                known
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diags
            .violation(
                RuleId::UnknownTag,
                tag.span(),
                format!("unknown tag `{text}`"),
            )
            .help(help);
    }
}

pub(crate) fn public_needs_docs(endpoint: &Endpoint, _: &Config, diags: &mut Diagnostics) {
    if endpoint.is_public() && endpoint.docs.is_none() {
        diags
            .violation(
                RuleId::PublicNeedsDocs,
                endpoint.name.span(),
                format!("public endpoint `{}` has no doc comment", endpoint.name),
            )
            .help("add `/// Summary.` above the function: its first line is the operation's summary, the rest its description");
    }
}
