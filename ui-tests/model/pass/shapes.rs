//! Models as the guide wants them: camelCase, string ids, decimals, nested models,
//! plural lists, serde attributes of the user's own, constraints checked by `validate`.
use guidepost::{ApiModel, Decimal, Id, ModelField, QueryModel, Ref, Schemas, model, query};
use guidepost_ui_tests::Team;

/// A money amount, kept exact.
type Price = Decimal;

#[model]
#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
pub struct Member {
    pub id: Id,
    #[guidepost(length(min = 1, max = 8))]
    pub name: String,
}

#[model]
#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
pub struct Plan {
    pub id: Id,
    pub date_created: String,
    pub price: Price,
    pub owner_id: Option<Id>,
    pub team_ids: Vec<Id>,
    pub members: Vec<Member>,
    pub lead: Option<Box<Member>>,
    #[serde(rename = "isPublic")]
    pub public: bool,
    #[serde(skip)]
    pub cache_hits: f64,
    #[guidepost(range(min = 1, max = 12))]
    pub months: u8,
    pub metadata: Vec<String>,
}

/// A status: variants serialize in camelCase.
#[model]
#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
pub enum Status {
    Unresolved,
    InProgress,
}

/// Other attributes may sit between the macro and the derive.
#[model]
#[allow(dead_code)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Renamed {
    pub first_seen: String,
}

#[model]
#[derive(serde::Deserialize)]
pub struct ProjectIn {
    pub name: String,
    pub team: Ref<Team>,
}

#[model(allow(plural_collections, reason = "Sentry's own attribute name"))]
#[derive(serde::Serialize)]
pub struct Legacy {
    pub status_detail: Vec<String>,
}

#[query]
#[derive(serde::Deserialize)]
pub struct IssueQuery {
    pub status: Option<String>,
    #[guidepost(range(min = 1, max = 90))]
    pub stats_period_days: Option<u32>,
}

/// A change to a project: an enum with a struct variant refuses unknown fields too.
#[model]
#[derive(serde::Deserialize, Debug, PartialEq)]
#[serde(tag = "kind")]
pub enum Change {
    Rename { name: String },
    Archive,
}

/// A body that says it takes fields it does not know.
#[model(ignore_unknown_fields)]
#[derive(serde::Deserialize, Debug, PartialEq)]
pub struct Lenient {
    pub name: String,
}

fn main() {
    let rename: Change = serde_json::from_str(r#"{"kind": "rename", "name": "api"}"#).unwrap();
    assert_eq!(rename, Change::Rename { name: "api".into() });
    let typo = serde_json::from_str::<Change>(r#"{"kind": "rename", "nmae": "api"}"#).unwrap_err();
    assert!(typo.to_string().contains("unknown field `nmae`"), "{typo}");
    let lenient: Lenient = serde_json::from_str(r#"{"name": "a", "extra": 1}"#).unwrap();
    assert_eq!(lenient.name, "a");
    let strict = serde_json::from_str::<Member>(r#"{"id": "1", "name": "x", "extra": 1}"#);
    assert!(strict.is_err(), "a model refuses a field it does not know");

    let plan = Plan {
        id: Id(1),
        date_created: "2026-01-01T00:00:00Z".into(),
        price: "12.50".parse().unwrap(),
        owner_id: None,
        team_ids: vec![Id(2)],
        members: vec![Member { id: Id(3), name: "ada".into() }],
        lead: None,
        public: true,
        cache_hits: 0.0,
        months: 12,
        metadata: Vec::new(),
    };
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["id"], "1");
    assert_eq!(json["dateCreated"], "2026-01-01T00:00:00Z");
    assert_eq!(json["price"], "12.50");
    assert_eq!(json["teamIds"][0], "2");
    assert_eq!(json["members"][0]["id"], "3");
    assert_eq!(json["isPublic"], true);
    assert!(json.get("cacheHits").is_none());
    assert!(plan.validate().is_ok());

    let mut long = plan;
    long.members[0].name = "a name far too long".into();
    let error = long.validate().unwrap_err();
    assert_eq!(error.status(), 422);
    assert_eq!(error.details()["field"], "members[0].name");
    long.members[0].name = "ada".into();
    long.months = 13;
    assert_eq!(long.validate().unwrap_err().details()["field"], "months");

    assert_eq!(serde_json::to_string(&Status::InProgress).unwrap(), "\"inProgress\"");
    let renamed = Renamed { first_seen: "now".into() };
    assert_eq!(serde_json::to_string(&renamed).unwrap(), r#"{"firstSeen":"now"}"#);
    let _ = Legacy { status_detail: Vec::new() };

    let query: IssueQuery = serde_json::from_str(r#"{"statsPeriodDays": 120}"#).unwrap();
    assert_eq!(query.validate().unwrap_err().details()["field"], "statsPeriodDays");
    let body: ProjectIn = serde_json::from_str(r#"{"name": "x", "team": "platform"}"#).unwrap();
    assert_eq!(body.team.key(), "platform");

    // The schema says what the JSON above showed: camelCase, ids and decimals as strings.
    let mut schemas = Schemas::new();
    let reference = serde_json::to_value(<Plan as ModelField>::schema(&mut schemas)).unwrap();
    assert_eq!(reference["$ref"], "#/components/schemas/Plan");
    let plan = serde_json::to_value(schemas.get("Plan").unwrap()).unwrap();
    let properties = &plan["properties"];
    assert_eq!(properties["id"]["type"], "string");
    assert_eq!(properties["dateCreated"]["type"], "string");
    assert_eq!(properties["price"]["format"], "decimal");
    assert_eq!(properties["ownerId"]["oneOf"][1]["type"], "null");
    assert_eq!(properties["teamIds"]["items"]["type"], "string");
    assert_eq!(properties["members"]["items"]["$ref"], "#/components/schemas/Member");
    assert_eq!(properties["isPublic"]["type"], "boolean");
    assert_eq!(properties["months"]["maximum"], 12);
    assert!(properties.get("cacheHits").is_none());
    let required: Vec<&str> = plan["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(required.contains(&"id") && !required.contains(&"ownerId") && !required.contains(&"lead"));
    let member = serde_json::to_value(schemas.get("Member").unwrap()).unwrap();
    assert_eq!(member["properties"]["name"]["maxLength"], 8);
    <Status as ModelField>::schema(&mut schemas);
    let status = serde_json::to_value(schemas.get("Status").unwrap()).unwrap();
    assert_eq!(status["enum"], serde_json::json!(["unresolved", "inProgress"]));
    assert_eq!(status["description"], "A status: variants serialize in camelCase.");
    // The same schema through utoipa's traits, for a utoipa document of the user's own.
    use utoipa::{PartialSchema, ToSchema};
    assert_eq!(<Plan as ToSchema>::name(), "Plan");
    let inline = serde_json::to_value(<Plan as PartialSchema>::schema()).unwrap();
    assert_eq!(inline, plan);
    let mut referenced = Vec::new();
    <Plan as ToSchema>::schemas(&mut referenced);
    let names: Vec<&str> = referenced.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["Member"]);

    let parameters = IssueQuery::parameters(&mut schemas);
    let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["status", "statsPeriodDays"]);
}
