/// Create a project.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct create_project;
impl create_project {
    /// Create a project.
    ///
    /// *The handler as written, callable directly in tests; the struct it is an
    /// associated function of is the endpoint that `Api::endpoint` mounts.*
    async fn handler(
        org: Org,
        State(db): State<Db>,
        Json(body): Json<ProjectIn>,
    ) -> ApiResult<Created<ProjectOut>> {
        Ok(Created(db.create_project(org.id(), body).await?))
    }
}
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
            owner: ::core::option::Option::Some(
                ::guidepost::ApiOwner::team(&Owner::Enterprise),
            ),
            publish: ::core::option::Option::Some(::guidepost::Publish::Experimental),
            scopes: &["project:write"],
            scope_vocabulary: {
                const SCOPES: ::guidepost::ScopeVocabulary = ::guidepost::ScopeVocabulary::new(
                    &["org", "project", "team", "member", "event", "alerts"],
                    &[
                        ::guidepost::ScopeAction::included_in(
                            "org",
                            "integrations",
                            ::guidepost::ScopeLevel::Admin,
                        ),
                        ::guidepost::ScopeAction::named("org", "ci"),
                        ::guidepost::ScopeAction::included_in(
                                "member",
                                "invite",
                                ::guidepost::ScopeLevel::Write,
                            )
                            .granting(::guidepost::ScopeLevel::Read),
                        ::guidepost::ScopeAction::named("project", "releases"),
                        ::guidepost::ScopeAction::named("project", "distribution"),
                    ],
                );
                SCOPES
            },
            tags: &[],
            expand: &[],
            collapse: &[],
            sort_by: &[],
            rate_limit: ::core::option::Option::Some(::guidepost::RateLimit {
                count: 10u32,
                per_seconds: 60u32,
            }),
            auth: ::guidepost::Auth::Bearer,
            tenant: ::guidepost::TenantKind::Org,
            success_status: 201u16,
            summary: "Create a project.",
            description: "",
            filters_projects: false,
            paginated: false,
            types: ::guidepost::__private::TypesFn(|schemas: &mut ::guidepost::Schemas| {
                #[allow(unused_imports)]
                use ::guidepost::__private::{
                    KnownBody as _, KnownQuery as _, KnownResponse as _,
                    UnknownBody as _, UnknownQuery as _, UnknownResponse as _,
                };
                let _ = &schemas;
                #[allow(unused_mut)]
                let mut types = ::guidepost::__private::OperationTypes::default();
                types.body = (&::guidepost::__private::Probe::<Json<ProjectIn>>::new())
                    .body_of(schemas);
                types.response = (&::guidepost::__private::Probe::<
                    ApiResult<Created<ProjectOut>>,
                >::new())
                    .response_of(schemas);
                types
            }),
        })
    }
    fn call(
        state: __S,
        request: ::guidepost::__private::Request,
    ) -> ::guidepost::__private::BoxFuture<::guidepost::__private::Response> {
        ::std::boxed::Box::pin(async move {
            #[allow(unused_mut, unused_variables)]
            let (mut parts, body) = request.into_parts();
            let __principal = match ::guidepost::__private::authenticate(&state, &parts)
                .await
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(response) => return response,
            };
            if let ::core::option::Option::Some(response) = ::guidepost::__private::rate_limited(
                &parts,
                ::core::option::Option::Some(&*__principal),
            ) {
                return response;
            }
            if let ::core::option::Option::Some(response) = ::guidepost::__private::missing_scope(
                &__principal,
                &["project:write"],
            ) {
                return response;
            }
            let __params = match ::guidepost::__private::PathParams::from_parts(
                    &mut parts,
                    &state,
                )
                .await
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(response) => return response,
            };
            let __org = match ::guidepost::__private::resolve_org(
                    &state,
                    &parts,
                    ::std::sync::Arc::clone(&__principal),
                    __params.get("org"),
                    ::core::option::Option::Some(&["project:write"]),
                )
                .await
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(response) => return response,
            };
            let __arg1 = match <State<
                Db,
            > as ::guidepost::__private::axum::extract::FromRequestParts<
                __S,
            >>::from_request_parts(&mut parts, &state)
                .await
                .map_err(::guidepost::__private::IntoResponse::into_response)
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(rejection) => {
                    return ::guidepost::__private::reject(rejection).await;
                }
            };
            let request = ::guidepost::__private::Request::from_parts(parts, body);
            let __arg2 = match <Json<
                ProjectIn,
            > as ::guidepost::__private::axum::extract::FromRequest<
                __S,
                __M,
            >>::from_request(request, &state)
                .await
                .map_err(::guidepost::__private::IntoResponse::into_response)
            {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(rejection) => {
                    return ::guidepost::__private::reject(rejection).await;
                }
            };
            let __output = Self::handler(
                    ::core::clone::Clone::clone(&__org),
                    __arg1,
                    __arg2,
                )
                .await;
            ::guidepost::__private::created(&__output);
            ::guidepost::__private::IntoResponse::into_response(__output)
        })
    }
}
