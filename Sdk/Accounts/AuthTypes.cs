namespace Tangle.Sdk.Accounts;

/// <summary>Login and user-interactive authentication stage types.</summary>
public static class AuthTypes
{
    /// <summary>Password-based authentication.</summary>
    public const string Password = "m.login.password";

    /// <summary>A stage that always succeeds; used for open registration.</summary>
    public const string Dummy = "m.login.dummy";

    /// <summary>Login with a token from <c>/login/get_token</c> or SSO.</summary>
    public const string Token = "m.login.token";

    /// <summary>Registration with a registration token.</summary>
    public const string RegistrationToken = "m.login.registration_token";

    /// <summary>Single sign-on.</summary>
    public const string Sso = "m.login.sso";

    /// <summary>Agreement to the server's terms of service.</summary>
    public const string Terms = "m.login.terms";

    /// <summary>The user identifier type for a Matrix user ID or localpart.</summary>
    public const string UserIdentifier = "m.id.user";
}
