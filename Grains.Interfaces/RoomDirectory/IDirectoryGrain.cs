using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.RoomDirectory;

/// <summary>Where an alias points.</summary>
[GenerateSerializer, Immutable]
public sealed record AliasTarget([property: Id(0)] RoomId Room, [property: Id(1)] IReadOnlyList<string> Servers, [property: Id(2)] string Creator);

/// <summary>A page of the public room list.</summary>
[GenerateSerializer, Immutable]
public sealed record PublicRoomsPage(
    [property: Id(0)] IReadOnlyList<RoomSummary> Rooms,
    [property: Id(1)] string? NextBatch,
    [property: Id(2)] string? PrevBatch,
    [property: Id(3)] int TotalEstimate);

/// <summary>
/// A homeserver's room directory (key: server name): its room aliases and which rooms are published
/// in its public room list.
/// </summary>
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Points an alias at a room; 409 if the alias exists.</summary>
    Task CreateAliasAsync(RoomAlias alias, RoomId room, UserId creator);

    /// <summary>Where an alias points, or null.</summary>
    Task<AliasTarget?> ResolveAliasAsync(RoomAlias alias);

    /// <summary>Removes an alias; only its creator or a server admin may.</summary>
    Task DeleteAliasAsync(RoomAlias alias, UserId requester, bool isAdmin);

    /// <summary>The local aliases of a room.</summary>
    Task<IReadOnlyList<RoomAlias>> GetAliasesAsync(RoomId room);

    /// <summary>Publishes a room in the public room list or withdraws it.</summary>
    Task SetVisibilityAsync(RoomId room, bool published);

    /// <summary>Whether a room is published.</summary>
    Task<bool> IsPublishedAsync(RoomId room);

    /// <summary>A page of published rooms, largest first, optionally filtered by a search term and room types.</summary>
    Task<PublicRoomsPage> GetPublicRoomsAsync(int limit, string? since, string? searchTerm, IReadOnlyList<string?>? roomTypes);
}
