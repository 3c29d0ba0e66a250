using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Silo;

namespace Tangle.Gateway.Endpoints;

/// <summary>Registration, login and the account itself.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder client)
    {
        client.Post("/register", RegisterAsync, new AllowAnonymousMatrixAttribute());
        client.Get("/register/available", AvailableAsync, new AllowAnonymousMatrixAttribute());
        client.Get("/login", () => MatrixResults.Json(new { flows = new[] { new { type = "m.login.password" } } }), new AllowAnonymousMatrixAttribute());
        client.Post("/login", LoginAsync, new AllowAnonymousMatrixAttribute());
        client.Post("/logout", LogoutAsync, new AllowGuestsAttribute());
        client.Post("/logout/all", LogoutAllAsync, new AllowGuestsAttribute());
        client.Get("/account/whoami", WhoAmI, new AllowGuestsAttribute());
        client.Post("/account/password", ChangePasswordAsync);
        client.Post("/account/deactivate", DeactivateAsync);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, IGrainFactory grains, LocalHomeservers homeservers,
        IOptions<TangleOptions> options, IHostEnvironment environment, RateLimiter limiter)
    {
        if (limiter.TryAcquire(MatrixAuthentication.ClientAddress(request.HttpContext), RateLimiter.Kind.Login) is { } wait)
            return MatrixResults.Error(429, ErrCode.LimitExceeded, "too many registrations", (long)wait.TotalMilliseconds);
        var body = await request.ReadObjectAsync(allowEmpty: true);
        var server = homeservers.Default.Name;
        var registration = options.Value.Registration;
        var guest = request.Query["kind"] == "guest";
        if (guest)
        {
            if (!registration.AllowGuests)
                return MatrixResults.Error(403, ErrCode.Forbidden, "guest access is disabled");
            var guestUser = Accounts.NewUser(RandomNumberGenerator.GetString("0123456789", 12), server);
            var guestSession = await grains.GetGrain<IAccountGrain>(guestUser.Value).RegisterAsync(new RegisterCommand
            {
                Password = string.Empty, Guest = true, InitialDeviceDisplayName = body.String("initial_device_display_name"),
            });
            return SessionResult(guestSession, server.Value);
        }

        if (!(registration.Enabled ?? environment.IsDevelopment()))
            return MatrixResults.Error(403, ErrCode.Forbidden, "registration is disabled on this server");

        var localpart = body.String("username") ?? RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var user = Accounts.NewUser(localpart, server);
        var account = grains.GetGrain<IAccountGrain>(user.Value);
        if ((await account.GetInfoAsync()).Exists)
            return MatrixResults.Error(400, ErrCode.UserInUse, "the user id is already taken");

        if (body.Object("auth") is not { } auth)
            return UserInteractiveAuth.Challenge(UserInteractiveAuth.Dummy);
        if (auth.String("type") != UserInteractiveAuth.Dummy)
            return UserInteractiveAuth.Challenge(UserInteractiveAuth.Dummy, auth.String("session"), ErrCode.Unrecognized, "only m.login.dummy is supported");

        var password = body.String("password") ?? throw MatrixResults.MissingParam("password");
        if (password.Length > 512)
            throw MatrixException.InvalidParam("password is too long");
        var session = await account.RegisterAsync(new RegisterCommand
        {
            Password = password,
            DeviceId = body.String("device_id"),
            InitialDeviceDisplayName = body.String("initial_device_display_name"),
            InhibitLogin = body.Bool("inhibit_login") ?? false,
        });
        return SessionResult(session, server.Value);
    }

    internal static IResult SessionResult(Session session, string serverName)
    {
        if (session.AccessToken is null)
            return MatrixResults.Json(new { user_id = session.UserId.Value, home_server = serverName });
        return MatrixResults.Json(new
        {
            user_id = session.UserId.Value,
            access_token = session.AccessToken,
            device_id = session.DeviceId,
            home_server = serverName,
        });
    }

    private static async Task<IResult> AvailableAsync(string? username, IGrainFactory grains, LocalHomeservers homeservers)
    {
        if (string.IsNullOrEmpty(username))
            throw MatrixResults.MissingParam("username");
        var user = Accounts.NewUser(username, homeservers.Default.Name);
        if ((await grains.GetGrain<IAccountGrain>(user.Value).GetInfoAsync()).Exists)
            return MatrixResults.Error(400, ErrCode.UserInUse, "the user id is already taken");
        return MatrixResults.Json(new { available = true });
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, IGrainFactory grains, LocalHomeservers homeservers, RateLimiter limiter)
    {
        if (limiter.TryAcquire(MatrixAuthentication.ClientAddress(request.HttpContext), RateLimiter.Kind.Login) is { } wait)
            return MatrixResults.Error(429, ErrCode.LimitExceeded, "too many login attempts", (long)wait.TotalMilliseconds);
        var body = await request.ReadObjectAsync();
        if (body.String("type") != "m.login.password")
            return MatrixResults.Error(400, ErrCode.Unknown, "unsupported login type");
        var server = homeservers.Default.Name;
        string? named;
        if (body.Object("identifier") is { } identifier)
        {
            if (identifier.String("type") != "m.id.user")
                return MatrixResults.Error(400, ErrCode.Unknown, "only m.id.user identifiers are supported");
            named = identifier.String("user");
        }
        else
        {
            named = body.String("user");
        }

        if (named is null)
            throw MatrixResults.MissingParam("identifier.user");
        var user = Accounts.ResolveUser(named, server);
        if (user is null || user.Server != server)
            return MatrixResults.Error(403, ErrCode.Forbidden, "invalid username or password");
        var session = await grains.GetGrain<IAccountGrain>(user.Value).LoginAsync(new LoginCommand
        {
            Password = body.String("password") ?? throw MatrixResults.MissingParam("password"),
            DeviceId = body.String("device_id"),
            InitialDeviceDisplayName = body.String("initial_device_display_name"),
            ClientIp = MatrixAuthentication.ClientAddress(request.HttpContext),
        });
        return SessionResult(session, server.Value);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        await grains.GetGrain<IAccountGrain>(requester.User.Value).LogoutAsync(requester.DeviceId!);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> LogoutAllAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        await grains.GetGrain<IAccountGrain>(requester.User.Value).LogoutAllAsync();
        return MatrixResults.Empty();
    }

    private static IResult WhoAmI(HttpContext http)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        return MatrixResults.Json(new { user_id = requester.User.Value, device_id = requester.DeviceId, is_guest = requester.IsGuest });
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        if (await UserInteractiveAuth.RequirePasswordAsync(body, requester.User, grains) is { } challenge)
            return challenge;
        var password = body.RequiredString("new_password");
        await grains.GetGrain<IAccountGrain>(requester.User.Value)
            .ChangePasswordAsync(password, body.Bool("logout_devices") ?? true, requester.DeviceId);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeactivateAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        if (await UserInteractiveAuth.RequirePasswordAsync(body, requester.User, grains) is { } challenge)
            return challenge;
        await grains.GetGrain<IAccountGrain>(requester.User.Value).DeactivateAsync();
        return MatrixResults.Json(new { id_server_unbind_result = "no-support" });
    }
}
