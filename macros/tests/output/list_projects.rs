/// List an organization's projects.
///
/// Newest first.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
pub struct list_projects;
impl list_projects {
    /// List an organization's projects.
    ///
    /// Newest first.
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    pub async fn handler(
        org: Org,
        sort: Sort,
        page: PageRequest,
        State(db): State<Db>,
    ) -> ApiResult<Page<ProjectOut>> {
        db.projects_of(org.id(), sort, page).await
    }
}
const _: () = {
    #[allow(unused_imports)]
    use ::guidepost::__private::NotAnUpload as _;
    ::core::assert!(
        ! ::guidepost::__private::UploadProbe:: < State < Db > > ::IS_UPLOAD, "{}",
        ::guidepost::__private::UPLOAD_WITHOUT_LIMITS
    );
};
#[automatically_derived]
#[allow(unused_qualifications)]
impl<__S, __M> ::guidepost::Endpoint<__S, __M> for list_projects
where
    __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
    __S: ::guidepost::Authenticator,
    __S: ::guidepost::Tenancy,
    Sort: ::guidepost::__private::axum::extract::FromRequestParts<__S>
        + ::core::marker::Send,
    PageRequest: ::guidepost::__private::axum::extract::FromRequestParts<__S>
        + ::core::marker::Send,
    State<
        Db,
    >: ::guidepost::__private::axum::extract::FromRequest<__S, __M>
        + ::core::marker::Send,
    __M: 'static,
{
    fn meta(&self) -> ::guidepost::EndpointMeta {
        const _: &[u8] = ::core::include_bytes!("guidepost.toml");
        const _: ::core::option::Option<&str> = ::core::option_env!("GUIDEPOST_CONFIG");
        ::guidepost::__private::meta(::guidepost::__private::MetaParts {
            handler: "list_projects",
            module_path: ::core::module_path!(),
            operation_id: "list_projects",
            method: ::guidepost::Method::Get,
            path: "/organizations/{org}/projects/",
            prefix: "/api/0",
            profile: ::guidepost::Profile::Sentry,
            scopes: &["project:read"],
            auth: ::guidepost::Auth::Bearer,
            tenant: ::guidepost::TenantKind::Org,
            success_status: 200u16,
            summary: "List an organization's projects.",
            types: ::guidepost::__private::operation_types! {
                body : [], query : [], response : [ApiResult < Page < ProjectOut > >]
            },
            owner: ::guidepost::__private::owner(&Owner::Enterprise),
            publish: ::core::option::Option::Some(::guidepost::Publish::Public),
            tags: &["Projects"],
            sort_by: &["slug", "dateCreated"],
            description: "Newest first.",
            paginated: true,
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
            scopes: ::core::option::Option::Some(&["project:read"]),
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
                ::guidepost::__private::PartsArg<Sort>,
                ::guidepost::__private::PartsArg<PageRequest>,
                ::guidepost::__private::RequestArg<State<Db>>,
            ),
            _,
            _,
        >(
            state,
            request,
            &__PLAN,
            move |(__arg0, __arg1, __arg2, __arg3): (Org, Sort, PageRequest, State<Db>)| {
                ::guidepost::__private::answer(
                    Self::handler(__arg0, __arg1, __arg2, __arg3),
                    |__output| {
                        ::guidepost::rules::paged(&__output);
                        ::guidepost::rules::documented_response(&__output);
                        ::guidepost::rules::response(__output)
                    },
                )
            },
        )
    }
}
