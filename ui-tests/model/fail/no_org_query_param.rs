use guidepost::query;

#[query]
#[derive(serde::Deserialize)]
pub struct StatsQuery {
    pub organization: String,
    pub stats_period: Option<String>,
}

fn main() {}
