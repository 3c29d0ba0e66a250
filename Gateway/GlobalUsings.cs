// Microsoft.Extensions.Logging also has an EventId; in Tangle an event id is always Matrix's.
global using EventId = Tangle.Protocol.Identifiers.EventId;
