//! Both forms of `deprecated`, read back from the endpoint's meta.
use guidepost::{Date, Endpoint, endpoint};
use guidepost_ui_tests::Owner;

/// Sentry's one date.
#[endpoint(method = GET, path = "/organizations/{org}/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read", deprecated = "2027-06-01")]
async fn one_date(_org: guidepost::Org) -> &'static str {
    "ok"
}

/// Since, and the sunset.
#[endpoint(method = GET, path = "/organizations/{org}/teams/", owner = Owner::Enterprise,
           publish = Private, scope = "org:read",
           deprecated(since = "2026-12-01", sunset = "2027-06-01"))]
async fn two_dates(_org: guidepost::Org) -> &'static str {
    "ok"
}

fn main() {
    let sunset = Date::new(2027, 6, 1).unwrap();
    let one = Endpoint::<guidepost_ui_tests::Db, _>::meta(&one_date).deprecation().unwrap();
    assert_eq!((one.since, one.sunset), (None, sunset));
    assert_eq!(one.deprecation_header(), "@0");
    let two = Endpoint::<guidepost_ui_tests::Db, _>::meta(&two_dates).deprecation().unwrap();
    assert_eq!((two.since, two.sunset), (Date::new(2026, 12, 1), sunset));
}
