//! Each serde shape a `#[model]` can take, its schema checked against what serde really
//! writes: the sample (`serde_json::to_value`) validates against the schema (JSON Schema
//! 2020-12, with `#/components/schemas/…` resolved), and the names the schema lists are
//! the names serde writes. A sample of another shape is refused, so the check can fail.

use guidepost::{Id, ModelField, Schemas, model};
use serde::Serialize;
use serde_json::{Value, json};

/// The schema of `T` with every named schema it refers to, as one JSON Schema document.
fn schema_of<T: ModelField>() -> (Value, Value) {
    let mut schemas = Schemas::new();
    let reference = serde_json::to_value(T::schema(&mut schemas)).unwrap();
    let components: serde_json::Map<String, Value> = schemas
        .into_map()
        .into_iter()
        .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap()))
        .collect();
    let name = reference["$ref"]
        .as_str()
        .and_then(|reference| reference.rsplit('/').next())
        .unwrap()
        .to_owned();
    let own = components[&name].clone();
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": reference["$ref"],
        "components": {"schemas": components},
    });
    (root, own)
}

fn validator(root: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(root)
        .unwrap()
}

/// Every sample conforms; every refused value is refused.
fn check<T: ModelField + Serialize>(samples: &[T], refused: &[Value]) -> Value {
    let (root, own) = schema_of::<T>();
    let validator = validator(&root);
    for sample in samples {
        let value = serde_json::to_value(sample).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{value} against {own:#}: {errors:?}");
    }
    for value in refused {
        assert!(!validator.is_valid(value), "{value} passes {own:#}");
    }
    own
}

/// The property names of an object schema.
fn names(schema: &Value) -> Vec<String> {
    let mut names: Vec<String> = schema["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The keys serde writes for `value`.
fn keys(value: &impl Serialize) -> Vec<String> {
    let mut keys: Vec<String> = serde_json::to_value(value)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// Acronyms: serde's camelCase lowercases the first letter only.
#[model]
#[derive(Serialize, Clone, Copy)]
pub enum Transport {
    HTTPS,
    SSHKey,
    Plain,
}

#[test]
fn unit_variants_are_named_as_serde_names_them() {
    let all = [Transport::HTTPS, Transport::SSHKey, Transport::Plain];
    let schema = check(&all, &[json!("https"), json!("sshKey"), json!("SSHKey")]);
    let written: Vec<Value> = all
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    assert_eq!(schema["enum"], Value::Array(written));
    assert_eq!(schema["enum"], json!(["hTTPS", "sSHKey", "plain"]));
}

/// Field renames: `rename`, an explicit `rename_all`, `skip`, `skip_serializing_if`,
/// `default`, `flatten`.
#[model]
#[derive(Serialize, Clone)]
pub struct Renamed {
    pub id: Id,
    #[serde(rename = "displayName")]
    pub name: String,
    #[serde(skip)]
    pub secret: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default)]
    pub is_public: bool,
    #[serde(flatten)]
    pub audit: Audit,
}

#[model]
#[derive(Serialize, Clone)]
pub struct Audit {
    pub created_by: String,
}

#[model]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explicit {
    pub date_created: String,
}

#[test]
fn struct_fields_are_named_and_required_as_serde_writes_them() {
    let full = Renamed {
        id: Id::from(4),
        name: "Backend".into(),
        secret: "hunter2".into(),
        team: Some("core".into()),
        is_public: true,
        audit: Audit {
            created_by: "alice".into(),
        },
    };
    let bare = Renamed {
        team: None,
        ..full.clone()
    };
    let schema = check(
        &[full.clone(), bare],
        &[
            json!({"id": "4", "displayName": "x", "isPublic": true}),
            json!({"id": 4, "displayName": "x", "createdBy": "a"}),
        ],
    );
    let object = &schema["allOf"][0];
    assert_eq!(names(object), ["displayName", "id", "isPublic", "team"]);
    assert_eq!(object["required"], json!(["id", "displayName"]));
    let mut written = keys(&full);
    written.retain(|key| key != "createdBy");
    assert_eq!(names(object), written);
    let explicit = check(
        &[Explicit {
            date_created: "2026-11-30".into(),
        }],
        &[],
    );
    assert_eq!(names(&explicit), ["dateCreated"]);
}

/// serde's default: `"unit"`, `{"newtype": …}`, `{"tuple": [...]}`, `{"struct": {…}}`.
#[model]
#[derive(Serialize)]
pub enum External {
    Unit,
    Newtype(Audit),
    Tuple(String, u32),
    Struct {
        team_name: String,
        member_count: u32,
    },
}

#[test]
fn externally_tagged_enums_are_one_of_their_variants() {
    let samples = [
        External::Unit,
        External::Newtype(Audit {
            created_by: "a".into(),
        }),
        External::Tuple("a".into(), 2),
        External::Struct {
            team_name: "core".into(),
            member_count: 3,
        },
    ];
    let schema = check(
        &samples,
        &[
            json!("newtype"),
            json!({"unit": null}),
            json!({"tuple": ["a"]}),
            json!({"tuple": ["a", 2, 3]}),
            json!({"struct": {"team_name": "core", "member_count": 3}}),
            // Two variants at once match two alternatives: `oneOf` refuses it. (A
            // variant's object admits other keys, so that a flattened enum's schema holds
            // beside its struct's fields.)
            json!({"struct": {"teamName": "core", "memberCount": 3}, "tuple": ["a", 2]}),
        ],
    );
    assert_eq!(schema["oneOf"].as_array().unwrap().len(), 4);
    assert_eq!(schema["oneOf"][0]["enum"], json!(["unit"]));
    // A struct variant's fields are attributes: camelCase, as serde writes them.
    let written = serde_json::to_value(&samples[3]).unwrap();
    assert_eq!(
        written,
        json!({"struct": {"teamName": "core", "memberCount": 3}})
    );
    assert_eq!(
        names(&schema["oneOf"][3]["properties"]["struct"]),
        ["memberCount", "teamName"]
    );
    assert_eq!(schema["oneOf"][3]["title"], "Struct");
}

/// `#[serde(tag = "type")]`: `{"type": "…", …fields}`.
#[model]
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum Internal {
    Unit,
    Newtype(Audit),
    Struct { team_name: String },
}

#[test]
fn internally_tagged_enums_carry_the_tag_beside_the_fields() {
    let samples = [
        Internal::Unit,
        Internal::Newtype(Audit {
            created_by: "a".into(),
        }),
        Internal::Struct {
            team_name: "core".into(),
        },
    ];
    let schema = check(
        &samples,
        &[
            json!({"type": "other"}),
            json!({"teamName": "core"}),
            json!({"type": "newtype"}),
            json!({"type": "struct"}),
        ],
    );
    assert_eq!(
        serde_json::to_value(&samples[2]).unwrap(),
        json!({"type": "struct", "teamName": "core"})
    );
    assert_eq!(names(&schema["oneOf"][2]), ["teamName", "type"]);
    assert_eq!(schema["oneOf"][2]["required"], json!(["type", "teamName"]));
}

/// `#[serde(tag = "t", content = "c")]`.
#[model]
#[derive(Serialize)]
#[serde(tag = "kind", content = "value")]
pub enum Adjacent {
    Unit,
    Newtype(u32),
    Tuple(String, String),
    Struct { team_name: String },
}

#[test]
fn adjacently_tagged_enums_put_the_content_under_its_key() {
    let samples = [
        Adjacent::Unit,
        Adjacent::Newtype(3),
        Adjacent::Tuple("a".into(), "b".into()),
        Adjacent::Struct {
            team_name: "core".into(),
        },
    ];
    let schema = check(
        &samples,
        &[
            json!({"kind": "newtype", "value": "3"}),
            json!({"kind": "newtype"}),
            json!({"kind": "struct", "value": {"team_name": "core"}}),
            json!({"value": 3}),
        ],
    );
    assert_eq!(names(&schema["oneOf"][1]), ["kind", "value"]);
}

/// `#[serde(untagged)]`: the content alone; serde reads the first that fits.
#[model]
#[derive(Serialize)]
#[serde(untagged)]
pub enum Untagged {
    Nothing,
    Number(u32),
    Pair(String, u32),
    Named { team_name: String },
}

/// A variant untagged inside a tagged enum (serde 1.0.181+): the fallback.
#[model]
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum Fallback {
    Known {
        team_name: String,
    },
    #[serde(untagged)]
    Other(String),
}

#[test]
fn untagged_variants_are_any_of_their_contents() {
    let samples = [
        Untagged::Nothing,
        Untagged::Number(3),
        Untagged::Pair("a".into(), 1),
        Untagged::Named {
            team_name: "core".into(),
        },
    ];
    let schema = check(&samples, &[json!("text"), json!([1, "a"]), json!(true)]);
    assert_eq!(schema["anyOf"].as_array().unwrap().len(), 4);
    assert_eq!(schema["anyOf"][0]["type"], "null");
    let fallback = check(
        &[
            Fallback::Known {
                team_name: "core".into(),
            },
            Fallback::Other("anything".into()),
        ],
        &[json!(3), json!({"type": "known"})],
    );
    assert!(fallback["anyOf"].is_array());
}

/// Skipped variants are not on the wire; explicit renames are kept.
#[model]
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unresolved,
    InProgress,
    #[serde(rename = "ignored")]
    Muted,
    #[serde(skip)]
    #[allow(dead_code)]
    Internal,
}

#[test]
fn values_follow_the_enums_own_rename_all_and_skips() {
    let schema = check(
        &[Status::Unresolved, Status::InProgress, Status::Muted],
        &[json!("internal"), json!("inProgress"), json!("muted")],
    );
    assert_eq!(
        schema["enum"],
        json!(["unresolved", "in_progress", "ignored"])
    );
}

/// `Option<Option<T>>`: both `None` and `Some(None)` write `null`, which one nullable
/// branch admits (two would make `null` match twice, and `oneOf` fail).
#[model]
#[derive(Serialize)]
pub struct Patch {
    pub name: Option<Option<String>>,
}

/// An externally tagged enum flattened into a struct: its variant sits beside the fields.
#[model]
#[derive(Serialize)]
pub struct Notifier {
    pub name: String,
    #[serde(flatten)]
    pub kind: Channel,
}

#[model]
#[derive(Serialize)]
pub enum Channel {
    Slack { channel_name: String },
    Email(String),
}

/// An input model: `#[model]` adds `deny_unknown_fields`, and the schema closes its
/// object; a container `default` makes every field optional.
#[model]
#[derive(Serialize, serde::Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    pub team_name: String,
    pub is_public: bool,
}

#[test]
fn nested_options_flattened_enums_defaults_and_closed_inputs() {
    check(
        &[
            Patch { name: None },
            Patch {
                name: Some(Some("a".into())),
            },
        ],
        &[json!({"name": 3})],
    );
    let notifier = Notifier {
        name: "n".into(),
        kind: Channel::Slack {
            channel_name: "c".into(),
        },
    };
    assert_eq!(
        serde_json::to_value(&notifier).unwrap(),
        json!({"name": "n", "slack": {"channelName": "c"}})
    );
    check(
        &[
            notifier,
            Notifier {
                name: "m".into(),
                kind: Channel::Email("a@example.com".into()),
            },
        ],
        &[json!({"name": "n"}), json!({"name": "n", "slack": {}})],
    );
    let settings = check(&[Settings::default()], &[json!({"teamName": 3})]);
    // Not closed: a closed schema would refuse its own output wherever it is flattened
    // or held by an internally tagged variant (`allOf`); unknown fields are a 422.
    assert!(settings["additionalProperties"].is_null());
    assert!(settings["required"].is_null(), "{settings}");
    // The server reads what the schema admits: `{}` is every default.
    let empty: Settings = serde_json::from_value(json!({})).unwrap();
    assert_eq!(empty.team_name, "");
    assert!(serde_json::from_value::<Settings>(json!({"colour": "red"})).is_err());
}

/// One schema serves requests and responses: a field serde only writes is `readOnly`,
/// one it only reads `writeOnly`.
#[model]
#[derive(Serialize, serde::Deserialize)]
pub struct Account {
    #[serde(skip_deserializing)]
    pub date_created: String,
    #[serde(skip_serializing, default)]
    pub password: String,
    pub name: String,
}

#[test]
fn one_way_fields_are_read_only_or_write_only() {
    let account = Account {
        date_created: "2026-11-30".into(),
        password: "hunter2".into(),
        name: "alice".into(),
    };
    let written = serde_json::to_value(&account).unwrap();
    assert_eq!(
        written,
        json!({"dateCreated": "2026-11-30", "name": "alice"})
    );
    let schema = check(&[account], &[]);
    assert_eq!(schema["properties"]["dateCreated"]["readOnly"], true);
    assert_eq!(schema["properties"]["password"]["writeOnly"], true);
    assert!(schema["properties"]["name"]["readOnly"].is_null());
    // The server reads what a client may send: no `dateCreated`, a `password`.
    let read: Account = serde_json::from_value(json!({"name": "a", "password": "p"})).unwrap();
    assert_eq!(read.password, "p");
    assert!(serde_json::from_value::<Account>(json!({"name": "a", "dateCreated": "x"})).is_err());
}

/// `#[serde(tag = "type")]` on a struct: serde writes the struct's name in the tag.
#[model]
#[derive(Serialize)]
#[serde(tag = "type")]
pub struct Deploy {
    #[guidepost(example = "production")]
    pub environment: String,
}

#[test]
fn a_tagged_struct_has_its_tag() {
    let deploy = Deploy {
        environment: "staging".into(),
    };
    assert_eq!(
        serde_json::to_value(&deploy).unwrap(),
        json!({"type": "Deploy", "environment": "staging"})
    );
    let schema = check(&[deploy], &[json!({"type": "Other", "environment": "x"})]);
    assert_eq!(schema["required"], json!(["type", "environment"]));
    assert_eq!(
        Deploy::example(),
        Some(json!({"type": "Deploy", "environment": "production"}))
    );
}

/// A model inside itself: its schema is a `$ref`, and its example stops at the first
/// repetition (an empty list of replies) instead of recursing.
#[model]
#[derive(Serialize)]
pub struct Comment {
    pub id: Id,
    pub replies: Vec<Comment>,
}

/// A type's own example that breaks the field's constraint is dropped: `Slug`'s
/// `"backend"` is longer than 3.
#[model]
#[derive(Serialize)]
pub struct Short {
    #[guidepost(length(max = 3))]
    pub code: guidepost::Slug,
}

/// A literal example on a list is one item.
#[model]
#[derive(Serialize)]
pub struct Tagged {
    #[guidepost(example = "backend")]
    pub tags: Vec<String>,
}

#[test]
fn examples_end_hold_their_constraints_and_fill_lists() {
    assert_eq!(Comment::example(), Some(json!({"id": "42", "replies": []})));
    check(
        &[Comment {
            id: Id::from(1),
            replies: vec![Comment {
                id: Id::from(2),
                replies: Vec::new(),
            }],
        }],
        &[],
    );
    assert_eq!(Short::example(), None);
    assert_eq!(Tagged::example(), Some(json!({"tags": ["backend"]})));
    let (root, _) = schema_of::<Tagged>();
    assert!(validator(&root).is_valid(&Tagged::example().unwrap()));
}

/// A tagged struct reads its own output: `#[model]` adds no `deny_unknown_fields` there.
#[model]
#[derive(Serialize, serde::Deserialize)]
#[serde(tag = "type")]
pub struct DeployIn {
    pub environment: String,
}

#[test]
fn a_tagged_input_struct_reads_what_it_writes() {
    let written = serde_json::to_value(DeployIn {
        environment: "x".into(),
    })
    .unwrap();
    let read: DeployIn = serde_json::from_value(written).unwrap();
    assert_eq!(read.environment, "x");
}

/// A field type of your own named like one of the runtime's (`Slug` here) keeps its own
/// constraints: the macro leaves unvalidated, by name, only the standard library's plain
/// types (`String`, `bool`, the integers), so `{"slug": "much-too-long"}` is a 422.
#[test]
fn a_field_type_named_like_a_runtime_type_is_still_validated() {
    mod own {
        /// A short slug of this API's own.
        #[guidepost::model]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct Slug {
            #[guidepost(length(min = 1, max = 5))]
            pub value: String,
        }
    }
    /// Holds one.
    #[model]
    #[derive(Serialize, serde::Deserialize)]
    pub struct Holder {
        pub slug: own::Slug,
        pub name: String,
    }
    let holder = |value: &str| Holder {
        slug: own::Slug {
            value: value.to_owned(),
        },
        name: "n".to_owned(),
    };
    assert!(guidepost::ApiModel::validate(&holder("short")).is_ok());
    let error = guidepost::ApiModel::validate(&holder("much-too-long")).unwrap_err();
    assert_eq!(error.status(), 422);
    assert_eq!(error.code(), "VALIDATION_FAILED");
    assert!(
        error.details()["field"]
            .as_str()
            .is_some_and(|field| field.starts_with("slug")),
        "{:?}",
        error.details()
    );
}

/// A generic model and one that borrows: their fields' schemas come from the type
/// arguments (`data: T` is `T`'s schema), and a borrowed `&'a str` is a string.
#[test]
fn generic_and_borrowing_models_describe_their_fields() {
    /// An envelope around any model field.
    #[model]
    #[derive(Serialize)]
    pub struct Envelope<T> {
        /// What it holds.
        pub data: T,
        pub count: u32,
    }
    /// A name it does not own.
    #[model]
    #[derive(Serialize)]
    pub struct Named<'a> {
        #[guidepost(example = "backend")]
        pub name: &'a str,
    }
    let own = check(
        &[Envelope {
            data: Id::from(7),
            count: 1,
        }],
        &[json!({"data": 7, "count": 1}), json!({"count": 1})],
    );
    assert_eq!(names(&own), ["count", "data"]);
    assert_eq!(own["properties"]["data"]["type"], "string");
    assert_eq!(own["properties"]["data"]["description"], "What it holds.");
    let own = check(&[Named { name: "web" }], &[json!({"name": 7})]);
    assert_eq!(own["properties"]["name"]["type"], "string");
    assert_eq!(
        <Named<'static> as ModelField>::example(),
        Some(json!({"name": "backend"}))
    );
}
