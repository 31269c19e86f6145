//! A struct variant's fields reach the wire like a struct's: the model rules hold there
//! too. An enum's `rename_all` names its values and is free; `rename_all_fields` names
//! attributes.
use guidepost::model;

#[model]
#[derive(serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Activity {
    Moved {
        #[serde(rename = "new_team")]
        team: String,
        project_id: u64,
    },
    Archived,
}

#[model]
#[derive(serde::Serialize)]
#[serde(rename_all_fields = "snake_case")]
pub enum Change {
    Renamed { old_name: String },
}

fn main() {}
