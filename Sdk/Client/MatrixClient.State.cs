using System.Text.Json;
using Tangle.Sdk.Events;
using Tangle.Sdk.Http;
using Tangle.Sdk.Rooms;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>GET /rooms/{roomId}/state</c>: the room's current state events.</summary>
    public Task<IReadOnlyList<RoomEvent>> GetStateAsync(string roomId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<IReadOnlyList<RoomEvent>>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/state")), cancellationToken);

    /// <summary><c>GET /rooms/{roomId}/state/{eventType}/{stateKey}</c>: one state event's content, raw.</summary>
    public Task<JsonElement> GetStateEventAsync(string roomId, string eventType, string stateKey = "", CancellationToken cancellationToken = default) =>
        _http.SendAsync<JsonElement>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/state/{eventType}/{stateKey}")), cancellationToken);

    /// <summary><c>GET /rooms/{roomId}/state/{eventType}/{stateKey}</c>: one state event's content, typed.</summary>
    public Task<T> GetStateEventAsync<T>(string roomId, string eventType, string stateKey = "", CancellationToken cancellationToken = default) =>
        _http.SendAsync<T>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/state/{eventType}/{stateKey}")), cancellationToken);

    /// <summary><c>PUT /rooms/{roomId}/state/{eventType}/{stateKey}</c>: sends a state event; returns its ID.</summary>
    public async Task<string> SendStateAsync(string roomId, string eventType, string stateKey, object content,
        CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<EventIdResponse>(new(HttpMethod.Put, MatrixPath.V3($"/rooms/{roomId}/state/{eventType}/{stateKey}")) { Body = content }, cancellationToken)
            .ConfigureAwait(false)).EventId;

    /// <summary>Sets the room's name (<c>m.room.name</c>); returns the event ID.</summary>
    public Task<string> SetRoomNameAsync(string roomId, string name, CancellationToken cancellationToken = default) =>
        SendStateAsync(roomId, EventTypes.Name, "", new RoomNameContent { Name = name }, cancellationToken);

    /// <summary>Sets the room's topic (<c>m.room.topic</c>); returns the event ID.</summary>
    public Task<string> SetRoomTopicAsync(string roomId, string topic, CancellationToken cancellationToken = default) =>
        SendStateAsync(roomId, EventTypes.Topic, "", new RoomTopicContent { Topic = topic }, cancellationToken);

    /// <summary>The room's power levels (<c>m.room.power_levels</c>).</summary>
    public Task<PowerLevelsContent> GetPowerLevelsAsync(string roomId, CancellationToken cancellationToken = default) =>
        GetStateEventAsync<PowerLevelsContent>(roomId, EventTypes.PowerLevels, "", cancellationToken);
}
