//! The derive above `#[model]` has already run when the model macro adds the renaming.
use guidepost::model;

#[derive(serde::Serialize)]
#[model]
pub struct ProjectOut {
    pub date_created: String,
}

fn main() {}
