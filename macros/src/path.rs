//! The path template parser is the core vocabulary's (`guidepost_core::path`), shared
//! with the runtime; the rules read it through here.

pub(crate) use guidepost_core::path::{PathTemplate, shape_of};
