using Tangle.Sdk.Accounts;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Tests.Infrastructure;
using static Tangle.Sdk.Tests.Infrastructure.EndpointProbe;

namespace Tangle.Sdk.Tests.Client;

/// <summary>Account, device, profile, account-data and filter endpoints: paths, methods and bodies per the spec.</summary>
public sealed class AccountEndpointTests
{
    private static string Spec(string name) => SpecExamples.Text(name);

    [Fact]
    public async Task Versions_is_unversioned_and_sends_the_token_when_logged_in()
    {
        var (versions, request) = await CallAsync(c => c.GetVersionsAsync(TestContext.Current.CancellationToken), Spec("versions.get.versions.200.json"));

        Expect(request, "GET", "/_matrix/client/versions");
        Assert.Equal(["r0.0.1", "v1.1"], versions.Versions);
    }

    [Fact]
    public async Task Capabilities()
    {
        var (capabilities, request) = await CallAsync(c => c.GetCapabilitiesAsync(TestContext.Current.CancellationToken), Spec("capabilities.get.capabilities.200.json"));

        Expect(request, "GET", "/_matrix/client/v3/capabilities");
        Assert.Equal("1", capabilities.RoomVersions!.Default);
    }

    [Fact]
    public async Task Login_sends_the_spec_body_without_a_token_and_adopts_the_session()
    {
        MatrixClient? used = null;
        var (response, request) = await CallAsync(async c =>
        {
            used = c;
            c.ClearSession();
            return await c.LoginAsync("cheeky_monkey", "ilovebananas", initialDeviceDisplayName: "Jungle Phone", cancellationToken: TestContext.Current.CancellationToken);
        }, Spec("login.post.login.200.json"));

        Expect(request, "POST", "/_matrix/client/v3/login", Spec("login.post.login.request.json"), authenticated: false);
        Assert.Equal("@cheeky_monkey:matrix.org", response.UserId);
        Assert.Equal(new MatrixSession("@cheeky_monkey:matrix.org", "GHTYAJCE", "abc123", "def456"), used!.Session);
        Assert.Equal("@cheeky_monkey:matrix.org", used.UserId);
    }

    [Fact]
    public async Task Login_flows()
    {
        var (flows, request) = await CallAsync(c => c.GetLoginFlowsAsync(TestContext.Current.CancellationToken), Spec("login.get.login.200.json"));

        Expect(request, "GET", "/_matrix/client/v3/login", authenticated: false);
        Assert.Equal([AuthTypes.Password, AuthTypes.Token], flows.Select(f => f.Type));
    }

    [Fact]
    public async Task Whoami()
    {
        var (whoAmI, request) = await CallAsync(c => c.WhoAmIAsync(TestContext.Current.CancellationToken), Spec("whoami.get.account_whoami.200.json"));

        Expect(request, "GET", "/_matrix/client/v3/account/whoami");
        Assert.Equal("@joe:example.org", whoAmI.UserId);
    }

    [Fact]
    public async Task Logout_and_logout_all_forget_the_session()
    {
        MatrixClient? one = null, all = null;
        var logout = await CallAsync(c => { one = c; return c.LogoutAsync(TestContext.Current.CancellationToken); });
        var logoutAll = await CallAsync(c => { all = c; return c.LogoutAllAsync(TestContext.Current.CancellationToken); });

        Expect(logout, "POST", "/_matrix/client/v3/logout", "{}");
        Expect(logoutAll, "POST", "/_matrix/client/v3/logout/all", "{}");
        Assert.False(one!.IsLoggedIn);
        Assert.False(all!.IsLoggedIn);
    }

    [Fact]
    public async Task Username_availability()
    {
        var (available, request) = await CallAsync(c => c.IsUsernameAvailableAsync("my cheeky monkey", TestContext.Current.CancellationToken),
            Spec("registration.get.register_available.200.json"));

        Expect(request, "GET", "/_matrix/client/v3/register/available?username=my%20cheeky%20monkey", authenticated: false);
        Assert.True(available);
    }

    [Fact]
    public async Task Devices_list_get_and_rename()
    {
        var (devices, list) = await CallAsync(c => c.GetDevicesAsync(TestContext.Current.CancellationToken), Spec("device_management.get.devices.200.json"));
        var (device, get) = await CallAsync(c => c.GetDeviceAsync("QBUAZIFURK", TestContext.Current.CancellationToken),
            Spec("device_management.get.devices_deviceId.200.json"));
        var rename = await CallAsync(c => c.UpdateDeviceAsync("QBUAZIFURK", "My other phone", TestContext.Current.CancellationToken));

        Expect(list, "GET", "/_matrix/client/v3/devices");
        Expect(get, "GET", "/_matrix/client/v3/devices/QBUAZIFURK");
        Expect(rename, "PUT", "/_matrix/client/v3/devices/QBUAZIFURK", Spec("device_management.put.devices_deviceId.request.json"));
        Assert.Equal("QBUAZIFURK", Assert.Single(devices).DeviceId);
        Assert.Equal("QBUAZIFURK", device.DeviceId);
    }

    [Fact]
    public async Task Profile_fields()
    {
        var (profile, get) = await CallAsync(c => c.GetProfileAsync("@alice:example.org", TestContext.Current.CancellationToken),
            Spec("profile.get.profile_userId.200.json"));
        var (name, getName) = await CallAsync(c => c.GetDisplayNameAsync("@alice:example.org", TestContext.Current.CancellationToken),
            """{"displayname":"Alice Margatroid"}""");
        var (avatar, getAvatar) = await CallAsync(c => c.GetAvatarUrlAsync("@alice:example.org", TestContext.Current.CancellationToken), "{}");
        var setName = await CallAsync(c => c.SetDisplayNameAsync("Alice Wonderland", TestContext.Current.CancellationToken));
        var setAvatar = await CallAsync(c => c.SetAvatarUrlAsync("mxc://matrix.org/wefh34uihSDRGhw34", TestContext.Current.CancellationToken));

        Expect(get, "GET", $"/_matrix/client/v3/profile/{AliceEscaped}");
        Expect(getName, "GET", $"/_matrix/client/v3/profile/{AliceEscaped}/displayname");
        Expect(getAvatar, "GET", $"/_matrix/client/v3/profile/{AliceEscaped}/avatar_url");
        Expect(setName, "PUT", $"/_matrix/client/v3/profile/{AliceEscaped}/displayname", Spec("profile.put.profile_userId_keyName.request.json"));
        Expect(setAvatar, "PUT", $"/_matrix/client/v3/profile/{AliceEscaped}/avatar_url", """{"avatar_url":"mxc://matrix.org/wefh34uihSDRGhw34"}""");
        Assert.Equal("Alice Margatroid", profile.DisplayName);
        Assert.Equal("Alice Margatroid", name);
        Assert.Null(avatar);
    }

    [Fact]
    public async Task Account_data_global_and_per_room()
    {
        var content = MatrixJson.Deserialize<Dictionary<string, string>>(Spec("account-data.put.user_userId_account_data_type.request.json"));
        var set = await CallAsync(c => c.SetAccountDataAsync("org.example.custom.config", content, TestContext.Current.CancellationToken));
        var (value, get) = await CallAsync(c => c.GetAccountDataAsync("org.example.custom.config", TestContext.Current.CancellationToken),
            Spec("account-data.get.user_userId_account_data_type.200.json"));
        var setRoom = await CallAsync(c => c.SetRoomAccountDataAsync(RoomId, "m.tag", new { tags = new { } }, TestContext.Current.CancellationToken));
        var (_, getRoom) = await CallAsync(c => c.GetRoomAccountDataAsync<Dictionary<string, object>>(RoomId, "m.tag", TestContext.Current.CancellationToken));

        Expect(set, "PUT", $"/_matrix/client/v3/user/{AliceEscaped}/account_data/org.example.custom.config",
            Spec("account-data.put.user_userId_account_data_type.request.json"));
        Expect(get, "GET", $"/_matrix/client/v3/user/{AliceEscaped}/account_data/org.example.custom.config");
        Expect(setRoom, "PUT", $"/_matrix/client/v3/user/{AliceEscaped}/rooms/{RoomEscaped}/account_data/m.tag", """{"tags":{}}""");
        Expect(getRoom, "GET", $"/_matrix/client/v3/user/{AliceEscaped}/rooms/{RoomEscaped}/account_data/m.tag");
        Assert.Equal("custom_config_value", JsonAssert.String(value, "custom_account_data_key"));
    }

    [Fact]
    public async Task Filters_create_and_get()
    {
        var filter = new Filter
        {
            Room = new RoomFilter
            {
                State = new RoomEventFilter { Types = ["m.room.*"], NotRooms = ["!726s6s6q:example.com"] },
                Timeline = new RoomEventFilter { Limit = 10, Types = ["m.room.message"], NotRooms = ["!726s6s6q:example.com"], NotSenders = ["@spam:example.com"] },
                Ephemeral = new RoomEventFilter { Types = ["m.receipt", "m.typing"], NotRooms = ["!726s6s6q:example.com"], NotSenders = ["@spam:example.com"] },
            },
            Presence = new EventFilter { Types = ["m.presence"], NotSenders = ["@alice:example.com"] },
            EventFormat = "client",
            EventFields = ["type", "content", "sender"],
        };

        var (id, create) = await CallAsync(c => c.CreateFilterAsync(filter, TestContext.Current.CancellationToken), Spec("filter.post.user_userId_filter.200.json"));
        var (stored, get) = await CallAsync(c => c.GetFilterAsync(id, TestContext.Current.CancellationToken), Spec("filter.get.user_userId_filter_filterId.200.json"));

        Expect(create, "POST", $"/_matrix/client/v3/user/{AliceEscaped}/filter", Spec("filter.post.user_userId_filter.request.json"));
        Expect(get, "GET", $"/_matrix/client/v3/user/{AliceEscaped}/filter/66696p746572");
        Assert.Equal("66696p746572", id);
        Assert.Equal(10, stored.Room!.Timeline!.Limit);
    }

    [Fact]
    public async Task Presence_and_push_rules()
    {
        var set = await CallAsync(c => c.SetPresenceAsync(Presence.PresenceState.Online, "I am here.", TestContext.Current.CancellationToken));
        var (status, get) = await CallAsync(c => c.GetPresenceAsync("@alice:example.org", TestContext.Current.CancellationToken),
            Spec("presence.get.presence_userId_status.200.json"));
        var (rules, push) = await CallAsync(c => c.GetPushRulesAsync(TestContext.Current.CancellationToken), Spec("pushrules.get.pushrules.200.json"));

        Expect(set, "PUT", $"/_matrix/client/v3/presence/{AliceEscaped}/status", Spec("presence.put.presence_userId_status.request.json"));
        Expect(get, "GET", $"/_matrix/client/v3/presence/{AliceEscaped}/status");
        Expect(push, "GET", "/_matrix/client/v3/pushrules/");
        Assert.Equal("unavailable", status.Presence);
        Assert.Contains(rules.Override, r => r.RuleId == ".m.rule.master");
    }
}
