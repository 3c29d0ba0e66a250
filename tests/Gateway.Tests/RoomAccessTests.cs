using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

/// <summary>Restricted joins, guest access and room tags.</summary>
public sealed class RoomAccessTests(RoomAccessTests.Fixture fixture) : IClassFixture<RoomAccessTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Tangle:Registration:AllowGuests"] = "true",
        };
    }

    private static string Path(string room) => Uri.EscapeDataString(room);

    private async Task<(RawClient Admin, string Space, string Restricted)> RestrictedRoomAsync()
    {
        var admin = await fixture.UserAsync("admin");
        var space = await admin.CreateRoomAsync(new { preset = "public_chat" });
        var restricted = await admin.CreateRoomAsync(new
        {
            preset = "private_chat",
            room_version = "10",
            initial_state = new[]
            {
                new { type = "m.room.join_rules", state_key = "", content = (object)new { join_rule = "restricted", allow = new[] { new { type = "m.room_membership", room_id = space } } } },
            },
        });
        return (admin, space, restricted);
    }

    [Fact]
    public async Task A_member_of_an_allowed_room_joins_a_restricted_room_authorised_by_a_local_member()
    {
        var (admin, space, restricted) = await RestrictedRoomAsync();
        var user = await fixture.UserAsync("member");
        await user.PostAsync($"_matrix/client/v3/join/{Path(space)}", new { });

        var join = await user.PostAsync($"_matrix/client/v3/join/{Path(restricted)}", new { });
        var member = await user.GetAsync($"_matrix/client/v3/rooms/{Path(restricted)}/state/m.room.member/{Uri.EscapeDataString(user.UserId!)}");

        Assert.Equal(HttpStatusCode.OK, join.Status);
        Assert.Equal(admin.UserId, member.String("join_authorised_via_users_server"));
    }

    [Fact]
    public async Task Someone_in_no_allowed_room_cannot_join_a_restricted_room()
    {
        var (_, _, restricted) = await RestrictedRoomAsync();
        var outsider = await fixture.UserAsync("outsider");

        var join = await outsider.PostAsync($"_matrix/client/v3/join/{Path(restricted)}", new { });

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (join.Status, join.ErrCode));
    }

    [Fact]
    public async Task A_guest_joins_only_where_guest_access_is_granted()
    {
        var owner = await fixture.UserAsync("owner");
        var open = await owner.CreateRoomAsync(new { preset = "public_chat" });
        var welcoming = await owner.CreateRoomAsync(new
        {
            preset = "public_chat",
            initial_state = new[] { new { type = "m.room.guest_access", state_key = "", content = new { guest_access = "can_join" } } },
        });
        var register = await fixture.Anonymous().PostAsync("_matrix/client/v3/register?kind=guest", new { });
        var guest = new RawClient(fixture.Server.CreateHttpClient(), register.String("access_token"));

        var refused = await guest.PostAsync($"_matrix/client/v3/join/{Path(open)}", new { });
        var allowed = await guest.PostAsync($"_matrix/client/v3/join/{Path(welcoming)}", new { });
        var createRoom = await guest.PostAsync("_matrix/client/v3/createRoom", new { });

        Assert.Equal((HttpStatusCode.Forbidden, "M_GUEST_ACCESS_FORBIDDEN"), (refused.Status, refused.ErrCode));
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "M_GUEST_ACCESS_FORBIDDEN"), (createRoom.Status, createRoom.ErrCode));
    }

    [Fact]
    public async Task Tags_are_set_listed_and_removed()
    {
        var user = await fixture.UserAsync("tagger");
        var room = await user.CreateRoomAsync();
        var tags = $"_matrix/client/v3/user/{Uri.EscapeDataString(user.UserId!)}/rooms/{Path(room)}/tags";

        await user.PutAsync($"{tags}/m.favourite", new { order = 0.25 });
        await user.PutAsync($"{tags}/u.work", new { });
        await user.DeleteAsync($"{tags}/u.work");
        var listed = await user.GetAsync(tags);

        var names = listed.Body.GetProperty("tags").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["m.favourite"], names);
        Assert.Equal(0.25, listed.Body.GetProperty("tags").GetProperty("m.favourite").GetProperty("order").GetDouble());
    }
}
