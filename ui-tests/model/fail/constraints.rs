//! A misspelt constraint, a bound-less one, and `length` on an integer.
use guidepost::model;

#[model]
#[derive(serde::Deserialize)]
pub struct TeamIn {
    #[guidepost(lenght(max = 64))]
    pub name: String,
    #[guidepost(range())]
    pub slug: String,
    #[guidepost(length(max = 3))]
    pub size: u32,
}

fn main() {}
