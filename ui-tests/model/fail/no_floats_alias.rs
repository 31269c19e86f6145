//! A float hidden behind a type alias, and one inside a nested model.
use guidepost::model;

type Score = f64;

#[model]
#[derive(serde::Serialize)]
pub struct Ranked {
    pub score: Score,
}

#[model]
#[derive(serde::Serialize)]
pub struct Board {
    pub entries: Vec<Ranked>,
}

fn main() {}
