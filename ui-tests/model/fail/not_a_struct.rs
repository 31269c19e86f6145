use guidepost::{model, query};

#[model]
#[derive(serde::Serialize)]
pub struct Wrapper(pub String);

#[query]
#[derive(serde::Deserialize)]
pub enum Mode {
    Fast,
}

#[model(allow(collection_plural, reason = "not a model rule"))]
#[derive(serde::Serialize)]
pub struct Allowed {
    pub name: String,
}

fn main() {}
