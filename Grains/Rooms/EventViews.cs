using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Turns stored events into what a client sees: redacted where a redaction applies, with the
/// replaced state's content, and the transaction id only for the device that sent it.
/// </summary>
internal sealed class EventViews(IRoomStore store, ServerName server)
{
    public async Task<List<RoomEventView>> ViewAsync(IReadOnlyCollection<StoredEvent> events, Requester requester)
    {
        var related = new HashSet<EventId>();
        var previousIds = new Dictionary<EventId, EventId>();
        foreach (var stored in events)
        {
            if (stored.RedactedBy is { } redaction)
                related.Add(redaction);
            if (stored.Pdu.StateMapKey is { } key && stored.StateGroupBefore is { } group
                && (await store.GetStateGroupAsync(group)).TryGetValue(key, out var previous))
            {
                previousIds[stored.Pdu.EventId] = previous;
                related.Add(previous);
            }
        }

        var fetched = (await store.GetEventsAsync(server, related)).ToDictionary(e => e.Pdu.EventId);
        var views = new List<RoomEventView>(events.Count);
        foreach (var stored in events)
        {
            var redactedBecause = stored.RedactedBy is { } by && fetched.TryGetValue(by, out var redaction) ? redaction.Pdu : null;
            StoredEvent? previous = previousIds.TryGetValue(stored.Pdu.EventId, out var prevId) ? fetched.GetValueOrDefault(prevId) : null;
            var previousPdu = previous is null ? null : previous.RedactedBy is null ? previous.Pdu : previous.Pdu.Redacted();
            views.Add(new RoomEventView
            {
                Event = redactedBecause is null ? stored.Pdu : stored.Pdu.Redacted(),
                StreamPosition = stored.StreamPosition,
                Transaction = stored.Transaction is { } txn && stored.Pdu.Sender == requester.User && txn.DeviceId == requester.DeviceId ? txn : null,
                PrevContent = previousPdu?.Content,
                PrevSender = previousPdu?.Sender.Value,
                ReplacesState = previousPdu?.EventId,
                RedactedBecause = redactedBecause,
            });
        }

        return views;
    }

    public async Task<RoomEventView> ViewAsync(StoredEvent stored, Requester requester) => (await ViewAsync([stored], requester))[0];
}
