//! The rules judge the names serde really reads and writes, however they were renamed:
//! a one-sided `rename`, a variant's own `rename_all`, an `alias` of a query parameter.
use guidepost::{model, query};

#[model]
#[derive(serde::Serialize)]
pub struct MemberOut {
    #[serde(rename(serialize = "user_name"))]
    pub name: String,
}

#[model]
#[derive(serde::Serialize)]
pub enum Activity {
    #[serde(rename_all = "snake_case")]
    Moved { team_name: String },
}

#[query]
#[derive(serde::Deserialize)]
pub struct IssueQuery {
    #[serde(rename(deserialize = "sort_key"))]
    pub key: Option<String>,
    #[serde(alias = "expand")]
    pub include: Option<String>,
}

fn main() {}
