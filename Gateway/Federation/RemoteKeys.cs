using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// The remote part of a client's /keys/query and /keys/claim: one request to each other server named, all at
/// once, bounded by the client's timeout. What comes back is checked before it is passed on; a server that
/// cannot be reached, times out or refuses is listed in <c>failures</c> under its name.
/// </summary>
internal static class RemoteKeys
{
    /// <summary>What the specification recommends when the client names no timeout.</summary>
    private const long DefaultTimeoutMs = 10_000;

    /// <summary>A client cannot hold a request open longer than this, whatever timeout it asks for.</summary>
    private const long MaxTimeoutMs = 60_000;

    /// <summary>The client's <c>timeout</c> (milliseconds) as a bound on waiting for other servers.</summary>
    public static TimeSpan Timeout(long? milliseconds) => TimeSpan.FromMilliseconds(Math.Clamp(milliseconds ?? DefaultTimeoutMs, 0, MaxTimeoutMs));

    /// <summary>Asks each server for the device and cross-signing keys of its users in <paramref name="wanted"/> (user to device ids, none for all).</summary>
    public static async Task<RemoteKeyAnswers> QueryAsync(FederationClient federation, LocalHomeserver origin,
        IReadOnlyDictionary<UserId, IReadOnlyList<string>> wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answers = new RemoteKeyAnswers();
        var results = await AskEachAsync(federation, origin, "/_matrix/federation/v1/user/keys/query", wanted.Keys,
            users => new JsonObject { ["device_keys"] = new JsonObject(users.Select(u => KeyValuePair.Create(u.Value, (JsonNode?)new JsonArray(
                wanted[u].Select(d => (JsonNode?)JsonValue.Create(d)).ToArray())))) },
            timeout, answers.Failures, cancellationToken);
        foreach (var (users, body) in results)
            ReadQueryAnswer(body, users.ToDictionary(u => u, u => wanted[u]), answers);
        return answers;
    }

    /// <summary>Claims, from each server, one key per device of its users in <paramref name="wanted"/> (user to device to algorithm).</summary>
    public static async Task<RemoteKeyAnswers> ClaimAsync(FederationClient federation, LocalHomeserver origin,
        IReadOnlyDictionary<UserId, IReadOnlyDictionary<string, string>> wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answers = new RemoteKeyAnswers();
        var results = await AskEachAsync(federation, origin, "/_matrix/federation/v1/user/keys/claim", wanted.Keys,
            users => new JsonObject { ["one_time_keys"] = new JsonObject(users.Select(u => KeyValuePair.Create(u.Value, (JsonNode?)new JsonObject(
                wanted[u].Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value))))))) },
            timeout, answers.Failures, cancellationToken);
        foreach (var (users, body) in results)
        {
            if (!body.TryGetProperty("one_time_keys", out var claimed) || claimed.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var user in users)
            {
                if (!claimed.TryGetProperty(user.Value, out var byDevice) || byDevice.ValueKind != JsonValueKind.Object)
                    continue;
                var keys = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
                foreach (var (deviceId, algorithm) in wanted[user])
                {
                    if (!byDevice.TryGetProperty(deviceId, out var deviceKeys) || deviceKeys.ValueKind != JsonValueKind.Object)
                        continue;
                    // One key per device was asked for: the first that answers the claim is taken.
                    var key = deviceKeys.EnumerateObject().FirstOrDefault(k => RemoteKeyChecks.IsClaimedKey(k.Name, k.Value, algorithm));
                    if (key.Name is not null)
                        keys[deviceId] = new Dictionary<string, JsonElement> { [key.Name] = key.Value.Clone() };
                }

                if (keys.Count > 0)
                    answers.DeviceKeys[user.Value] = keys;
            }
        }

        return answers;
    }

    /// <summary>Keeps the keys of the users asked about (and of the devices asked about, when some were named) that check out.</summary>
    private static void ReadQueryAnswer(JsonElement body, Dictionary<UserId, IReadOnlyList<string>> asked, RemoteKeyAnswers answers)
    {
        var deviceKeys = Field(body, "device_keys");
        var masterKeys = Field(body, "master_keys");
        var selfSigningKeys = Field(body, "self_signing_keys");
        foreach (var (user, devices) in asked)
        {
            if (deviceKeys?.TryGetProperty(user.Value, out var byDevice) == true && byDevice.ValueKind == JsonValueKind.Object)
            {
                var kept = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var device in byDevice.EnumerateObject())
                {
                    if ((devices.Count == 0 || devices.Contains(device.Name)) && RemoteKeyChecks.AreDeviceKeys(device.Value, user, device.Name))
                        kept[device.Name] = WithOnlyDisplayName(device.Value);
                }

                answers.DeviceKeys[user.Value] = kept;
            }

            string? master = null;
            if (masterKeys?.TryGetProperty(user.Value, out var masterKey) == true
                && (master = RemoteKeyChecks.CrossSigningKey(masterKey, user, "master", null)) is not null)
                answers.Master[user.Value] = masterKey.Clone();
            // A self-signing key means nothing without the master key that signed it.
            if (master is not null && selfSigningKeys?.TryGetProperty(user.Value, out var selfSigning) == true
                && RemoteKeyChecks.CrossSigningKey(selfSigning, user, "self_signing", master) is not null)
                answers.SelfSigning[user.Value] = selfSigning.Clone();
        }
    }

    /// <summary>
    /// Device keys with the one unsigned field a client uses from another server, the device's display name. Written
    /// member by member: another server's JSON may repeat a key, which a JSON DOM would refuse.
    /// </summary>
    private static JsonElement WithOnlyDisplayName(JsonElement keys)
    {
        var name = keys.TryGetProperty("unsigned", out var unsigned) && unsigned.ValueKind == JsonValueKind.Object
            && unsigned.TryGetProperty("device_display_name", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var property in keys.EnumerateObject().Where(p => !p.NameEquals("unsigned")))
                property.WriteTo(writer);
            writer.WriteStartObject("unsigned");
            if (name is not null)
                writer.WriteString("device_display_name", name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(output.WrittenMemory).RootElement.Clone();
    }

    private static JsonElement? Field(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>
    /// Sends one request per server (for its users) in parallel and returns the answers that are JSON objects, each
    /// with the users it was about; every other outcome is added to <paramref name="failures"/> under the server's name.
    /// </summary>
    private static async Task<List<(IReadOnlyList<UserId> Users, JsonElement Body)>> AskEachAsync(FederationClient federation, LocalHomeserver origin,
        string target, IEnumerable<UserId> users, Func<IReadOnlyList<UserId>, JsonObject> bodyFor, TimeSpan timeout,
        Dictionary<string, object> failures, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var requests = users.GroupBy(u => u.Server).Select(async group =>
        {
            var asked = group.ToList();
            var body = JsonSerializer.SerializeToElement(bodyFor(asked));
            var (answer, failure) = await AskAsync(federation, origin, group.Key, target, body, deadline.Token, cancellationToken);
            return (Server: group.Key, Users: (IReadOnlyList<UserId>)asked, Answer: answer, Failure: failure);
        }).ToList();

        var answers = new List<(IReadOnlyList<UserId>, JsonElement)>();
        foreach (var result in await Task.WhenAll(requests))
        {
            if (result.Answer is { } answer)
                answers.Add((result.Users, answer));
            else
                failures[result.Server.Value] = result.Failure!;
        }

        return answers;
    }

    private static async Task<(JsonElement? Answer, object? Failure)> AskAsync(FederationClient federation, LocalHomeserver origin, ServerName server,
        string target, JsonElement body, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            var response = await federation.SendAsync(origin, server, HttpMethod.Post, target, body, deadline);
            if (!response.IsSuccess)
                return (null, Failure((int)response.Status, $"{server} answered {(int)response.Status} {response.ErrCode}".TrimEnd()));
            return response.Body is { ValueKind: JsonValueKind.Object } answer
                ? (answer, null)
                : (null, Failure(502, $"{server} did not answer with a JSON object"));
        }
        catch (FederationUnavailableException e)
        {
            return (null, Failure(503, $"cannot reach {server}: {e.InnerException?.Message ?? e.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Failure(504, $"{server} did not answer in time"));
        }
    }

    private static Dictionary<string, object> Failure(int status, string message) => new() { ["status"] = status, ["message"] = message };
}

/// <summary>
/// What other servers answered, as a client's /keys/query or /keys/claim returns it: keys by user (device keys,
/// or claimed keys by device), cross-signing keys, and failures by server name.
/// </summary>
internal sealed class RemoteKeyAnswers
{
    public Dictionary<string, object> DeviceKeys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> Master { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> SelfSigning { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object> Failures { get; } = new(StringComparer.Ordinal);
}
