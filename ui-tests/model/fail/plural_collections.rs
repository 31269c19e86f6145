use guidepost::{Id, model};

#[model]
#[derive(serde::Serialize)]
pub struct Member {
    pub id: Id,
}

#[model]
#[derive(serde::Serialize)]
pub struct TeamOut {
    pub member: Vec<Member>,
    pub project_id: Vec<Id>,
    pub metadata: Vec<String>,
}

fn main() {}
