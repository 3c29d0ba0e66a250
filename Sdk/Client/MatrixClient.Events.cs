using System.Text.Json.Serialization;
using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Http;
using Tangle.Sdk.Rooms;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary>
    /// <c>PUT /rooms/{roomId}/send/{eventType}/{txnId}</c>: sends a message event; returns its ID.
    /// The transaction ID (generated when not given) is the same on every retry, so the server sends
    /// the event once however often the request is repeated.
    /// </summary>
    public async Task<string> SendEventAsync(string roomId, string eventType, object content, string? transactionId = null,
        CancellationToken cancellationToken = default)
    {
        var txnId = transactionId ?? NewTransactionId();
        var request = new MatrixRequest(HttpMethod.Put, MatrixPath.V3($"/rooms/{roomId}/send/{eventType}/{txnId}")) { Body = content };
        return (await _http.SendAsync<EventIdResponse>(request, cancellationToken).ConfigureAwait(false)).EventId;
    }

    /// <summary>Sends an <c>m.room.message</c>; returns its ID.</summary>
    public Task<string> SendMessageAsync(string roomId, MessageContent content, string? transactionId = null,
        CancellationToken cancellationToken = default) =>
        SendEventAsync(roomId, EventTypes.Message, content, transactionId, cancellationToken);

    /// <summary>Sends a plain-text <c>m.text</c> message; returns its ID.</summary>
    public Task<string> SendTextAsync(string roomId, string body, CancellationToken cancellationToken = default) =>
        SendMessageAsync(roomId, MessageContent.Text(body), null, cancellationToken);

    /// <summary>Sends an <c>m.reaction</c> annotating <paramref name="eventId"/> with <paramref name="key"/>; returns its ID.</summary>
    public Task<string> SendReactionAsync(string roomId, string eventId, string key, CancellationToken cancellationToken = default) =>
        SendEventAsync(roomId, EventTypes.Reaction, ReactionContent.To(eventId, key), null, cancellationToken);

    /// <summary><c>PUT /rooms/{roomId}/redact/{eventId}/{txnId}</c>: redacts an event; returns the redaction's ID.</summary>
    public async Task<string> RedactAsync(string roomId, string eventId, string? reason = null, string? transactionId = null,
        CancellationToken cancellationToken = default)
    {
        var txnId = transactionId ?? NewTransactionId();
        var request = new MatrixRequest(HttpMethod.Put, MatrixPath.V3($"/rooms/{roomId}/redact/{eventId}/{txnId}")) { Body = new RedactRequest(reason) };
        return (await _http.SendAsync<EventIdResponse>(request, cancellationToken).ConfigureAwait(false)).EventId;
    }

    /// <summary><c>GET /rooms/{roomId}/event/{eventId}</c>: one event.</summary>
    public Task<RoomEvent> GetEventAsync(string roomId, string eventId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<RoomEvent>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/event/{eventId}")), cancellationToken);

    /// <summary><c>GET /rooms/{roomId}/context/{eventId}</c>: an event with events before and after it.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="eventId">The event.</param>
    /// <param name="limit">The maximum number of context events to return (split before and after).</param>
    /// <param name="filter">A filter for the context events.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<EventContext> GetEventContextAsync(string roomId, string eventId, int? limit = null, RoomEventFilter? filter = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<EventContext>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/context/{eventId}"))
        {
            Query = new Query().Add("limit", limit).Add("filter", filter?.ToJson()),
        }, cancellationToken);

    /// <summary><c>GET /rooms/{roomId}/messages</c>: a page of the room's timeline.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="dir">The direction: backwards from <paramref name="from"/> (newest first) or forwards.</param>
    /// <param name="from">Where to start: a <c>prev_batch</c>/<c>next_batch</c>/<c>end</c> token; the timeline's end (or start) when omitted.</param>
    /// <param name="to">Where to stop.</param>
    /// <param name="limit">The maximum number of events.</param>
    /// <param name="filter">A filter on the events.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<MessagesResponse> GetMessagesAsync(string roomId, Direction dir = Direction.Backward, string? from = null, string? to = null,
        int? limit = null, RoomEventFilter? filter = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<MessagesResponse>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/messages"))
        {
            Query = new Query().Add("dir", dir.ToQuery()).Add("from", from).Add("to", to).Add("limit", limit).Add("filter", filter?.ToJson()),
        }, cancellationToken);

    /// <summary><c>GET /_matrix/client/v1/rooms/{roomId}/timestamp_to_event</c>: the event closest to a time.</summary>
    public Task<TimestampToEventResponse> GetEventByTimestampAsync(string roomId, DateTimeOffset timestamp, Direction dir = Direction.Forward,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<TimestampToEventResponse>(new(HttpMethod.Get, MatrixPath.V1($"/rooms/{roomId}/timestamp_to_event"))
        {
            Query = new Query().Add("ts", timestamp.ToUnixTimeMilliseconds()).Add("dir", dir.ToQuery()),
        }, cancellationToken);

    /// <summary>
    /// <c>GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]</c>: the events
    /// relating to an event.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="eventId">The parent event.</param>
    /// <param name="relType">Only relations of this type.</param>
    /// <param name="eventType">Only child events of this type; needs <paramref name="relType"/>.</param>
    /// <param name="from">A pagination token.</param>
    /// <param name="to">Where to stop.</param>
    /// <param name="limit">The maximum number of events.</param>
    /// <param name="dir">The direction; the server's default is backwards.</param>
    /// <param name="recurse">Whether to include events that relate to the children, recursively.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<RelationsResponse> GetRelationsAsync(string roomId, string eventId, string? relType = null, string? eventType = null,
        string? from = null, string? to = null, int? limit = null, Direction? dir = null, bool? recurse = null,
        CancellationToken cancellationToken = default)
    {
        if (eventType is not null && relType is null)
            throw new ArgumentException("Filtering relations by event type needs a relation type.", nameof(eventType));
        var path = (relType, eventType) switch
        {
            (null, _) => MatrixPath.V1($"/rooms/{roomId}/relations/{eventId}"),
            (_, null) => MatrixPath.V1($"/rooms/{roomId}/relations/{eventId}/{relType}"),
            _ => MatrixPath.V1($"/rooms/{roomId}/relations/{eventId}/{relType}/{eventType}"),
        };
        return _http.SendAsync<RelationsResponse>(new(HttpMethod.Get, path)
        {
            Query = new Query().Add("from", from).Add("to", to).Add("limit", limit).Add("dir", dir?.ToQuery()).Add("recurse", recurse),
        }, cancellationToken);
    }

    /// <summary><c>GET /_matrix/client/v1/rooms/{roomId}/threads</c>: the room's thread roots.</summary>
    public Task<ThreadsResponse> GetThreadsAsync(string roomId, ThreadsInclude? include = null, string? from = null, int? limit = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<ThreadsResponse>(new(HttpMethod.Get, MatrixPath.V1($"/rooms/{roomId}/threads"))
        {
            Query = new Query()
                .Add("include", include switch { ThreadsInclude.All => "all", ThreadsInclude.Participated => "participated", _ => null })
                .Add("from", from).Add("limit", limit),
        }, cancellationToken);

    private sealed record RedactRequest([property: JsonPropertyName("reason")] string? Reason);
}
