using System.Buffers;
using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>Builds JSON elements with a writer.</summary>
internal static class JsonWriting
{
    public static JsonElement ToElement(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
