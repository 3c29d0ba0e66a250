using System.Text.Json.Serialization;
using Tangle.Sdk.Encryption;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>POST /keys/upload</c>: publishes device keys, one-time keys and fallback keys.</summary>
    public Task<KeysUploadResponse> UploadKeysAsync(KeysUploadRequest request, CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeysUploadResponse>(new(HttpMethod.Post, MatrixPath.V3($"/keys/upload")) { Body = request }, cancellationToken);

    /// <summary><c>POST /keys/query</c>: the device and cross-signing keys of users.</summary>
    /// <param name="deviceKeys">User ID to the devices wanted; an empty list means all of the user's devices.</param>
    /// <param name="timeout">How long to wait for remote servers.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<KeysQueryResponse> QueryKeysAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> deviceKeys, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeysQueryResponse>(new(HttpMethod.Post, MatrixPath.V3($"/keys/query"))
        {
            Body = new KeysQueryRequest { DeviceKeys = deviceKeys, Timeout = Milliseconds(timeout) },
            Idempotent = true,
        }, cancellationToken);

    /// <summary><c>POST /keys/query</c> for all devices of the given users.</summary>
    public Task<KeysQueryResponse> QueryKeysAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default) =>
        QueryKeysAsync(userIds.Distinct().ToDictionary(u => u, IReadOnlyList<string> (_) => []), null, cancellationToken);

    /// <summary><c>POST /keys/claim</c>: claims one-time keys, by user, device and algorithm.</summary>
    public Task<KeysClaimResponse> ClaimKeysAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> oneTimeKeys,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeysClaimResponse>(new(HttpMethod.Post, MatrixPath.V3($"/keys/claim"))
        {
            Body = new KeysClaimRequest { OneTimeKeys = oneTimeKeys, Timeout = Milliseconds(timeout) },
        }, cancellationToken);

    /// <summary><c>GET /keys/changes</c>: users whose device lists changed between two sync tokens.</summary>
    public Task<KeyChanges> GetKeyChangesAsync(string from, string to, CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeyChanges>(new(HttpMethod.Get, MatrixPath.V3($"/keys/changes"))
        {
            Query = new Query().Add("from", from).Add("to", to),
        }, cancellationToken);

    /// <summary>
    /// <c>POST /keys/device_signing/upload</c>: publishes cross-signing keys. The first upload needs no
    /// authentication on most servers; replacing keys needs the password.
    /// </summary>
    public Task UploadCrossSigningKeysAsync(CrossSigningKeysUpload keys, string? password = null, CancellationToken cancellationToken = default) =>
        SendWithInteractiveAuthAsync<EmptyResponse>(HttpMethod.Post, MatrixPath.V3($"/keys/device_signing/upload"),
            auth => keys with { Auth = auth ?? keys.Auth }, PasswordCredentials(password), AuthMode.Required, cancellationToken);

    /// <summary><c>POST /keys/signatures/upload</c>: publishes signatures of keys: user ID to key ID to the signed object.</summary>
    public Task<SignaturesUploadResponse> UploadSignaturesAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> signatures,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<SignaturesUploadResponse>(new(HttpMethod.Post, MatrixPath.V3($"/keys/signatures/upload")) { Body = signatures }, cancellationToken);

    /// <summary>
    /// <c>PUT /sendToDevice/{eventType}/{txnId}</c>: sends to-device messages, by user ID and device ID
    /// (<c>*</c> for all of a user's devices). The transaction ID is stable across retries.
    /// </summary>
    public Task SendToDeviceAsync(string eventType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> messages,
        string? transactionId = null, CancellationToken cancellationToken = default)
    {
        var txnId = transactionId ?? NewTransactionId();
        return _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/sendToDevice/{eventType}/{txnId}")) { Body = new ToDeviceRequest(messages) },
            cancellationToken);
    }

    private static long? Milliseconds(TimeSpan? timeout) => timeout is { } t ? (long)t.TotalMilliseconds : null;

    private sealed record ToDeviceRequest(
        [property: JsonPropertyName("messages")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Messages);
}
