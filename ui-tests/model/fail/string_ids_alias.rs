//! An integer id behind an alias: the type checker finds it.
use guidepost::model;

type ProjectId = u64;

#[model]
#[derive(serde::Serialize)]
pub struct KeyOut {
    pub project_id: ProjectId,
}

fn main() {}
