//! A field's example goes into the document as JSON: it is a literal.
use guidepost::model;

const NAME: &str = "Backend";

#[model]
#[derive(serde::Serialize)]
pub struct ProjectOut {
    #[guidepost(example = NAME)]
    pub name: String,
    #[guidepost(exmaple = "backend")]
    pub slug: String,
}

fn main() {}
