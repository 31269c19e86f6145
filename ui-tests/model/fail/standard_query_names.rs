use guidepost::query;

#[query]
#[derive(serde::Deserialize)]
pub struct ListQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub sort: Option<String>,
    pub query: Option<String>,
    /// Read by `Expand`, which the endpoint declares: the document would list it twice.
    pub expand: Option<String>,
}

fn main() {}

#[query]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strict {
    pub query: Option<String>,
}
