use guidepost::model;

#[model]
#[derive(serde::Serialize)]
pub struct ProjectOut {
    pub id: u64,
    pub owner_id: Option<i64>,
    pub slug: String,
}

fn main() {}
