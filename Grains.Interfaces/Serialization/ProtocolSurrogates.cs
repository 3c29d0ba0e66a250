using System.Text.Json;
using Orleans.Serialization.Cloning;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Serialization;

// The protocol core knows nothing of Orleans, so its types cross grain boundaries through these
// surrogates. They are immutable, so copies within a silo share the instance.

[GenerateSerializer, Immutable]
public readonly record struct IdentifierSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class UserIdConverter : IConverter<UserId, IdentifierSurrogate>
{
    public UserId ConvertFromSurrogate(in IdentifierSurrogate surrogate) => UserId.From(surrogate.Value);

    public IdentifierSurrogate ConvertToSurrogate(in UserId value) => new(value.Value);
}

[RegisterConverter]
public sealed class RoomIdConverter : IConverter<RoomId, IdentifierSurrogate>
{
    public RoomId ConvertFromSurrogate(in IdentifierSurrogate surrogate) => RoomId.From(surrogate.Value);

    public IdentifierSurrogate ConvertToSurrogate(in RoomId value) => new(value.Value);
}

[RegisterConverter]
public sealed class EventIdConverter : IConverter<EventId, IdentifierSurrogate>
{
    public EventId ConvertFromSurrogate(in IdentifierSurrogate surrogate) => EventId.From(surrogate.Value);

    public IdentifierSurrogate ConvertToSurrogate(in EventId value) => new(value.Value);
}

[RegisterConverter]
public sealed class ServerNameConverter : IConverter<ServerName, IdentifierSurrogate>
{
    public ServerName ConvertFromSurrogate(in IdentifierSurrogate surrogate) => ServerName.From(surrogate.Value);

    public IdentifierSurrogate ConvertToSurrogate(in ServerName value) => new(value.Value);
}

[RegisterConverter]
public sealed class RoomAliasConverter : IConverter<RoomAlias, IdentifierSurrogate>
{
    public RoomAlias ConvertFromSurrogate(in IdentifierSurrogate surrogate) => RoomAlias.From(surrogate.Value);

    public IdentifierSurrogate ConvertToSurrogate(in RoomAlias value) => new(value.Value);
}

[RegisterConverter]
public sealed class RoomVersionConverter : IConverter<RoomVersion, IdentifierSurrogate>
{
    public RoomVersion ConvertFromSurrogate(in IdentifierSurrogate surrogate) => RoomVersions.Get(surrogate.Value).Value;

    public IdentifierSurrogate ConvertToSurrogate(in RoomVersion value) => new(value.Id);
}

[GenerateSerializer, Immutable]
public readonly record struct StateMapKeySurrogate([property: Id(0)] string Type, [property: Id(1)] string StateKey);

[RegisterConverter]
public sealed class StateMapKeyConverter : IConverter<StateMapKey, StateMapKeySurrogate>
{
    public StateMapKey ConvertFromSurrogate(in StateMapKeySurrogate surrogate) => new(surrogate.Type, surrogate.StateKey);

    public StateMapKeySurrogate ConvertToSurrogate(in StateMapKey value) => new(value.Type, value.StateKey);
}

[GenerateSerializer, Immutable]
public readonly record struct JsonSurrogate([property: Id(0)] byte[] Utf8);

/// <summary>JSON values travel as their UTF-8 text.</summary>
[RegisterConverter]
public sealed class JsonElementConverter : IConverter<JsonElement, JsonSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonSurrogate surrogate)
    {
        var reader = new Utf8JsonReader(surrogate.Utf8);
        return JsonElement.ParseValue(ref reader);
    }

    public JsonSurrogate ConvertToSurrogate(in JsonElement value) => new(JsonSerializer.SerializeToUtf8Bytes(value));
}

[GenerateSerializer, Immutable]
public readonly record struct PduSurrogate([property: Id(0)] string RoomVersion, [property: Id(1)] byte[] Canonical);

/// <summary>An event travels as its canonical JSON and is validated again on arrival.</summary>
[RegisterConverter]
public sealed class PduConverter : IConverter<Pdu, PduSurrogate>
{
    public Pdu ConvertFromSurrogate(in PduSurrogate surrogate) =>
        Pdu.Parse(surrogate.Canonical, RoomVersions.Get(surrogate.RoomVersion).Value).Value;

    public PduSurrogate ConvertToSurrogate(in Pdu value) => new(value.RoomVersion.Id, value.ToCanonicalBytes());
}

[RegisterCopier]
public sealed class UserIdCopier : ShallowCopier<UserId>;

[RegisterCopier]
public sealed class RoomIdCopier : ShallowCopier<RoomId>;

[RegisterCopier]
public sealed class EventIdCopier : ShallowCopier<EventId>;

[RegisterCopier]
public sealed class ServerNameCopier : ShallowCopier<ServerName>;

[RegisterCopier]
public sealed class RoomAliasCopier : ShallowCopier<RoomAlias>;

[RegisterCopier]
public sealed class RoomVersionCopier : ShallowCopier<RoomVersion>;

[RegisterCopier]
public sealed class PduCopier : ShallowCopier<Pdu>;

[RegisterCopier]
public sealed class JsonElementCopier : ShallowCopier<JsonElement>;
