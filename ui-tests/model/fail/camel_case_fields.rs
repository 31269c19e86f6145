use guidepost::{Id, model};

#[model]
#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub struct ProjectOut {
    pub id: Id,
    #[serde(rename = "date_created")]
    pub created: String,
}

fn main() {}
