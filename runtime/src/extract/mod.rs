//! Extractors a handler takes, each answering its rejection with the structured error
//! body: `Json` and `Query` for `#[model]`/`#[query]` types (`json`), `Expand` and
//! `Collapse` (`fields`), `Sort` (`sort`), `Upload` (`upload`).

pub(crate) mod fields;
pub(crate) mod json;
pub(crate) mod sort;
pub(crate) mod upload;
