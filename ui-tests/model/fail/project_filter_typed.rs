use guidepost::query;

#[query]
#[derive(serde::Deserialize)]
pub struct EventsQuery {
    pub project: Option<u64>,
    pub environment: Option<String>,
}

fn main() {}
