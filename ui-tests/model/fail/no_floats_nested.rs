//! A nested struct that is not a model: nothing vouches for what it holds.
use guidepost::model;

#[derive(serde::Serialize)]
pub struct Location {
    pub latitude: f64,
}

#[model]
#[derive(serde::Serialize)]
pub struct Office {
    pub name: String,
    pub location: Location,
}

fn main() {}
