#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct delete_key;
impl delete_key {
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    async fn handler(
        project: Project,
        key: Scoped<ProjectKey>,
        principal: Principal,
        State(db): State<Db>,
    ) -> ApiResult<NoContent> {
        db.delete_key(project.id(), key.id, principal.id()).await
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
impl<__S, __M> ::guidepost::Endpoint<__S, __M> for delete_key
where
    __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
    __S: ::guidepost::Authenticator,
    __S: ::guidepost::Tenancy,
    ProjectKey: ::guidepost::ScopedResource<__S>,
    <ProjectKey as ::guidepost::ScopedResource<
        __S,
    >>::Parent: ::guidepost::__private::ParentIn<::guidepost::Project>,
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
            handler: "delete_key",
            module_path: ::core::module_path!(),
            operation_id: "delete_key",
            method: ::guidepost::Method::Delete,
            path: "/projects/{org}/{project}/keys/{key}/",
            prefix: "/api/0",
            profile: ::guidepost::Profile::Sentry,
            scopes: &["project:admin"],
            auth: ::guidepost::Auth::Bearer,
            tenant: ::guidepost::TenantKind::Project,
            success_status: 204u16,
            summary: "",
            types: ::guidepost::__private::operation_types! {
                body : [], query : [], response : [ApiResult < NoContent >]
            },
            owner: ::guidepost::__private::owner(&Owner::Issues),
            publish: ::core::option::Option::Some(::guidepost::Publish::Private),
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
            scopes: ::core::option::Option::Some(&["project:admin"]),
            params: &["key"],
        };
        ::guidepost::__private::run::<
            __S,
            __M,
            ::guidepost::__private::Authenticate,
            ::guidepost::__private::ResolveOrg,
            ::guidepost::__private::ResolveProject,
            (
                ::guidepost::__private::ProjectArg,
                ::guidepost::__private::ScopedArg<
                    ProjectKey,
                    ::guidepost::Project,
                    0usize,
                >,
                ::guidepost::__private::PrincipalArg,
                ::guidepost::__private::RequestArg<State<Db>>,
            ),
            _,
            _,
        >(
            state,
            request,
            &__PLAN,
            move |
                (
                    __arg0,
                    __arg1,
                    __arg2,
                    __arg3,
                ): (Project, Scoped<ProjectKey>, Principal, State<Db>)|
            {
                ::guidepost::__private::answer(
                    Self::handler(__arg0, __arg1, __arg2, __arg3),
                    |__output| {
                        ::guidepost::rules::no_content(&__output);
                        ::guidepost::rules::response(__output)
                    },
                )
            },
        )
    }
}
