//! The words of the `#[endpoint]` attribute and of the OpenAPI extensions: methods,
//! publish status, profiles, authentication, tenants, and the rate-limit grammar. The
//! macro parses them, the runtime serves them, the linter reads them: one definition.

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Deserialize))]
        pub enum $name {
            $($(#[$vdoc])* #[cfg_attr(feature = "serde", serde(rename = $text))] $variant,)+
        }

        impl $name {
            /// Every word, in declaration order.
            pub const WORDS: &'static [&'static str] = &[$($text),+];

            /// The word as the attribute and the spec write it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value `word` names, exactly as written.
            pub fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum! {
    /// The HTTP method of an endpoint.
    ///
    /// ```
    /// assert_eq!(guidepost_core::Method::Get.as_str(), "GET");
    /// ```
    Method {
        /// Read.
        Get => "GET",
        /// Create, or an action.
        Post => "POST",
        /// Update; partial in the `sentry` profile.
        Put => "PUT",
        /// Delete.
        Delete => "DELETE",
        /// Partial update; `conventions` profile only.
        Patch => "PATCH",
    }
}

word_enum! {
    /// Whether an endpoint is documented and frozen (Sentry's `ApiPublishStatus`).
    ///
    /// ```
    /// assert_eq!(guidepost_core::Publish::Public.to_string(), "Public");
    /// ```
    Publish {
        /// Documented; attributes can be added, never removed or retyped.
        Public => "Public",
        /// In development: may change or go away.
        Experimental => "Experimental",
        /// Serves the product's own UI; never documented.
        Private => "Private",
    }
}

word_enum! {
    /// Which guideline wins where Sentry's and the conventions document disagree.
    ///
    /// ```
    /// assert_eq!(guidepost_core::Profile::Sentry.as_str(), "sentry");
    /// ```
    Profile {
        /// Trailing slash, no PATCH, `/api/0`, cursor pagination.
        Sentry => "sentry",
        /// No trailing slash, PATCH allowed, `/v1`.
        Conventions => "conventions",
    }
}

word_enum! {
    /// How callers of an endpoint prove who they are.
    ///
    /// ```
    /// assert_eq!(guidepost_core::Auth::Bearer.as_str(), "bearer");
    /// ```
    Auth {
        /// `Authorization: Bearer <token>` whose scopes grant one of the endpoint's.
        Bearer => "bearer",
        /// Any caller with a valid bearer token, whatever its scopes (`auth =
        /// authenticated`): said in the attribute, never by leaving the scope out, and
        /// shown in the OpenAPI document as security with no scope.
        Authenticated => "authenticated",
        /// Anyone: only for `tenant = system` endpoints such as health checks.
        None => "none",
    }
}

word_enum! {
    /// Whose data an endpoint serves.
    ///
    /// ```
    /// assert_eq!(guidepost_core::TenantKind::Org.as_str(), "org");
    /// ```
    TenantKind {
        /// An organization's, under `/organizations/{org}/`.
        Org => "org",
        /// A project's, under `/projects/{org}/{project}/`.
        Project => "project",
        /// The calling user's own, in no organization.
        User => "user",
        /// The service's own: health, administration.
        System => "system",
    }
}

word_enum! {
    /// Which silo of a split deployment serves an endpoint (Sentry's
    /// `@region_silo_endpoint`, `@control_silo_endpoint`, `@all_silo_endpoint`).
    ///
    /// ```
    /// use guidepost_core::{Silo, TenantKind};
    ///
    /// assert_eq!(Silo::Region.as_str(), "region");
    /// assert_eq!(Silo::of_tenant(TenantKind::Project), Silo::Region);
    /// assert_eq!(Silo::of_tenant(TenantKind::User), Silo::Control);
    /// ```
    Silo {
        /// Customer data, kept in the customer's region: an organization's and its
        /// projects'.
        Region => "region",
        /// What spans regions: users, authentication, billing, the service's own.
        Control => "control",
        /// Served by every silo (Sentry's `@all_silo_endpoint`).
        All => "all",
    }
}

impl Silo {
    /// The silo an endpoint of `tenant` belongs to unless it says otherwise: customer
    /// data (an organization's, a project's) in its region; a user's own and the
    /// service's in control.
    pub fn of_tenant(tenant: TenantKind) -> Silo {
        match tenant {
            TenantKind::Org | TenantKind::Project => Silo::Region,
            TenantKind::User | TenantKind::System => Silo::Control,
        }
    }

    /// Whether a server running silo `self` serves an endpoint of silo `endpoint`.
    ///
    /// ```
    /// use guidepost_core::Silo;
    /// assert!(Silo::Region.serves(Silo::All));
    /// assert!(!Silo::Region.serves(Silo::Control));
    /// ```
    pub fn serves(self, endpoint: Silo) -> bool {
        endpoint == Silo::All || self == Silo::All || self == endpoint
    }
}

impl Profile {
    /// The API prefix the profile's guide uses: `/api/0` (Sentry) or `/v1`.
    ///
    /// ```
    /// assert_eq!(guidepost_core::Profile::Conventions.default_prefix(), "/v1");
    /// ```
    pub fn default_prefix(self) -> &'static str {
        match self {
            Profile::Sentry => "/api/0",
            Profile::Conventions => "/v1",
        }
    }

    /// Whether paths end with `/` (Sentry) or not (the conventions document).
    ///
    /// ```
    /// assert!(guidepost_core::Profile::Sentry.wants_trailing_slash());
    /// ```
    pub fn wants_trailing_slash(self) -> bool {
        self == Profile::Sentry
    }

    /// Whether `PATCH` is allowed (conventions) or refused for `PUT` (Sentry).
    ///
    /// ```
    /// assert!(!guidepost_core::Profile::Sentry.allows_patch());
    /// ```
    pub fn allows_patch(self) -> bool {
        self == Profile::Conventions
    }
}

/// Sentry's rules unless a `guidepost.toml` says `profile = "conventions"`.
impl Default for Profile {
    fn default() -> Self {
        Profile::Sentry
    }
}

impl Auth {
    /// Whether callers present a bearer token (`bearer` or `authenticated`).
    ///
    /// ```
    /// assert!(!guidepost_core::Auth::None.authenticates());
    /// ```
    pub fn authenticates(self) -> bool {
        self != Auth::None
    }
}

/// A rate limit: `count` requests per `per_seconds`, per principal.
///
/// ```
/// let limit = guidepost_core::RateLimit { count: 40, per_seconds: 1 };
/// assert_eq!(limit.to_string(), "40/s");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in each window.
    pub count: u32,
    /// The window: 1, 60 or 3600.
    pub per_seconds: u32,
}

impl std::fmt::Display for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.per_seconds {
            1 => "s",
            60 => "m",
            _ => "h",
        };
        write!(f, "{}/{unit}", self.count)
    }
}

/// Why a string is not a rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseRateLimitError;

impl std::fmt::Display for ParseRateLimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("write a positive count per second, minute or hour: `40/s`, `600/m`, `10000/h`")
    }
}

impl std::error::Error for ParseRateLimitError {}

/// `"40/s"`, `"600/m"`, `"10000/h"`: the grammar of `rate_limit = "…"`.
///
/// ```
/// use guidepost_core::RateLimit;
/// assert_eq!("600/m".parse(), Ok(RateLimit { count: 600, per_seconds: 60 }));
/// assert!("0/s".parse::<RateLimit>().is_err());
/// assert!("40/d".parse::<RateLimit>().is_err());
/// ```
impl std::str::FromStr for RateLimit {
    type Err = ParseRateLimitError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (count, unit) = text.split_once('/').ok_or(ParseRateLimitError)?;
        let count: u32 = count
            .trim()
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or(ParseRateLimitError)?;
        let per_seconds = match unit.trim() {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => return Err(ParseRateLimitError),
        };
        Ok(RateLimit { count, per_seconds })
    }
}
