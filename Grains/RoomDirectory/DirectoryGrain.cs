using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.RoomDirectory;

/// <summary>The directory's persistent state: aliases and published rooms.</summary>
[GenerateSerializer]
public sealed class DirectoryState
{
    [Id(0)] public Dictionary<string, AliasRecord> Aliases { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public HashSet<string> Published { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed record AliasRecord([property: Id(0)] string RoomId, [property: Id(1)] string Creator);

/// <summary>A homeserver's aliases and public room list.</summary>
public sealed class DirectoryGrain([PersistentState("directory")] IPersistentState<DirectoryState> state) : Grain, IDirectoryGrain
{
    private ServerName Server => ServerName.From(this.GetPrimaryKeyString());

    public async Task CreateAliasAsync(RoomAlias alias, RoomId room, UserId creator)
    {
        if (alias.Server != Server)
            throw MatrixException.InvalidParam($"aliases here must end in :{Server}");
        if (state.State.Aliases.ContainsKey(alias.Value))
            throw new MatrixException(ErrCode.Unknown, "room alias already exists", 409);
        state.State.Aliases[alias.Value] = new AliasRecord(room.Value, creator.Value);
        await state.WriteStateAsync();
    }

    public Task<AliasTarget?> ResolveAliasAsync(RoomAlias alias) => Task.FromResult(
        state.State.Aliases.TryGetValue(alias.Value, out var record)
            ? new AliasTarget(RoomId.From(record.RoomId), [Server.Value], record.Creator)
            : null);

    public async Task DeleteAliasAsync(RoomAlias alias, UserId requester, bool isAdmin)
    {
        if (!state.State.Aliases.TryGetValue(alias.Value, out var record))
            throw MatrixException.NotFound("room alias not found");
        if (!isAdmin && record.Creator != requester.Value)
            throw MatrixException.Forbidden("only the alias's creator or a server admin may delete it");
        state.State.Aliases.Remove(alias.Value);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<RoomAlias>> GetAliasesAsync(RoomId room) => Task.FromResult<IReadOnlyList<RoomAlias>>(
        state.State.Aliases.Where(a => a.Value.RoomId == room.Value).Select(a => RoomAlias.From(a.Key)).ToList());

    public async Task SetVisibilityAsync(RoomId room, bool published)
    {
        var changed = published ? state.State.Published.Add(room.Value) : state.State.Published.Remove(room.Value);
        if (changed)
            await state.WriteStateAsync();
    }

    public Task<bool> IsPublishedAsync(RoomId room) => Task.FromResult(state.State.Published.Contains(room.Value));

    public async Task<PublicRoomsPage> GetPublicRoomsAsync(int limit, string? since, string? searchTerm, IReadOnlyList<string?>? roomTypes)
    {
        var summaries = await Task.WhenAll(state.State.Published.Select(id => GrainFactory.Room(Server, RoomId.From(id)).GetSummaryAsync()));
        var matching = summaries
            .Where(s => s.JoinRule is "public" or "knock" or "knock_restricted" || s.JoinRule is null)
            .Where(s => searchTerm is null || Contains(s.Name, searchTerm) || Contains(s.Topic, searchTerm) || Contains(s.CanonicalAlias, searchTerm))
            .Where(s => roomTypes is null || roomTypes.Contains(s.RoomType))
            .OrderByDescending(s => s.JoinedMembers).ThenBy(s => s.RoomId.Value, StringComparer.Ordinal)
            .ToList();
        var offset = since is not null && int.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, out var o) ? Math.Max(o, 0) : 0;
        var size = Math.Clamp(limit <= 0 ? 100 : limit, 1, 500);
        var page = matching.Skip(offset).Take(size).ToList();
        var next = offset + size < matching.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var prev = offset > 0 ? Math.Max(offset - size, 0).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new PublicRoomsPage(page, next, prev, matching.Count);
    }

    private static bool Contains(string? text, string term) => text?.Contains(term, StringComparison.OrdinalIgnoreCase) == true;
}
