/// Create a project.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct create_project;
impl create_project {
    /// Create a project.
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    async fn handler(
        org: Org,
        State(db): State<Db>,
        Json(body): Json<ProjectIn>,
    ) -> ApiResult<Created<ProjectOut>> {
        Ok(Created(db.create_project(org.id(), body).await?))
    }
}
const _: () = {
    #[allow(unused_imports)]
    use ::guidepost::__private::NotAnUpload as _;
    ::core::assert!(
        ! ::guidepost::__private::UploadProbe:: < Json < ProjectIn > > ::IS_UPLOAD, "{}",
        ::guidepost::__private::UPLOAD_WITHOUT_LIMITS
    );
};
#[automatically_derived]
#[allow(unused_qualifications)]
impl<__S, __M> ::guidepost::Endpoint<__S, __M> for create_project
where
    __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
    __S: ::guidepost::Authenticator,
    __S: ::guidepost::Tenancy,
    State<
        Db,
    >: ::guidepost::__private::axum::extract::FromRequestParts<__S>
        + ::core::marker::Send,
    Json<
        ProjectIn,
    >: ::guidepost::__private::axum::extract::FromRequest<__S, __M>
        + ::core::marker::Send,
    __M: 'static,
{
    fn meta(&self) -> ::guidepost::EndpointMeta {
        const _: &[u8] = ::core::include_bytes!("guidepost.toml");
        const _: ::core::option::Option<&str> = ::core::option_env!("GUIDEPOST_CONFIG");
        ::guidepost::__private::meta(::guidepost::__private::MetaParts {
            handler: "create_project",
            module_path: ::core::module_path!(),
            operation_id: "create_project",
            method: ::guidepost::Method::Post,
            path: "/organizations/{org}/projects/",
            prefix: "/api/0",
            profile: ::guidepost::Profile::Sentry,
            scopes: &["project:write"],
            auth: ::guidepost::Auth::Bearer,
            tenant: ::guidepost::TenantKind::Org,
            success_status: 201u16,
            summary: "Create a project.",
            types: ::guidepost::__private::operation_types! {
                body : [Json < ProjectIn >], query : [], response : [ApiResult < Created
                < ProjectOut > >]
            },
            owner: ::guidepost::__private::owner(&Owner::Enterprise),
            publish: ::core::option::Option::Some(::guidepost::Publish::Experimental),
            rate_limit: ::core::option::Option::Some(::guidepost::RateLimit {
                count: 10u32,
                per_seconds: 60u32,
            }),
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
            rate_limit: true,
            scopes: ::core::option::Option::Some(&["project:write"]),
            params: &[],
        };
        ::guidepost::__private::run::<
            __S,
            __M,
            ::guidepost::__private::Authenticate,
            ::guidepost::__private::ResolveOrg,
            ::guidepost::__private::Skip,
            (
                ::guidepost::__private::OrgArg,
                ::guidepost::__private::PartsArg<State<Db>>,
                ::guidepost::__private::RequestArg<Json<ProjectIn>>,
            ),
            _,
            _,
        >(
            state,
            request,
            &__PLAN,
            move |(__arg0, __arg1, __arg2): (Org, State<Db>, Json<ProjectIn>)| {
                ::guidepost::__private::answer(
                    Self::handler(__arg0, __arg1, __arg2),
                    |__output| {
                        ::guidepost::rules::created(&__output);
                        ::guidepost::rules::response(__output)
                    },
                )
            },
        )
    }
}
