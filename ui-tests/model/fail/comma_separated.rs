//! `comma_separated` reads `?x=a,b` into a list: it means nothing on a body or on a
//! parameter of one value.
use guidepost::{model, query};

#[query]
#[derive(serde::Deserialize)]
pub struct IssueQuery {
    #[guidepost(comma_separated)]
    pub status: Option<String>,
    #[guidepost(comma_seperated)]
    pub labels: Option<Vec<String>>,
}

#[model]
#[derive(serde::Deserialize)]
pub struct TeamIn {
    #[guidepost(comma_separated)]
    pub members: Vec<String>,
}

fn main() {}
