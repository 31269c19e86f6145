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
    fn __described() -> ::core::option::Option<::guidepost::__private::StructModel> {
        #[allow(unused_imports)]
        use ::guidepost::__private::{KnownField as _, UnknownField as _};
        ::core::option::Option::Some(
            ::guidepost::__private::StructModel::new(
                "ProjectIn",
                ::guidepost::__private::ObjectModel::new(
                    "A project to create.",
                    ::std::vec![
                        ::guidepost::__private::FieldModel::new("name",
                        "The display name.", (& ::guidepost::__private::Field:: < String
                        > ::new()).field_type())
                        .length(::core::option::Option::Some(1usize),
                        ::core::option::Option::Some(64usize)),
                        ::guidepost::__private::FieldModel::new("teamIds", "", (&
                        ::guidepost::__private::Field:: < Vec < Id > > ::new())
                        .field_type())
                    ],
                ),
            ),
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
        (&::guidepost::__private::Field::<Vec<Id>>::new())
            .validate_of(&self.team_ids, "teamIds")?;
        ::core::result::Result::Ok(())
    }
}
