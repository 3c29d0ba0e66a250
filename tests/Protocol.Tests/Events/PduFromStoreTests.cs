using System.Text;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Events;

/// <summary>Reading back an event from this server's own store: its canonical bytes and stored id.</summary>
public sealed class PduFromStoreTests
{
    private const string Received = """
        {"auth_events":["$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],"content":{"body":"hello","msgtype":"m.text"},"depth":7,
        "hashes":{"sha256":"aGFzaA"},"origin_server_ts":1234,"prev_events":["$ppppppppppppppppppppppppppppppppppppppppppp"],
        "room_id":"!r:example.org","sender":"@alice:example.org","signatures":{"example.org":{"ed25519:1":"c2ln"}},
        "type":"m.room.message","unsigned":{"age":5}}
        """;

    private static RoomVersion V11 => RoomVersions.Get("11").Value;

    [Fact]
    public void AStoredEventReadsBackAsTheSameEvent()
    {
        var original = Pdu.Parse(Encoding.UTF8.GetBytes(Received), V11).Value;

        var stored = Pdu.FromStore(original.ToCanonicalBytes(), V11, original.EventId).Value;

        Assert.Equal(original.EventId, stored.EventId);
        Assert.Equal(original.ToCanonicalBytes(), stored.ToCanonicalBytes());
        Assert.Equal((original.Type, original.Sender, original.RoomId, original.Depth), (stored.Type, stored.Sender, stored.RoomId, stored.Depth));
        Assert.Equal(original.PrevEvents, stored.PrevEvents);
        Assert.Equal("hello", stored.Content.GetProperty("body").GetString());
    }

    [Fact]
    public void TheStoredIdIsTakenAsStoredRatherThanRecomputed()
    {
        var original = Pdu.Parse(Encoding.UTF8.GetBytes(Received), V11).Value;
        var other = EventId.From("$zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");

        var stored = Pdu.FromStore(original.ToCanonicalBytes(), V11, other).Value;

        Assert.Equal(other, stored.EventId);
    }

    [Fact]
    public void BytesThatAreNotAnEventObjectAreRefused()
    {
        var id = EventId.From("$zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");

        Assert.False(Pdu.FromStore("[1,2]"u8, V11, id).IsOk);
        Assert.False(Pdu.FromStore("{\"type\":"u8, V11, id).IsOk);
        Assert.False(Pdu.FromStore("""{"type":"m.room.message"}"""u8, V11, id).IsOk);
    }
}
