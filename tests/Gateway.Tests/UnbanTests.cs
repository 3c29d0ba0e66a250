using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

/// <summary>/unban lifts a ban, and only a ban.</summary>
public sealed class UnbanTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Unbanning_a_banned_user_leaves_them_free_to_join_again()
    {
        var admin = await fixture.UserAsync("admin");
        var guest = await fixture.UserAsync("guest");
        var room = await admin.CreateRoomAsync(new { preset = "public_chat" });
        await guest.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { });
        await admin.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/ban", new { user_id = guest.UserId });

        var unbanned = await admin.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/unban", new { user_id = guest.UserId });
        var rejoined = await guest.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { });

        Assert.Equal(HttpStatusCode.OK, unbanned.Status);
        Assert.Equal(HttpStatusCode.OK, rejoined.Status);
    }

    [Fact]
    public async Task Unbanning_a_user_who_is_not_banned_is_refused_and_does_not_kick_them()
    {
        var admin = await fixture.UserAsync("admin");
        var member = await fixture.UserAsync("member");
        var room = await admin.CreateRoomAsync(new { preset = "public_chat" });
        await member.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { });

        var unbanned = await admin.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/unban", new { user_id = member.UserId });
        var state = await admin.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/{Uri.EscapeDataString(member.UserId!)}");

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (unbanned.Status, unbanned.ErrCode));
        Assert.Equal("join", state.String("membership"));
    }
}
