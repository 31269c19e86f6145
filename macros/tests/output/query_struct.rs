/// The filters of the issue list.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueQuery {
    /// Only issues with this status.
    pub status: Option<String>,
}
const _: () = {
    #[allow(dead_code)]
    fn __guidepost_field_types() {
        ::guidepost::rules::model_field::<Option<String>>();
    }
};
#[automatically_derived]
impl ::guidepost::QueryModel for IssueQuery {
    fn parameters(
        schemas: &mut ::guidepost::Schemas,
    ) -> ::std::vec::Vec<::guidepost::__private::utoipa::openapi::path::Parameter> {
        #[allow(unused_imports)]
        use ::guidepost::__private::{KnownField as _, UnknownField as _};
        ::guidepost::__private::query_parameters(
            schemas,
            ::std::vec![
                ::guidepost::__private::FieldModel::new("status",
                "Only issues with this status.", (& ::guidepost::__private::Field:: <
                Option < String > > ::new()).field_type())
            ],
        )
    }
    fn validate(&self) -> ::core::result::Result<(), ::guidepost::ApiError> {
        ::core::result::Result::Ok(())
    }
}
