//! The rules' ids, from `guidepost_core::rules`: the names `allow(<id>)` takes and every
//! diagnostic carries. A leaf of the crate, beside the error sink, so that the grammar and
//! the sink need not import the rules that use them.

pub(crate) use guidepost_core::rules::RuleId;
