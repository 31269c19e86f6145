//! Ownership, publishing and docs (Sentry's "Publishing an API").

use super::{Operation, Part, Report, RuleId, Source, closest};
use crate::config::Config;

pub(super) fn owner_required(op: &Operation, _: &Config, report: &mut Report) {
    if !op.has_owner {
        report
            .violation(
                RuleId::OwnerRequired,
                Part::Declaration,
                format!("endpoint `{}` names no owner", op.name),
            )
            .help(match op.source {
                Source::Rust => "add `owner = Owner::Team`: the team that answers for this endpoint",
                Source::OpenApi => "add `\"x-owner\": \"<team>\"` to the operation: the team that answers for this endpoint",
            });
    }
}

pub(super) fn publish_required(op: &Operation, _: &Config, report: &mut Report) {
    if !op.has_publish {
        report
            .violation(
                RuleId::PublishRequired,
                Part::Declaration,
                format!("endpoint `{}` has no publish status", op.name),
            )
            .help(match op.source {
                Source::Rust => "add `publish = Public`, `publish = Experimental` or `publish = Private`",
                Source::OpenApi => "add `\"x-publish-status\"` to the operation: `\"Public\"`, `\"Experimental\"` or `\"Private\"`",
            });
    }
}

pub(super) fn public_needs_tags(op: &Operation, config: &Config, report: &mut Report) {
    if op.is_public() && op.tags.is_empty() {
        let example = config
            .tags
            .as_ref()
            .and_then(|tags| tags.first())
            .map_or("Projects", String::as_str);
        report
            .violation(
                RuleId::PublicNeedsTags,
                Part::Publish,
                format!("public endpoint `{}` has no sidebar tag", op.name),
            )
            .help(match op.source {
                Source::Rust => {
                    format!("add `tags = [\"{example}\"]`: the tag is the docs' sidebar section")
                }
                Source::OpenApi => {
                    format!("add `\"tags\": [\"{example}\"]`: the tag is the docs' sidebar section")
                }
            });
    }
}

pub(super) fn unknown_tag(op: &Operation, config: &Config, report: &mut Report) {
    let Some(known) = &config.tags else { return };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for (index, text) in op.tags.iter().enumerate() {
        if known.contains(&text.as_str()) {
            continue;
        }
        let help = match closest(text, &known) {
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
        report
            .violation(
                RuleId::UnknownTag,
                Part::Tag(index),
                format!("unknown tag `{text}`"),
            )
            .help(help);
    }
}

pub(super) fn public_needs_docs(op: &Operation, _: &Config, report: &mut Report) {
    if op.is_public() && !op.has_docs {
        report
            .violation(
                RuleId::PublicNeedsDocs,
                Part::Name,
                format!("public endpoint `{}` has no doc comment", op.name),
            )
            .help(match op.source {
                Source::Rust => "add `/// Summary.` above the function: its first line is the operation's summary, the rest its description",
                Source::OpenApi => "add a `summary` (the docs' title of the operation) and a `description`",
            });
    }
}

pub(super) fn silo_required(op: &Operation, config: &Config, report: &mut Report) {
    if !config.silos || op.silo.is_some() {
        return;
    }
    // The silo its tenant suggests: customer data in its region, the rest in control.
    let tenant = op.tenant.unwrap_or(if op.has_param("project") {
        crate::TenantKind::Project
    } else {
        crate::TenantKind::Org
    });
    let silo = crate::Silo::of_tenant(tenant);
    let why = match silo {
        crate::Silo::Region => "it serves an organization's data, which lives in its region",
        _ => "it serves no organization's data: users and authentication live in control",
    };
    report
        .violation(
            RuleId::SiloRequired,
            Part::Declaration,
            format!(
                "endpoint `{}` declares no silo, and `guidepost.toml` splits the API into silos",
                op.name
            ),
        )
        .help(match op.source {
            Source::Rust => format!("add `silo = {silo}`: {why}"),
            Source::OpenApi => format!(
                "add `\"x-silo\": \"{silo}\"` to the operation ({}): {why}",
                crate::Silo::WORDS
                    .iter()
                    .map(|word| format!("`{word}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
}
