using Tangle.Sdk.Directories;
using Tangle.Sdk.Media;
using Tangle.Sdk.Rooms;
using Tangle.Sdk.Tests.Infrastructure;
using static Tangle.Sdk.Tests.Infrastructure.EndpointProbe;

namespace Tangle.Sdk.Tests.Client;

/// <summary>Aliases, the room and user directories, and media.</summary>
public sealed class DirectoryAndMediaEndpointTests
{
    private static string Spec(string name) => SpecExamples.Text(name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string AliasEscaped = "%23monkeys%3Amatrix.org";

    [Fact]
    public async Task Aliases_create_resolve_delete_and_list()
    {
        var create = await CallAsync(c => c.CreateAliasAsync("#monkeys:matrix.org", "!abnjk1jdasj98:capuchins.com", Ct));
        var (info, resolve) = await CallAsync(c => c.ResolveAliasAsync("#monkeys:matrix.org", Ct), Spec("directory.get.directory_room_roomAlias.200.json"));
        var delete = await CallAsync(c => c.DeleteAliasAsync("#monkeys:matrix.org", Ct));
        var (aliases, list) = await CallAsync(c => c.GetRoomAliasesAsync(RoomId, Ct), Spec("directory.get.rooms_roomId_aliases.200.json"));

        Expect(create, "PUT", $"/_matrix/client/v3/directory/room/{AliasEscaped}", Spec("directory.put.directory_room_roomAlias.request.json"));
        Expect(resolve, "GET", $"/_matrix/client/v3/directory/room/{AliasEscaped}");
        Expect(delete, "DELETE", $"/_matrix/client/v3/directory/room/{AliasEscaped}");
        Expect(list, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/aliases");
        Assert.Equal("!abnjk1jdasj98:capuchins.com", info.RoomId);
        Assert.Equal(3, aliases.Count);
    }

    [Fact]
    public async Task Public_rooms_list_search_and_visibility()
    {
        var (page, list) = await CallAsync(c => c.GetPublicRoomsAsync(10, "p1902", "matrix.org", Ct), Spec("list_public_rooms.get.publicRooms.200.json"));
        var search = new PublicRoomsRequest
        {
            Limit = 10,
            Filter = new PublicRoomsFilter { GenericSearchTerm = "foo", RoomTypes = [null, "m.space"] },
            IncludeAllNetworks = false,
            ThirdPartyInstanceId = "irc-freenode",
        };
        var (_, post) = await CallAsync(c => c.SearchPublicRoomsAsync(search, "matrix.org", Ct), Spec("list_public_rooms.post.publicRooms.200.json"));
        var (visibility, getVisibility) = await CallAsync(c => c.GetRoomDirectoryVisibilityAsync(RoomId, Ct),
            Spec("list_public_rooms.get.directory_list_room_roomId.200.json"));
        var setVisibility = await CallAsync(c => c.SetRoomDirectoryVisibilityAsync(RoomId, RoomVisibility.Public, Ct));

        Expect(list, "GET", "/_matrix/client/v3/publicRooms?limit=10&since=p1902&server=matrix.org");
        Expect(post, "POST", "/_matrix/client/v3/publicRooms?server=matrix.org", Spec("list_public_rooms.post.publicRooms.request.json"));
        Expect(getVisibility, "GET", $"/_matrix/client/v3/directory/list/room/{RoomEscaped}");
        Expect(setVisibility, "PUT", $"/_matrix/client/v3/directory/list/room/{RoomEscaped}", Spec("list_public_rooms.put.directory_list_room_roomId.request.json"));
        Assert.Equal("CHEESE", page.Chunk[0].Name);
        Assert.Equal(RoomVisibility.Public, visibility);
    }

    [Fact]
    public async Task User_directory_search()
    {
        var (result, search) = await CallAsync(c => c.SearchUsersAsync("foo", 10, Ct), Spec("users.post.user_directory_search.200.json"));

        Expect(search, "POST", "/_matrix/client/v3/user_directory/search", Spec("users.post.user_directory_search.request.json"));
        Assert.Equal("@foo:bar.com", result.Results.Single().UserId);
    }

    [Fact]
    public async Task Upload_posts_raw_bytes_to_the_v3_media_endpoint()
    {
        byte[] content = [1, 2, 3, 250];

        var (uri, upload) = await CallAsync(c => c.UploadMediaAsync(content, "application/pdf", "War and Peace.pdf", Ct),
            Spec("content-repo.post.media_v3_upload.200.json"));

        Assert.Equal("POST", upload.Method);
        Assert.Equal("/_matrix/media/v3/upload?filename=War%20and%20Peace.pdf", upload.RawTarget);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.Equal("Bearer " + Alice.AccessToken, upload.Authorization);
        Assert.Equal(new MxcUri("example.com", "AQwafuaFswefuhsfAFAgsw"), uri);
        Assert.Equal("mxc://example.com/AQwafuaFswefuhsfAFAgsw", uri.ToString());
    }

    [Fact]
    public async Task Download_and_thumbnail_use_the_authenticated_v1_endpoints()
    {
        var mxc = MxcUri.Parse("mxc://example.org/ascERGshawAWawugaAcauga");
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47];
        await using var server = await LoopbackHomeserver.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "image/png";
            context.Response.Headers.ContentDisposition = "inline; filename=\"cat.png\"";
            await context.Response.Body.WriteAsync(bytes);
        });
        using var client = server.CreateClient(session: Alice);

        var download = await client.DownloadMediaAsync(mxc, cancellationToken: Ct);
        var named = await client.DownloadMediaAsync(mxc, "cat.png", TimeSpan.FromSeconds(20), Ct);
        var thumbnail = await client.GetThumbnailAsync(mxc, 64, 32, ThumbnailMethod.Crop, animated: false, cancellationToken: Ct);

        var requests = server.Requests;
        Assert.Equal("/_matrix/client/v1/media/download/example.org/ascERGshawAWawugaAcauga", requests[0].RawTarget);
        Assert.Equal("/_matrix/client/v1/media/download/example.org/ascERGshawAWawugaAcauga/cat.png?timeout_ms=20000", requests[1].RawTarget);
        Assert.Equal("/_matrix/client/v1/media/thumbnail/example.org/ascERGshawAWawugaAcauga?width=64&height=32&method=crop&animated=false", requests[2].RawTarget);
        Assert.All(requests, r => Assert.Equal("Bearer " + Alice.AccessToken, r.Authorization));
        Assert.Equal(bytes, download.Content);
        Assert.Equal("image/png", download.ContentType);
        Assert.Equal("cat.png", download.FileName);
        Assert.Equal(bytes, named.Content);
        Assert.Equal(bytes, thumbnail.Content);
    }

    [Fact]
    public async Task Media_config()
    {
        var (config, request) = await CallAsync(c => c.GetMediaConfigAsync(Ct), Spec("authed-content-repo.get.media_config.200.json"));

        Expect(request, "GET", "/_matrix/client/v1/media/config");
        Assert.Equal(50000000, config.UploadSize);
    }

    [Theory]
    [InlineData("mxc://example.org/abc", true, "example.org", "abc")]
    [InlineData("mxc://localhost:8448/a-b_c", true, "localhost:8448", "a-b_c")]
    [InlineData("mxc://example.org/", false, null, null)]
    [InlineData("mxc:///abc", false, null, null)]
    [InlineData("mxc://example.org/a/b", false, null, null)]
    [InlineData("https://example.org/abc", false, null, null)]
    [InlineData(null, false, null, null)]
    public void Mxc_uris_parse_strictly(string? text, bool valid, string? server, string? mediaId)
    {
        Assert.Equal(valid, MxcUri.TryParse(text, out var mxc));
        if (valid)
        {
            Assert.Equal(new MxcUri(server!, mediaId!), mxc);
            Assert.Equal(text, mxc.ToString());
        }
        else
        {
            Assert.Throws<FormatException>(() => MxcUri.Parse(text ?? ""));
        }
    }
}
