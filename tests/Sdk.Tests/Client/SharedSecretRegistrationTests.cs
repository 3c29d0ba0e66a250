using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Client;

/// <summary>The shared-secret admin registration API and its HMAC.</summary>
public sealed class SharedSecretRegistrationTests
{
    private const string Secret = "tangle-shared-secret";
    private const string Nonce = "4c8f3e92b3";

    /// <summary>Vectors computed with Python's <c>hmac</c> module, the way Synapse's own registration script does.</summary>
    [Theory]
    [InlineData("alice", "correct horse", false, null, "884a5eb9003d053dcd376b876323ff69a59aec45")]
    [InlineData("root", "päss", true, null, "7dbb956eaf694b826fabe190902ab3ad8793817b")]
    [InlineData("bot", "pw", false, "bot", "9fdd726093bd47dcf3a7665db54a71e7f63931a2")]
    public void Mac_matches_reference_vectors(string username, string password, bool admin, string? userType, string expected)
    {
        Assert.Equal(expected, SharedSecretRegistration.ComputeMac(Secret, Nonce, username, password, admin, userType));
    }

    [Theory]
    [InlineData("alice", "correct horse", false)]
    [InlineData("admin", "hunter2", true)]
    public void Mac_matches_an_independent_rfc_2104_hmac(string username, string password, bool admin)
    {
        var message = $"{Nonce}\0{username}\0{password}\0{(admin ? "admin" : "notadmin")}";

        Assert.Equal(Rfc2104HmacSha1(Secret, message), SharedSecretRegistration.ComputeMac(Secret, Nonce, username, password, admin));
    }

    [Fact]
    public async Task Registration_fetches_a_nonce_and_posts_a_valid_mac()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, request) =>
        {
            if (request.Method == "GET")
                return Respond.Ok(context, $$"""{"nonce":"{{Nonce}}"}""");
            var body = JsonDocument.Parse(request.Body).RootElement;
            var message = $"{body.GetProperty("nonce").GetString()}\0{body.GetProperty("username").GetString()}\0" +
                $"{body.GetProperty("password").GetString()}\0{(body.GetProperty("admin").GetBoolean() ? "admin" : "notadmin")}";
            return body.GetProperty("mac").GetString() == Rfc2104HmacSha1(Secret, message)
                ? Respond.Ok(context, """{"access_token":"syt_new","user_id":"@alice:example.org","home_server":"example.org","device_id":"NEWDEVICE"}""")
                : Respond.Error(context, 403, ErrorCodes.Forbidden, "HMAC incorrect");
        });
        using var client = server.CreateClient();

        var response = await client.RegisterWithSharedSecretAsync(Secret, "alice", "correct horse", admin: true, displayName: "Alice",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("@alice:example.org", response.UserId);
        Assert.Equal(new MatrixSession("@alice:example.org", "NEWDEVICE", "syt_new"), client.Session);
        var requests = server.Requests;
        Assert.Equal(["GET", "POST"], requests.Select(r => r.Method));
        Assert.All(requests, r => Assert.Equal("/_synapse/admin/v1/register", r.RawTarget));
        Assert.All(requests, r => Assert.Null(r.Authorization));
        var posted = JsonDocument.Parse(requests[1].Body).RootElement;
        Assert.Equal("Alice", posted.GetProperty("displayname").GetString());
        Assert.True(posted.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_secret_is_rejected()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, request) =>
        {
            if (request.Method == "GET")
                return Respond.Ok(context, $$"""{"nonce":"{{Nonce}}"}""");
            var mac = JsonDocument.Parse(request.Body).RootElement.GetProperty("mac").GetString();
            return mac == Rfc2104HmacSha1(Secret, $"{Nonce}\0alice\0pw\0notadmin")
                ? Respond.Ok(context, """{"access_token":"t","user_id":"@alice:example.org","device_id":"D"}""")
                : Respond.Error(context, 403, ErrorCodes.Forbidden, "HMAC incorrect");
        });
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<MatrixException>(() =>
            client.RegisterWithSharedSecretAsync("not-the-secret", "alice", "pw", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.Forbidden, exception.ErrCode);
        Assert.False(client.IsLoggedIn);
    }

    /// <summary>HMAC-SHA1 built from SHA-1 alone, as RFC 2104 defines it.</summary>
    private static string Rfc2104HmacSha1(string key, string message)
    {
        const int blockSize = 64;
        var keyBytes = Encoding.UTF8.GetBytes(key);
        if (keyBytes.Length > blockSize)
            keyBytes = SHA1.HashData(keyBytes);
        var padded = new byte[blockSize];
        keyBytes.CopyTo(padded, 0);
        var inner = padded.Select(b => (byte)(b ^ 0x36)).Concat(Encoding.UTF8.GetBytes(message)).ToArray();
        var outer = padded.Select(b => (byte)(b ^ 0x5c)).Concat(SHA1.HashData(inner)).ToArray();
        return Convert.ToHexStringLower(SHA1.HashData(outer));
    }
}
