using System.Net;
using Tangle.Sdk;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>
/// Reading a room that does not exist answers as reading a room one is not in does (403), so a client
/// cannot tell the two apart.
/// </summary>
public sealed class UnknownRoomTests(ServerFixture fixture)
{
    private string UnknownRoom => $"!{TestUsers.UniqueLocalpart("nosuchroom")}:{fixture.Server.ServerName}";

    [Fact]
    public async Task Messages_of_a_room_that_does_not_exist_are_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");

        await AssertForbiddenAsync(() => alice.GetMessagesAsync(UnknownRoom));
    }

    [Fact]
    public async Task State_of_a_room_that_does_not_exist_is_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");

        await AssertForbiddenAsync(() => alice.GetStateAsync(UnknownRoom));
        await AssertForbiddenAsync(() => alice.GetStateEventAsync(UnknownRoom, "m.room.name"));
    }

    [Fact]
    public async Task Members_of_a_room_that_does_not_exist_are_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");

        await AssertForbiddenAsync(() => alice.GetMembersAsync(UnknownRoom));
        await AssertForbiddenAsync(() => alice.GetJoinedMembersAsync(UnknownRoom));
    }

    private static async Task AssertForbiddenAsync(Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<MatrixException>(action);
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }
}
