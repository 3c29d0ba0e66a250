using System.Net;
using System.Text.Json;
using Tangle.Testing;
using static Tangle.Gateway.Tests.TestRooms;

namespace Tangle.Gateway.Tests;

public sealed class UserDirectoryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static async Task<RawResponse> SearchAsync(RawClient user, string term, int? limit = null)
    {
        var response = await user.PostAsync("_matrix/client/v3/user_directory/search",
            limit is null ? new { search_term = term } : new { search_term = term, limit });
        return response.Status == HttpStatusCode.OK ? response : throw new InvalidOperationException($"search failed: {response.Body}");
    }

    private static IEnumerable<string> Found(RawResponse response) =>
        response.Body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("user_id").GetString()!);

    /// <summary>A user with a distinctive display name, so searches by it find only this test's users.</summary>
    private async Task<RawClient> NamedAsync(string displayName)
    {
        var user = await fixture.UserAsync();
        await user.PutAsync($"_matrix/client/v3/profile/{Uri.EscapeDataString(user.UserId!)}/displayname", new { displayname = displayName });
        return user;
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Users_sharing_a_private_room_find_each_other_by_display_name()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var bob = await NamedAsync($"Bob {tag}");
        var room = await PrivateRoomAsync(alice);
        await alice.PostAsync($"_matrix/client/v3/rooms/{Path(room)}/invite", new { user_id = bob.UserId });
        await JoinAsync(bob, room);

        var response = await SearchAsync(alice, $"bob {tag}");

        var result = Assert.Single(response.Body.GetProperty("results").EnumerateArray());
        Assert.Equal((bob.UserId, $"Bob {tag}"), (result.GetProperty("user_id").GetString(), result.GetProperty("display_name").GetString()));
        Assert.False(response.Body.GetProperty("limited").GetBoolean());
    }

    [Fact]
    public async Task Users_in_no_shared_or_public_room_are_not_found()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var hidden = await NamedAsync($"Hidden {tag}");
        await PrivateRoomAsync(hidden);

        var response = await SearchAsync(alice, tag);

        Assert.Empty(Found(response));
    }

    [Fact]
    public async Task Members_of_a_public_room_are_found_by_anyone()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var carol = await NamedAsync($"Carol {tag}");
        await SharedRoomAsync(carol);

        var response = await SearchAsync(alice, tag);

        Assert.Equal([carol.UserId!], Found(response));
    }

    [Fact]
    public async Task Members_of_a_world_readable_room_are_found_by_anyone()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var dave = await NamedAsync($"Dave {tag}");
        var room = await PrivateRoomAsync(dave);
        Assert.Empty(Found(await SearchAsync(alice, tag)));

        await SetStateAsync(dave, room, "m.room.history_visibility", new { history_visibility = "world_readable" });

        Assert.Equal([dave.UserId!], Found(await SearchAsync(alice, tag)));
    }

    [Fact]
    public async Task Making_a_room_public_and_private_again_shows_and_hides_its_members()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var erin = await NamedAsync($"Erin {tag}");
        var room = await PrivateRoomAsync(erin);

        await SetStateAsync(erin, room, "m.room.join_rules", new { join_rule = "public" });
        var whilePublic = Found(await SearchAsync(alice, tag)).ToList();
        await SetStateAsync(erin, room, "m.room.join_rules", new { join_rule = "invite" });
        var afterwards = Found(await SearchAsync(alice, tag)).ToList();

        Assert.Equal([erin.UserId!], whilePublic);
        Assert.Empty(afterwards);
    }

    [Fact]
    public async Task Users_are_found_by_a_prefix_of_a_word_of_their_user_id()
    {
        var alice = await fixture.UserAsync();
        var localpart = "zed" + Unique();
        var zed = await new RawClient(fixture.Server.CreateHttpClient()).RegisterAsync(localpart);
        await SharedRoomAsync(zed);

        var byPrefix = await SearchAsync(alice, localpart[..8].ToUpperInvariant());
        var byUserId = await SearchAsync(alice, zed.UserId!);
        var byMiddle = await SearchAsync(alice, localpart[3..]);

        Assert.Equal([zed.UserId!], Found(byPrefix));
        Assert.Equal([zed.UserId!], Found(byUserId));
        Assert.Empty(Found(byMiddle));
    }

    [Fact]
    public async Task Every_word_of_the_term_must_start_a_word_of_the_user()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var frank = await NamedAsync($"Frank Ocean {tag}");
        await SharedRoomAsync(frank);

        Assert.Equal([frank.UserId!], Found(await SearchAsync(alice, $"oce {tag}")));
        Assert.Equal([frank.UserId!], Found(await SearchAsync(alice, $"{tag} FRA")));
        Assert.Empty(Found(await SearchAsync(alice, $"cean {tag}")));
        Assert.Empty(Found(await SearchAsync(alice, $"frank sea {tag}")));
    }

    [Fact]
    public async Task A_profile_change_is_searchable_at_once()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var gina = await NamedAsync($"Gina {tag}");
        await SharedRoomAsync(gina);

        await gina.PutAsync($"_matrix/client/v3/profile/{Uri.EscapeDataString(gina.UserId!)}/displayname", new { displayname = $"Georgina {tag}" });
        await gina.PutAsync($"_matrix/client/v3/profile/{Uri.EscapeDataString(gina.UserId!)}/avatar_url", new { avatar_url = "mxc://localhost/gina" });
        var response = await SearchAsync(alice, $"georgina {tag}");

        var result = Assert.Single(response.Body.GetProperty("results").EnumerateArray());
        Assert.Equal(($"Georgina {tag}", "mxc://localhost/gina"), (result.GetProperty("display_name").GetString(), result.GetProperty("avatar_url").GetString()));
        Assert.Empty(Found(await SearchAsync(alice, $"gina {tag}")));
    }

    [Fact]
    public async Task Leaving_the_only_shared_room_hides_a_user()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var hank = await NamedAsync($"Hank {tag}");
        var room = await PrivateRoomAsync(alice);
        await alice.PostAsync($"_matrix/client/v3/rooms/{Path(room)}/invite", new { user_id = hank.UserId });
        await JoinAsync(hank, room);
        var before = Found(await SearchAsync(alice, $"hank {tag}")).ToList();

        await LeaveAsync(hank, room);

        Assert.Equal([hank.UserId!], before);
        Assert.Empty(Found(await SearchAsync(alice, $"hank {tag}")));
    }

    [Fact]
    public async Task The_requester_finds_themselves_too()
    {
        var tag = Unique();
        var ivy = await NamedAsync($"Ivy {tag}");
        await PrivateRoomAsync(ivy);

        Assert.Equal([ivy.UserId!], Found(await SearchAsync(ivy, $"ivy {tag}")));
    }

    [Fact]
    public async Task The_limit_truncates_and_says_so()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var members = new List<RawClient>();
        for (var i = 0; i < 3; i++)
            members.Add(await NamedAsync($"Member{i} {tag}"));
        await SharedRoomAsync(members[0], members[1], members[2]);

        var limited = await SearchAsync(alice, tag, limit: 2);
        var all = await SearchAsync(alice, tag);
        var none = await SearchAsync(alice, tag, limit: 0);

        Assert.Equal((2, true), (limited.Body.GetProperty("results").GetArrayLength(), limited.Body.GetProperty("limited").GetBoolean()));
        Assert.Equal((3, false), (all.Body.GetProperty("results").GetArrayLength(), all.Body.GetProperty("limited").GetBoolean()));
        Assert.Equal((0, true), (none.Body.GetProperty("results").GetArrayLength(), none.Body.GetProperty("limited").GetBoolean()));
    }

    [Fact]
    public async Task Closer_matches_rank_first()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var exact = await NamedAsync($"{tag}");
        var starts = await NamedAsync($"{tag} the second");
        var contains = await NamedAsync($"Someone {tag}");
        await SharedRoomAsync(contains, starts, exact);

        var response = await SearchAsync(alice, tag);

        Assert.Equal([exact.UserId!, starts.UserId!, contains.UserId!], Found(response));
    }

    [Fact]
    public async Task A_deactivated_user_is_no_longer_listed()
    {
        var tag = Unique();
        var alice = await NamedAsync($"Alice {tag}");
        var jack = await new RawClient(fixture.Server.CreateHttpClient()).RegisterAsync("jack" + tag, "pw");
        await jack.PutAsync($"_matrix/client/v3/profile/{Uri.EscapeDataString(jack.UserId!)}/displayname", new { displayname = $"Jack {tag}" });
        await SharedRoomAsync(jack);
        Assert.Single(Found(await SearchAsync(alice, $"jack {tag}")));

        await jack.PostAsync("_matrix/client/v3/account/deactivate",
            new { auth = new { type = "m.login.password", identifier = new { type = "m.id.user", user = "jack" + tag }, password = "pw" } });

        Assert.Empty(Found(await SearchAsync(alice, $"jack {tag}")));
    }

    [Theory]
    [InlineData("""{"limit":5}""", "M_MISSING_PARAM")]
    [InlineData("""{"search_term":5}""", "M_BAD_JSON")]
    [InlineData("""{"search_term":"x","limit":"ten"}""", "M_BAD_JSON")]
    [InlineData("""{"search_term":"x","limit":-1}""", "M_INVALID_PARAM")]
    public async Task Malformed_searches_are_refused(string body, string errcode)
    {
        var alice = await fixture.UserAsync();

        var response = await alice.SendRawAsync(HttpMethod.Post, "_matrix/client/v3/user_directory/search", body);

        Assert.Equal((HttpStatusCode.BadRequest, errcode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_blank_term_finds_nobody()
    {
        var alice = await fixture.UserAsync();
        await SharedRoomAsync(alice);

        var response = await SearchAsync(alice, "  ");

        Assert.Equal(JsonValueKind.Array, response.Body.GetProperty("results").ValueKind);
        Assert.Empty(Found(response));
    }
}
