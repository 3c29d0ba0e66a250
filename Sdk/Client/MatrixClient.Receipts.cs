using System.Text.Json.Serialization;
using Tangle.Sdk.Events;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>PUT /rooms/{roomId}/typing/{userId}</c>: starts or stops the typing notification.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="typing">Whether the user is typing.</param>
    /// <param name="timeout">How long the notification lasts, when typing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task SetTypingAsync(string roomId, bool typing, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/rooms/{roomId}/typing/{UserId}"))
        {
            Body = new TypingRequest(typing, typing ? (long?)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds : null),
        }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/receipt/{receiptType}/{eventId}</c>: sends a receipt.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="eventId">The event read up to.</param>
    /// <param name="receiptType"><c>m.read</c>, <c>m.read.private</c> or <c>m.fully_read</c>.</param>
    /// <param name="threadId">A thread root, or <c>main</c>, for a threaded receipt; unthreaded when omitted.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task SendReceiptAsync(string roomId, string eventId, string receiptType = ReceiptTypes.Read, string? threadId = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/receipt/{receiptType}/{eventId}"))
        {
            Body = new ReceiptRequest(threadId),
            Idempotent = true,
        }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/read_markers</c>: moves the fully-read marker and read receipts together.</summary>
    public Task SetReadMarkersAsync(string roomId, string? fullyRead = null, string? read = null, string? readPrivate = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/read_markers"))
        {
            Body = new ReadMarkersRequest(fullyRead, read, readPrivate),
            Idempotent = true,
        }, cancellationToken);

    private sealed record TypingRequest(
        [property: JsonPropertyName("typing")] bool Typing,
        [property: JsonPropertyName("timeout")] long? Timeout);

    private sealed record ReceiptRequest([property: JsonPropertyName("thread_id")] string? ThreadId);

    private sealed record ReadMarkersRequest(
        [property: JsonPropertyName("m.fully_read")] string? FullyRead,
        [property: JsonPropertyName("m.read")] string? Read,
        [property: JsonPropertyName("m.read.private")] string? ReadPrivate);
}
