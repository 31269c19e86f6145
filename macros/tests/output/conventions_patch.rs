#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct patch;
impl patch {
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    async fn handler(
        project: Project,
        Json(change): Json<ProjectChange>,
    ) -> ApiResult<Json<ProjectOut>> {
        apply(project.id(), change).await
    }
}
const _: () = {
    #[allow(unused_imports)]
    use ::guidepost::__private::NotAnUpload as _;
    ::core::assert!(
        ! ::guidepost::__private::UploadProbe:: < Json < ProjectChange > > ::IS_UPLOAD,
        "{}", ::guidepost::__private::UPLOAD_WITHOUT_LIMITS
    );
};
#[automatically_derived]
#[allow(unused_qualifications)]
impl<__S, __M> ::guidepost::Endpoint<__S, __M> for patch
where
    __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
    __S: ::guidepost::Authenticator,
    __S: ::guidepost::Tenancy,
    Json<
        ProjectChange,
    >: ::guidepost::__private::axum::extract::FromRequest<__S, __M>
        + ::core::marker::Send,
    __M: 'static,
{
    fn meta(&self) -> ::guidepost::EndpointMeta {
        const _: ::core::option::Option<&str> = ::core::option_env!("GUIDEPOST_CONFIG");
        ::guidepost::__private::meta(::guidepost::__private::MetaParts {
            handler: "patch",
            module_path: ::core::module_path!(),
            operation_id: "update_project",
            method: ::guidepost::Method::Patch,
            path: "/organizations/{org}/projects/{project}",
            prefix: "/v1",
            profile: ::guidepost::Profile::Conventions,
            scopes: &["project:write"],
            auth: ::guidepost::Auth::Bearer,
            tenant: ::guidepost::TenantKind::Org,
            success_status: 200u16,
            summary: "",
            types: ::guidepost::__private::operation_types! {
                body : [Json < ProjectChange >], query : [], response : [ApiResult < Json
                < ProjectOut > >]
            },
            owner: ::guidepost::__private::owner(&Owner::Enterprise),
            publish: ::core::option::Option::Some(::guidepost::Publish::Private),
            scope_vocabulary: {
                const SCOPES: ::guidepost::ScopeVocabulary = ::guidepost::ScopeVocabulary::new(
                    &["org", "project", "team", "member", "event", "alerts"],
                    &[],
                );
                SCOPES
            },
            ..::guidepost::__private::MetaParts::DEFAULT
        })
    }
    fn call(
        state: __S,
        request: ::guidepost::__private::Request,
    ) -> impl ::core::future::Future<
        Output = ::guidepost::__private::Response,
    > + ::core::marker::Send + 'static {
        const __PLAN: ::guidepost::__private::Plan = ::guidepost::__private::Plan {
            rate_limit: false,
            scopes: ::core::option::Option::Some(&["project:write"]),
            params: &[],
        };
        ::guidepost::__private::run::<
            __S,
            __M,
            ::guidepost::__private::Authenticate,
            ::guidepost::__private::ResolveOrg,
            ::guidepost::__private::ResolveProject,
            (
                ::guidepost::__private::ProjectArg,
                ::guidepost::__private::RequestArg<Json<ProjectChange>>,
            ),
            _,
            _,
        >(
            state,
            request,
            &__PLAN,
            move |(__arg0, __arg1): (Project, Json<ProjectChange>)| {
                ::guidepost::__private::answer(
                    Self::handler(__arg0, __arg1),
                    |__output| { ::guidepost::rules::response(__output) },
                )
            },
        )
    }
}
