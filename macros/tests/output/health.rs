#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct health;
impl health {
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    async fn handler() -> &'static str {
        "ok"
    }
}
#[automatically_derived]
#[allow(unused_qualifications)]
impl<__S> ::guidepost::Endpoint<__S> for health
where
    __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
{
    fn meta(&self) -> ::guidepost::EndpointMeta {
        const _: &[u8] = ::core::include_bytes!("guidepost.toml");
        const _: ::core::option::Option<&str> = ::core::option_env!("GUIDEPOST_CONFIG");
        ::guidepost::__private::meta(::guidepost::__private::MetaParts {
            handler: "health",
            module_path: ::core::module_path!(),
            operation_id: "health",
            method: ::guidepost::Method::Get,
            path: "/health/",
            prefix: "/api/0",
            profile: ::guidepost::Profile::Sentry,
            scopes: &[],
            auth: ::guidepost::Auth::None,
            tenant: ::guidepost::TenantKind::System,
            success_status: 200u16,
            summary: "",
            types: ::guidepost::__private::operation_types! {
                body : [], query : [], response : [& 'static str]
            },
            owner: ::guidepost::__private::owner(&Owner::Platform),
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
            scopes: ::core::option::Option::None,
            params: &[],
        };
        ::guidepost::__private::run::<
            __S,
            (),
            ::guidepost::__private::Skip,
            ::guidepost::__private::Skip,
            ::guidepost::__private::Skip,
            (),
            _,
            _,
        >(
            state,
            request,
            &__PLAN,
            move |(): ()| {
                ::guidepost::__private::answer(
                    Self::handler(),
                    |__output| { ::guidepost::rules::response(__output) },
                )
            },
        )
    }
}
