using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class AccountDataTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Global_account_data_keeps_fractional_numbers()
    {
        var alice = await fixture.UserAsync("alice");
        var path = $"_matrix/client/v3/user/{Uri.EscapeDataString(alice.UserId!)}/account_data/org.example.zoom";

        var put = await alice.PutAsync(path, "{\"level\": 0.75, \"big\": 1e300}");
        var got = await alice.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal((0.75, 1e300), (got.Body.GetProperty("level").GetDouble(), got.Body.GetProperty("big").GetDouble()));
    }

    [Fact]
    public async Task Room_account_data_keeps_fractional_numbers()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);
        var path = $"_matrix/client/v3/user/{Uri.EscapeDataString(alice.UserId!)}/rooms/{TestRooms.Path(room)}/account_data/org.example.scroll";

        var put = await alice.PutAsync(path, new { position = 0.5 });
        var got = await alice.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(0.5, got.Body.GetProperty("position").GetDouble());
    }

    [Fact]
    public async Task A_message_with_a_fractional_number_is_still_bad_json()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);

        var sent = await alice.PutAsync($"_matrix/client/v3/rooms/{TestRooms.Path(room)}/send/m.room.message/t1", new { msgtype = "m.text", body = "x", weight = 0.5 });

        Assert.Equal((HttpStatusCode.BadRequest, "M_BAD_JSON"), (sent.Status, sent.ErrCode));
    }
}
