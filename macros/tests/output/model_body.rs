/// A project to create.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ProjectIn {
    /// The display name.
    pub name: String,
    pub team_ids: Vec<Id>,
}
const _: () = {
    #[allow(dead_code)]
    fn __guidepost_field_types() {
        ::guidepost::rules::model_field::<String>();
        ::guidepost::rules::string_id::<Vec<Id>>();
        ::guidepost::rules::model_field::<Vec<Id>>();
    }
};
#[automatically_derived]
impl ::guidepost::ModelField for ProjectIn {
    fn validate_at(
        &self,
        path: &str,
    ) -> ::core::result::Result<(), ::guidepost::ApiError> {
        ::guidepost::ApiModel::validate(self)
            .map_err(|error| ::guidepost::__private::nest(error, path))
    }
    fn schema(
        schemas: &mut ::guidepost::Schemas,
    ) -> ::guidepost::__private::utoipa::openapi::RefOr<
        ::guidepost::__private::utoipa::openapi::schema::Schema,
    > {
        #[allow(unused_imports)]
        use ::guidepost::__private::{KnownField as _, UnknownField as _};
        if !::guidepost::__private::begin_schema(
            schemas,
            "ProjectIn",
            ::core::any::type_name::<Self>(),
        ) {
            return ::guidepost::__private::schema_ref("ProjectIn");
        }
        let schema = ::guidepost::__private::exemplified(
            {
                let object = ::guidepost::__private::object("A project to create.");
                let object = ::guidepost::__private::property(
                    object,
                    "name",
                    ::guidepost::__private::describe(
                        ::guidepost::__private::constrain_length(
                            (&::guidepost::__private::Field::<String>::new())
                                .schema_of(schemas),
                            ::core::option::Option::Some(1usize),
                            ::core::option::Option::Some(64usize),
                        ),
                        "The display name.",
                    ),
                    (&::guidepost::__private::Field::<String>::new()).required_of(),
                );
                let object = ::guidepost::__private::property(
                    object,
                    "teamIds",
                    ::guidepost::__private::describe(
                        (&::guidepost::__private::Field::<Vec<Id>>::new())
                            .schema_of(schemas),
                        "",
                    ),
                    (&::guidepost::__private::Field::<Vec<Id>>::new()).required_of(),
                );
                ::guidepost::__private::finish_object(object, ::std::vec![])
            },
            <Self as ::guidepost::ModelField>::example(),
        );
        ::guidepost::__private::define_schema(schemas, "ProjectIn", schema)
    }
    fn example() -> ::core::option::Option<::guidepost::__private::serde_json::Value> {
        #[allow(unused_imports)]
        use ::guidepost::__private::{KnownField as _, UnknownField as _};
        let _building = ::guidepost::__private::ExampleGuard::enter(
            ::core::any::type_name::<Self>(),
        )?;
        let mut object = ::guidepost::__private::serde_json::Map::new();
        if !::guidepost::__private::example_property(
            &mut object,
            "name",
            ::guidepost::__private::example_within(
                (&::guidepost::__private::Field::<String>::new()).example_of(),
                ::core::option::Option::Some(1i128),
                ::core::option::Option::Some(64i128),
            ),
            (&::guidepost::__private::Field::<String>::new()).required_of(),
        ) {
            return ::core::option::Option::None;
        }
        if !::guidepost::__private::example_property(
            &mut object,
            "teamIds",
            (&::guidepost::__private::Field::<Vec<Id>>::new()).example_of(),
            (&::guidepost::__private::Field::<Vec<Id>>::new()).required_of(),
        ) {
            return ::core::option::Option::None;
        }
        ::core::option::Option::Some(
            ::guidepost::__private::serde_json::Value::Object(object),
        )
    }
}
#[automatically_derived]
impl ::guidepost::__private::utoipa::PartialSchema for ProjectIn {
    fn schema() -> ::guidepost::__private::utoipa::openapi::RefOr<
        ::guidepost::__private::utoipa::openapi::schema::Schema,
    > {
        ::guidepost::__private::inline_schema::<Self>("ProjectIn")
    }
}
#[automatically_derived]
impl ::guidepost::__private::utoipa::ToSchema for ProjectIn {
    fn name() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Borrowed("ProjectIn")
    }
    fn schemas(
        schemas: &mut ::std::vec::Vec<
            (
                ::std::string::String,
                ::guidepost::__private::utoipa::openapi::RefOr<
                    ::guidepost::__private::utoipa::openapi::schema::Schema,
                >,
            ),
        >,
    ) {
        ::guidepost::__private::referenced_schemas::<Self>("ProjectIn", schemas)
    }
}
#[automatically_derived]
impl ::guidepost::ApiModel for ProjectIn {
    fn validate(&self) -> ::core::result::Result<(), ::guidepost::ApiError> {
        #[allow(unused_imports)]
        use ::guidepost::__private::{KnownField as _, UnknownField as _};
        ::guidepost::rules::check_length(
            &self.name,
            "name",
            ::core::option::Option::Some(1usize),
            ::core::option::Option::Some(64usize),
        )?;
        (&::guidepost::__private::Field::<String>::new())
            .validate_of(&self.name, "name")?;
        (&::guidepost::__private::Field::<Vec<Id>>::new())
            .validate_of(&self.team_ids, "teamIds")?;
        ::core::result::Result::Ok(())
    }
}
