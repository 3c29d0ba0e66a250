using System.Text.Json;

namespace Tangle.Grains.Keys;

/// <summary>The body of POST /keys/upload; each part may be absent.</summary>
[GenerateSerializer, Immutable]
public sealed record KeysUpload(
    [property: Id(0)] JsonElement? DeviceKeys,
    [property: Id(1)] JsonElement? OneTimeKeys,
    [property: Id(2)] JsonElement? FallbackKeys);

/// <summary>What /sync tells a device about its keys.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceKeyCounts(
    [property: Id(0)] IReadOnlyDictionary<string, int> OneTimeKeys,
    [property: Id(1)] IReadOnlyList<string> UnusedFallbackAlgorithms);

/// <summary>One user's part of a /keys/query answer.</summary>
/// <param name="Devices">Device id to the signed device keys as uploaded, with the signatures added since.</param>
/// <param name="Master">The master key with the signatures the requester may see.</param>
/// <param name="SelfSigning">The self-signing key.</param>
/// <param name="UserSigning">The user-signing key, only for the user themself.</param>
/// <param name="StreamId">The version of the user's device list: it grows whenever a device's keys or name, or a cross-signing key, change.</param>
[GenerateSerializer, Immutable]
public sealed record UserKeys(
    [property: Id(0)] IReadOnlyDictionary<string, JsonElement> Devices,
    [property: Id(1)] JsonElement? Master,
    [property: Id(2)] JsonElement? SelfSigning,
    [property: Id(3)] JsonElement? UserSigning,
    [property: Id(4)] long StreamId);

/// <summary>A claimed key: <c>algorithm:key_id</c> and the key (a string or a signed key object).</summary>
[GenerateSerializer, Immutable]
public sealed record ClaimedKey([property: Id(0)] string KeyId, [property: Id(1)] JsonElement Key);

/// <summary>A user's cross-signing keys; null where none is held (or, in an upload, none given).</summary>
[GenerateSerializer, Immutable]
public sealed record CrossSigningKeys(
    [property: Id(0)] JsonElement? Master,
    [property: Id(1)] JsonElement? SelfSigning,
    [property: Id(2)] JsonElement? UserSigning);

/// <summary>Why a key could not be signed, as the failures map of /keys/signatures/upload gives it.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyFailure([property: Id(0)] string ErrCode, [property: Id(1)] string Error);
