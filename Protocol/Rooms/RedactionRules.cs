using System.Collections.Frozen;

namespace Tangle.Protocol.Rooms;

/// <summary>What the redaction algorithm of a room version keeps.</summary>
public sealed record RedactionRules
{
    /// <summary>Top-level keys that survive redaction.</summary>
    public required FrozenSet<string> TopLevelKeys { get; init; }

    /// <summary>Content keys that survive, per event type; types not listed keep no content.</summary>
    public required FrozenDictionary<string, FrozenSet<string>> ContentKeys { get; init; }

    /// <summary>v11+: m.room.create keeps its whole content.</summary>
    public bool KeepsAllCreateContent { get; init; }

    /// <summary>v11+: m.room.member keeps third_party_invite, reduced to its signed key.</summary>
    public bool KeepsThirdPartyInviteSigned { get; init; }

    internal static FrozenSet<string> Keys(params string[] keys) => keys.ToFrozenSet(StringComparer.Ordinal);
}
