#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug)]
struct rename;
impl rename {
    ///
    /// *The handler as written, callable directly in tests; `Api::endpoint` mounts its type.*
    async fn handler(Path(org): Path<String>) -> ApiResult<()> {
        Ok(())
    }
}
#[automatically_derived]
impl<__S> ::guidepost::Endpoint<__S> for rename {
    fn meta(&self) -> ::guidepost::EndpointMeta {
        ::core::unreachable!("`#[endpoint]` reported errors at compile time")
    }
    #[allow(unreachable_code)]
    fn call(
        _: __S,
        _: ::guidepost::__private::Request,
    ) -> impl ::core::future::Future<
        Output = ::guidepost::__private::Response,
    > + ::core::marker::Send + 'static {
        async { ::core::unreachable!("`#[endpoint]` reported errors at compile time") }
    }
}
::core::compile_error! {
    "path segment `Project` must be lowercase and hyphenated\n\n= help: write `project`\n= note: rule `collection_kebab_case`; `allow(collection_kebab_case, reason = \"…\")` silences it for this endpoint"
}
::core::compile_error! {
    "path parameter `{organization_id}` types its identifier\n\n= help: write `{org}`\n= note: one parameter per resource takes either its id or its slug\n= note: rule `param_short_names`; `allow(param_short_names, reason = \"…\")` silences it for this endpoint"
}
::core::compile_error! {
    "`PATCH` is not used in the `sentry` profile\n\n= help: write `method = PUT`: PUT does partial updates\n= note: rule `no_patch`; `allow(no_patch, reason = \"…\")` silences it for this endpoint"
}
::core::compile_error! {
    "endpoint `rename` has no publish status\n\n= help: add `publish = Public`, `publish = Experimental` or `publish = Private`\n= note: rule `publish_required`; `allow(publish_required, reason = \"…\")` silences it for this endpoint"
}
::core::compile_error! {
    "endpoint `rename` declares no scope\n\n= help: add `scope = \"project:write\"`: the permission a token needs to call it\n= note: rule `scope_required`; no `allow` silences it"
}
