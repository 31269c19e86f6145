use guidepost::model;

#[model]
#[derive(serde::Serialize)]
pub struct StatsOut {
    pub error_rate: f64,
    pub p95: Option<f32>,
}

fn main() {}
